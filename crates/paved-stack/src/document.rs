//! TOML documents read with the location of every key and value, for stack files and for the
//! other files Paved reads beside them (organisation policies), so every error can say
//! `file:line:column`.

use crate::diagnostic::{Diagnostic, Location, SourceMap};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// A parsed TOML document: its value as JSON and where each value was written.
#[derive(Debug, Clone)]
pub struct Document {
    pub(crate) map: SourceMap,
    value: Value,
}

impl Document {
    /// Parses `text` (read from `path`, which locations name). TOML dates are refused except
    /// under the top-level keys in `date_keys`, where a date reads as its `YYYY-MM-DD` text.
    pub fn parse(text: &str, path: &Path, date_keys: &[&str]) -> Result<Self, Diagnostic> {
        let mut map = SourceMap::new(path.to_owned(), text.to_owned());
        let fail = |map: &SourceMap, offset: Option<usize>, message: String, help: Option<String>| Diagnostic {
            location: Some(map.location(offset.unwrap_or(0))),
            message,
            help,
        };
        let table = toml::de::DeTable::parse(text).map_err(|error| {
            let message = error.message().trim_end();
            let help = message.contains("duplicate key").then(|| {
                "a table or key may appear once; if this is an instance, give it a name of its own".to_owned()
            });
            fail(&map, error.span().map(|span| span.start), format!("not valid TOML: {message}"), help)
        })?;
        collect_spans(table.get_ref(), &mut Vec::new(), &mut map.spans);
        // The table parsed once is both the spans and the value (`toml::from_str` would parse the
        // text again).
        let parsed = toml::Value::deserialize(toml::de::Deserializer::from(table)).map_err(|error| {
            let offset = error.span().map(|span| span.start);
            let (message, help) = match out_of_range_integer(error.message()) {
                Some(number) => {
                    let at = offset.and_then(|offset| map.path_at(offset)).map(|path| format!("`{}` = ", path.replace('/', "."))).unwrap_or_default();
                    (
                        format!("{at}`{number}` is out of range: stack files hold whole numbers from {} to {}", i64::MIN, i64::MAX),
                        Some("write a number within the input's range (`paved blueprint show <blueprint>` lists each input's rules)".to_owned()),
                    )
                }
                None => (format!("not valid TOML: {}", error.message().trim_end()), None),
            };
            fail(&map, offset, message, help)
        })?;
        let value = to_json(&parsed, &mut Vec::new(), date_keys).map_err(|(segments, message)| Diagnostic {
            location: Some(map.locate_or_start(&segments)),
            message,
            help: None,
        })?;
        Ok(Self { map, value })
    }

    /// The document as JSON.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Where the value at `path` (keys and array indexes) was written, or its nearest ancestor.
    pub fn locate(&self, path: &[&str]) -> Option<Location> {
        let path: Vec<String> = path.iter().map(|segment| (*segment).to_owned()).collect();
        self.map.locate(&path)
    }

    /// Takes the document's value out, leaving `null` (so a large document is deserialised
    /// without a copy of it).
    pub fn take_value(&mut self) -> Value {
        std::mem::take(&mut self.value)
    }

    /// Deserialises `value`, found at `prefix` in this document, reporting a failure at the
    /// location of the offending value with its path.
    pub fn deserialize<T: DeserializeOwned>(&self, value: Value, prefix: &[String]) -> Result<T, Diagnostic> {
        serde_path_to_error::deserialize(value).map_err(|error| {
            let mut segments: Vec<String> = prefix.to_vec();
            segments.extend(error.path().iter().filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                serde_path_to_error::Segment::Unknown => None,
            }));
            let shown = error.path().to_string();
            let message = match (shown.as_str(), prefix.is_empty()) {
                (".", true) => error.inner().to_string(),
                (".", false) => format!("`{}`: {}", prefix.join("."), error.inner()),
                (_, true) => format!("`{shown}`: {}", error.inner()),
                (_, false) => format!("`{}.{shown}`: {}", prefix.join("."), error.inner()),
            };
            let help = deserialize_help(&error.inner().to_string(), &segments);
            Diagnostic { location: Some(self.map.locate_or_start(&segments)), message, help }
        })
    }
}

