//! `{ file = "<path>" }` in a stack file: a string input whose text lives in a file beside the
//! stack (a Step Functions definition, a policy document), read when the stack file is parsed.

use crate::diagnostic::{Diagnostic, SourceMap};
use serde_json::Value;
use std::path::{Component, Path, PathBuf};

/// The key of the one-entry table that stands for a file's text.
pub const FILE_KEY: &str = "file";

/// The most bytes a file value may hold: 1 MiB, the size Step Functions accepts for a definition
/// and far more than any other string input takes.
pub const MAX_FILE_VALUE_BYTES: u64 = 1024 * 1024;

/// The path a value names when it is a file value (`{ file = "…" }`, one entry); `Err` when the
/// table has the one key `file` but its value is not a string.
fn file_value(value: &Value) -> Option<Result<&str, &Value>> {
    match value.as_object() {
        Some(entries) if entries.len() == 1 => entries.get(FILE_KEY).map(|path| path.as_str().ok_or(path)),
        _ => None,
    }
}

/// Replaces every file value under `value` (found at `segments` of the stack file) by the text of
/// the file it names, relative to the folder of the stack file; each problem is reported where the
/// value is written.
pub(crate) fn read_file_values(value: &mut Value, segments: &mut Vec<String>, map: &SourceMap) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    replace(value, segments, map, &mut diagnostics);
    diagnostics
}

fn replace(value: &mut Value, segments: &mut Vec<String>, map: &SourceMap, diagnostics: &mut Vec<Diagnostic>) {
    match file_value(value) {
        Some(Ok(path)) => match read(path, map) {
            Ok(text) => *value = Value::String(text),
            Err((message, help)) => diagnostics.push(at(map, segments, message, help)),
        },
        Some(Err(other)) => diagnostics.push(at(
            map,
            segments,
            format!("`{{ file = … }}` takes a path, not `{other}`"),
            Some("write the path of a UTF-8 text file relative to the stack file, such as `{ file = \"workflows/fulfil.asl.json\" }`".to_owned()),
        )),
        None => match value {
            Value::Object(entries) => {
                for (key, item) in entries.iter_mut() {
                    segments.push(key.clone());
                    replace(item, segments, map, diagnostics);
                    segments.pop();
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    segments.push(index.to_string());
                    replace(item, segments, map, diagnostics);
                    segments.pop();
                }
            }
            _ => {}
        },
    }
}

fn at(map: &SourceMap, segments: &[String], message: String, help: Option<String>) -> Diagnostic {
    let mut file_segments = segments.to_vec();
    file_segments.push(FILE_KEY.to_owned());
    Diagnostic { location: Some(map.locate_or_start(&file_segments)), message, help }
}

/// The text of the file `written` names, relative to the stack file's folder, or what is wrong
/// and how to fix it.
fn read(written: &str, map: &SourceMap) -> Result<String, (String, Option<String>)> {
    let relative = Path::new(written);
    let inside = !written.is_empty()
        && relative.components().all(|component| matches!(component, Component::Normal(_) | Component::CurDir));
    if !inside {
        return Err((
            format!("`{{ file = \"{written}\" }}` must name a file inside the stack's folder"),
            Some("write a relative path without `..`, such as `workflows/fulfil.asl.json`, and keep the file beside the stack file".to_owned()),
        ));
    }
    let folder = map.file.parent().map_or_else(PathBuf::new, Path::to_path_buf);
    let path = folder.join(relative);
    let cannot = |problem: String| {
        (
            format!("cannot read `{written}` (`{}`): {problem}", path.display()),
            Some("the path is relative to the folder of the stack file; check it names a UTF-8 text file".to_owned()),
        )
    };
    let size = std::fs::metadata(&path).map_err(|error| cannot(error.to_string()))?.len();
    if size > MAX_FILE_VALUE_BYTES {
        return Err((
            format!("`{written}` holds {size} bytes; a file value holds at most {MAX_FILE_VALUE_BYTES} (1 MiB)"),
            Some("split the document, or keep large data out of module inputs".to_owned()),
        ));
    }
    std::fs::read_to_string(&path).map_err(|error| cannot(error.to_string()))
}

/// The stack file schema's statement of a file value, for every string input.
pub(crate) fn file_value_schema() -> Value {
    serde_json::json!({
        "type": "object",
        "description": "The text of a UTF-8 file, read at compose time; the path is relative to the stack file's folder and may not leave it (at most 1 MiB).",
        "properties": { FILE_KEY: { "type": "string", "minLength": 1 } },
        "required": [FILE_KEY],
        "additionalProperties": false,
    })
}

/// `schema` (a blueprint's inputs schema) with every string position also accepting a file value
/// (`#/$defs/FileValue`).
pub(crate) fn accept_file_values(schema: &mut Value) {
    match schema {
        Value::Object(entries) => {
            for (key, item) in entries.iter_mut() {
                // Property names, values and extensions are not string positions.
                if !matches!(key.as_str(), "propertyNames" | "default" | "examples" | "const" | "enum")
                    && !key.starts_with("x-")
                {
                    accept_file_values(item);
                }
            }
            if entries.get("type").and_then(Value::as_str) == Some("string") {
                let string = std::mem::take(entries);
                entries.insert(
                    "anyOf".into(),
                    serde_json::json!([Value::Object(string), { "$ref": "#/$defs/FileValue" }]),
                );
            }
        }
        Value::Array(items) => items.iter_mut().for_each(accept_file_values),
        _ => {}
    }
}
