//! Where a value sits in a blueprint's inputs: [`InputPath`], a typed path of object attributes,
//! map keys and list indices.

use std::fmt;

/// One step of an [`InputPath`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathSegment {
    /// An attribute of an object (or a top-level input), such as `function`.
    Field(String),
    /// The value at a key of a map, such as `["orders"]`.
    Key(String),
    /// The item at a position of a list, such as `[0]`.
    Index(usize),
}

impl PathSegment {
    /// The segment as source maps and JSON pointers use it: the attribute name, the key, or the
    /// index in decimal.
    pub fn plain(&self) -> String {
        match self {
            PathSegment::Field(name) | PathSegment::Key(name) => name.clone(),
            PathSegment::Index(index) => index.to_string(),
        }
    }
}

/// The path of a value inside a blueprint's inputs, as the typed interface sees it.
///
/// It displays as a reader writes it, attributes joined by `.`, map keys and list indices in
/// brackets, and gives the plain segments source maps locate values by:
///
/// ```
/// use paved_blueprint::InputPath;
/// let path = InputPath::root().field("targets").key("orders").field("function").field("memory_size");
/// assert_eq!(path.to_string(), r#"targets["orders"].function.memory_size"#);
/// assert_eq!(path.plain_segments(), ["targets", "orders", "function", "memory_size"]);
/// assert_eq!(InputPath::root().field("routes").index(0).field("timeout").to_string(), "routes[0].timeout");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InputPath {
    segments: Vec<PathSegment>,
}

impl InputPath {
    /// The path of the inputs object itself.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path followed by attribute `name`.
    pub fn field(&self, name: &str) -> Self {
        self.with(PathSegment::Field(name.to_owned()))
    }

    /// This path followed by map key `key`.
    pub fn key(&self, key: &str) -> Self {
        self.with(PathSegment::Key(key.to_owned()))
    }

    /// This path followed by list index `index`.
    pub fn index(&self, index: usize) -> Self {
        self.with(PathSegment::Index(index))
    }

    /// This path followed by `segment`.
    pub fn with(&self, segment: PathSegment) -> Self {
        let mut segments = Vec::with_capacity(self.segments.len() + 1);
        segments.extend_from_slice(&self.segments);
        segments.push(segment);
        Self { segments }
    }

    /// Appends `segment` in place.
    pub fn push(&mut self, segment: PathSegment) {
        self.segments.push(segment);
    }

    /// Removes the last segment, returning it.
    pub fn pop(&mut self) -> Option<PathSegment> {
        self.segments.pop()
    }

    /// The segments, first to last.
    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// The last segment, `None` for the root.
    pub fn last(&self) -> Option<&PathSegment> {
        self.segments.last()
    }

    /// Whether this is the root (no segment).
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// Whether `prefix` is this path or one of its ancestors.
    pub fn starts_with(&self, prefix: &InputPath) -> bool {
        self.segments.starts_with(&prefix.segments)
    }

    /// The segments as keys and decimal indices, for locating the value in a source file.
    pub fn plain_segments(&self) -> Vec<String> {
        self.segments.iter().map(PathSegment::plain).collect()
    }
}

impl fmt::Display for InputPath {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.segments.iter().enumerate() {
            match segment {
                PathSegment::Field(name) if position == 0 => formatter.write_str(name)?,
                PathSegment::Field(name) => write!(formatter, ".{name}")?,
                PathSegment::Key(key) => write!(formatter, "[{key:?}]")?,
                PathSegment::Index(index) => write!(formatter, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl FromIterator<PathSegment> for InputPath {
    fn from_iter<T: IntoIterator<Item = PathSegment>>(iter: T) -> Self {
        Self { segments: iter.into_iter().collect() }
    }
}
