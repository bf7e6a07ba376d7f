//! `{ file = "…" }` in stack files: a string input's text read from a file beside the stack,
//! and every way it can be refused, with its location.

use paved_catalog::Catalog;
use std::path::Path;

const STACK: &str = r#"[stack]
name = "orders"
owner = "team-orders"
system = "commerce"
lifecycle = "production"

[environments.development]
region = "eu-west-1"
tags = { Environment = "development", Department = "retail", Service = "orders" }

[environments.production]
region = "eu-west-1"
tags = { Environment = "production", Department = "retail", Service = "orders" }

[instances.queue]
blueprint = "sqs-redrive"
inputs = { queue_name = { file = "names/queue.txt" } }

[instances.queue.environments.production.inputs]
queue_name = { file = "./names/production-queue.txt" }
"#;

/// A folder holding `stack.toml` (with `from` replaced by `to`) and the files it names.
fn folder(from: &str, to: &str) -> tempfile::TempDir {
    assert!(STACK.contains(from), "the stack has no `{from}`");
    let folder = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(folder.path().join("names")).expect("names/");
    std::fs::write(folder.path().join("names/queue.txt"), "orders").expect("queue.txt");
    std::fs::write(folder.path().join("names/production-queue.txt"), "orders-production").expect("production");
    std::fs::write(folder.path().join("stack.toml"), STACK.replacen(from, to, 1)).expect("stack.toml");
    folder
}

/// The error of reading the stack in `folder`, with the folder's path masked.
fn refusal(folder: &tempfile::TempDir) -> String {
    let error = paved_stack::read_stack_file(&folder.path().join("stack.toml")).expect_err("the stack is refused");
    error.to_string().replace(&folder.path().display().to_string(), "[folder]")
}

#[test]
fn a_file_value_is_the_text_of_the_file_in_every_environment() {
    let folder = folder("", "");
    let stack = paved_stack::read_stack_file(&folder.path().join("stack.toml")).expect("the stack reads");
    let catalog = Catalog::builtin();
    let composition = stack.compose(catalog).expect("the stack composes");
    let queue = &composition.instances()[0];
    assert_eq!(queue.inputs("development").expect("development")["queue_name"], "orders");
    assert_eq!(queue.inputs("production").expect("production")["queue_name"], "orders-production");
}

#[test]
fn a_missing_file_is_refused_where_it_is_named() {
    let folder = folder("names/queue.txt", "names/queue.text");
    insta::assert_snapshot!(refusal(&folder), @r"
    [folder]/stack.toml:17:34: cannot read `names/queue.text` (`[folder]/names/queue.text`): No such file or directory (os error 2)
      help: the path is relative to the folder of the stack file; check it names a UTF-8 text file
    ");
}

#[test]
fn a_path_leaving_the_stack_folder_is_refused() {
    let folder = folder("./names/production-queue.txt", "../names/production-queue.txt");
    insta::assert_snapshot!(refusal(&folder), @r#"
    [folder]/stack.toml:20:23: `{ file = "../names/production-queue.txt" }` must name a file inside the stack's folder
      help: write a relative path without `..`, such as `workflows/fulfil.asl.json`, and keep the file beside the stack file
    "#);
    let absolute = self::folder("names/queue.txt", "/etc/hostname");
    assert!(refusal(&absolute).contains("`{ file = \"/etc/hostname\" }` must name a file inside the stack's folder"));
}

#[test]
fn a_file_value_that_is_not_a_path_is_refused() {
    let folder = folder(r#"{ file = "names/queue.txt" }"#, "{ file = 42 }");
    insta::assert_snapshot!(refusal(&folder), @r#"
    [folder]/stack.toml:17:34: `{ file = … }` takes a path, not `42`
      help: write the path of a UTF-8 text file relative to the stack file, such as `{ file = "workflows/fulfil.asl.json" }`
    "#);
}

#[test]
fn a_file_that_is_not_text_or_too_large_is_refused() {
    let folder = folder("", "");
    std::fs::write(folder.path().join("names/queue.txt"), [0xff, 0xfe, 0x00]).expect("binary");
    assert!(refusal(&folder).contains("cannot read `names/queue.txt`"), "{}", refusal(&folder));
    assert!(refusal(&folder).contains("stream did not contain valid UTF-8"), "{}", refusal(&folder));
    let large = "a".repeat(usize::try_from(paved_stack::MAX_FILE_VALUE_BYTES).expect("fits") + 1);
    std::fs::write(folder.path().join("names/queue.txt"), large).expect("large");
    insta::assert_snapshot!(refusal(&folder), @r"
    [folder]/stack.toml:17:34: `names/queue.txt` holds 1048577 bytes; a file value holds at most 1048576 (1 MiB)
      help: split the document, or keep large data out of module inputs
    ");
}

#[test]
fn a_table_with_more_than_the_file_key_is_an_ordinary_value() {
    // Only a table whose one key is `file` is a file value; this one is an object the input refuses.
    let folder = folder(r#"{ file = "names/queue.txt" }"#, r#"{ file = "names/queue.txt", also = 1 }"#);
    let stack = paved_stack::read_stack_file(&folder.path().join("stack.toml")).expect("the stack reads");
    let error = stack.compose(Catalog::builtin()).expect_err("an object is not a queue name").to_string();
    assert!(
        error.contains("input `queue_name` = `{\"also\":1,\"file\":\"names/queue.txt\"}` must be a string"),
        "{error}"
    );
}

#[test]
fn a_stack_parsed_from_text_reads_files_relative_to_its_path() {
    let folder = folder("", "");
    let text = std::fs::read_to_string(folder.path().join("stack.toml")).expect("stack.toml");
    let stack = paved_stack::parse_stack_file(&text, &folder.path().join("stack.toml")).expect("the stack reads");
    assert!(stack.compose(Catalog::builtin()).is_ok());
    let elsewhere = paved_stack::parse_stack_file(&text, Path::new("elsewhere/stack.toml")).expect_err("no file there");
    assert!(
        elsewhere.to_string().starts_with("elsewhere/stack.toml:17:34: cannot read `names/queue.txt`"),
        "{elsewhere}"
    );
}