/// The digits of an integer TOML cannot hold (outside `i64`), from the parser's message
/// (`invalid type: integer `…` as i128, …`), which names a library type rather than the limit.
fn out_of_range_integer(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("invalid type: integer `")?;
    let (number, tail) = rest.split_once('`')?;
    tail.trim_start().starts_with("as i128").then_some(number)
}

/// How to fix a value that does not have the shape its table needs.
fn deserialize_help(message: &str, segments: &[String]) -> Option<String> {
    let missing = message.strip_prefix("missing field `")?.split('`').next()?;
    let table = segments.join(".");
    Some(match (missing, table.as_str()) {
        ("stack", "") => "a stack file starts with a `[stack]` table setting `name`, `owner`, `system` and `lifecycle`; see docs/stacks.md".to_owned(),
        (field, "") => format!("add `{field} = …` at the top of the file"),
        (field, table) => format!("add `{field} = …` to `[{table}]`"),
    })
}

fn collect_spans(
    table: &toml::de::DeTable<'_>,
    path: &mut Vec<String>,
    spans: &mut HashMap<String, std::ops::Range<usize>>,
) {
    for (key, value) in table {
        path.push(key.get_ref().to_string());
        let span = value.span();
        // Point at the key for tables (their span can start at a header elsewhere), at the value otherwise.
        let key_span = key.span();
        let start = if matches!(value.get_ref(), toml::de::DeValue::Table(_)) { key_span.start } else { span.start };
        spans.insert(path.join("/"), start..span.end.max(start));
        collect_value_spans(value.get_ref(), path, spans);
        path.pop();
    }
}

fn collect_value_spans(
    value: &toml::de::DeValue<'_>,
    path: &mut Vec<String>,
    spans: &mut HashMap<String, std::ops::Range<usize>>,
) {
    match value {
        toml::de::DeValue::Table(table) => collect_spans(table, path, spans),
        toml::de::DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                spans.insert(path.join("/"), item.span());
                collect_value_spans(item.get_ref(), path, spans);
                path.pop();
            }
        }
        _ => {}
    }
}

fn to_json(value: &toml::Value, path: &mut Vec<String>, date_keys: &[&str]) -> Result<Value, (Vec<String>, String)> {
    Ok(match value {
        toml::Value::String(text) => Value::String(text.clone()),
        toml::Value::Integer(number) => Value::from(*number),
        toml::Value::Float(number) => serde_json::Number::from_f64(*number).map(Value::Number).ok_or_else(|| {
            (path.clone(), format!("`{}` = `{number}` is not a finite number; write a finite number", path.join(".")))
        })?,
        toml::Value::Boolean(flag) => Value::Bool(*flag),
        toml::Value::Datetime(datetime)
            if datetime.time.is_none()
                && datetime.offset.is_none()
                && path.first().is_some_and(|key| date_keys.contains(&key.as_str())) =>
        {
            Value::String(datetime.to_string())
        }
        toml::Value::Datetime(datetime) => {
            return Err((
                path.clone(),
                format!("`{datetime}` is a TOML date-time; inputs take strings, numbers, booleans, arrays and tables"),
            ));
        }
        toml::Value::Array(items) => {
            let mut converted = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                converted.push(to_json(item, path, date_keys)?);
                path.pop();
            }
            Value::Array(converted)
        }
        toml::Value::Table(table) => {
            let mut converted = Map::new();
            for (key, item) in table {
                path.push(key.clone());
                converted.insert(key.clone(), to_json(item, path, date_keys)?);
                path.pop();
            }
            Value::Object(converted)
        }
    })
}
