//! Errors that say what, where and how to fix.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// A place in a stack file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Where, when the stack came from a file.
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    /// One line of `file:line:column: what`, then `  help: …`: control characters a quoted value
    /// carries (a newline in a tag value) are written as escapes, so no value can break a line
    /// or forge one.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = one_line(&self.message);
        match &self.location {
            Some(location) => write!(formatter, "{location}: {message}")?,
            None => write!(formatter, "{message}")?,
        }
        if let Some(help) = &self.help {
            write!(formatter, "\n  help: {}", one_line(help))?;
        }
        Ok(())
    }
}

fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match character {
            control if control.is_control() => escaped.extend(control.escape_default()),
            other => escaped.push(other),
        }
    }
    std::borrow::Cow::Owned(escaped)
}

/// The spans of every key and value of a stack file, by path (`instances/api/inputs/name`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct SourceMap {
    pub(crate) file: PathBuf,
    pub(crate) text: String,
    pub(crate) spans: HashMap<String, Range<usize>>,
    /// The byte offset at which each line starts, so a location costs a binary search rather than
    /// a scan of the text before it (a check of a large stack locates thousands of values).
    line_starts: Vec<usize>,
}

impl SourceMap {
    /// The map of `text`, read from `file`, with no spans yet.
    pub(crate) fn new(file: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(offset, _)| offset + 1)).collect();
        Self { file, text, spans: HashMap::new(), line_starts }
    }

    /// The location of the value at `path`, or of its nearest ancestor that has one.
    pub(crate) fn locate(&self, path: &[String]) -> Option<Location> {
        (0..=path.len())
            .rev()
            .find_map(|length| self.spans.get(&path[..length].join("/")))
            .map(|span| self.location(span.start))
    }

    /// Like [`SourceMap::locate`], but the start of the file when neither the value nor any
    /// ancestor was written (a table the file lacks), so an error always has a place.
    pub(crate) fn locate_or_start(&self, path: &[String]) -> Location {
        self.locate(path).unwrap_or_else(|| self.location(0))
    }

    /// The path of the value written at `offset`, when one starts there.
    pub(crate) fn path_at(&self, offset: usize) -> Option<&str> {
        self.spans
            .iter()
            .filter(|(_, span)| span.start == offset)
            .map(|(path, _)| path.as_str())
            .max_by_key(|path| path.len())
    }

    pub(crate) fn location(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|start| *start <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self.text[start..offset].chars().count() + 1;
        Location { file: self.file.clone(), line, column }
    }
}

#[cfg(test)]
mod tests {
    use super::SourceMap;

    #[test]
    fn locations_count_lines_and_characters() {
        let map = SourceMap::new("stack.toml".into(), "a = 1\nbé = 2\n\nc".to_owned());
        let at = |offset| {
            let location = map.location(offset);
            (location.line, location.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(4), (1, 5));
        assert_eq!(at(6), (2, 1));
        // `é` is two bytes and one column.
        assert_eq!(at(9), (2, 3));
        assert_eq!(at(14), (3, 1));
        assert_eq!(at(15), (4, 1));
        assert_eq!(at(99), (4, 2));
    }
}
