//! Errors that say what, where and how to fix.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// A place in a stack file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// One problem with a stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where, when the stack came from a file.
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(formatter, "{location}: {}", self.message)?,
            None => write!(formatter, "{}", self.message)?,
        }
        if let Some(help) = &self.help {
            write!(formatter, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The spans of every key and value of a stack file, by path (`instances/api/inputs/name`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct SourceMap {
    pub(crate) file: PathBuf,
    pub(crate) text: String,
    pub(crate) spans: HashMap<String, Range<usize>>,
}

impl SourceMap {
    /// The location of the value at `path`, or of its nearest ancestor that has one.
    pub(crate) fn locate(&self, path: &[String]) -> Option<Location> {
        (0..=path.len())
            .rev()
            .find_map(|length| self.spans.get(&path[..length].join("/")))
            .map(|span| self.location(span.start))
    }

    pub(crate) fn location(&self, offset: usize) -> Location {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |tail| tail.chars().count()) + 1;
        Location { file: self.file.clone(), line, column }
    }
}
