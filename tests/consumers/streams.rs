//! DynamoDB streams: `tests/data/streams/stack.toml` (a `sync-api-dynamodb` whose table streams
//! its changes into a `dynamodb-stream-processor` through `{ ref = "api.table_stream_arn" }`)
//! composes to the committed golden root, which `terraform fmt -check` accepts; a reference to the
//! stream of an instance that leaves `stream_view_type` null is refused at compose time where the
//! reference is written, naming the input to set; and the processor's rules refuse what AWS would.
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers streams`.

use paved_catalog::Catalog;
use paved_tests::repository_root;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) fn stack_file() -> PathBuf {
    repository_root().join("tests/data/streams/stack.toml")
}

fn stack_text() -> String {
    std::fs::read_to_string(stack_file()).expect("reads the stream stack")
}

fn compose(text: &str) -> Result<paved_module::ModuleFiles, String> {
    let stack = paved_stack::parse_stack_file(text, Path::new("stack.toml")).map_err(|error| error.to_string())?;
    let composition = stack.compose(Catalog::builtin()).map_err(|error| error.to_string())?;
    Ok(composition.emit().expect("emits"))
}

/// The stack with `from` replaced by `to` (present exactly once).
fn changed(from: &str, to: &str) -> String {
    let text = stack_text();
    assert_eq!(text.matches(from).count(), 1, "`{from}` is in the stack once");
    text.replace(from, to)
}

/// `stack.toml:<line>:<column>` of the first `needle` in `text`.
fn location(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` is in the stack"));
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |newline| newline + 1) + 1;
    format!("stack.toml:{line}:{column}")
}

#[test]
fn the_stream_stack_composes_to_the_committed_golden_root_that_terraform_fmt_accepts() {
    let files = compose(&stack_text()).unwrap_or_else(|error| panic!("{error}"));
    let main = files.iter().find(|(path, _)| *path == "main.tf").map(|(_, content)| content).expect("a main.tf");
    let has_line = |words: &[&str]| main.lines().any(|line| line.split_whitespace().eq(words.iter().copied()));
    assert!(has_line(&["stream_arn", "=", "module.api.table_stream_arn"]), "{main}");
    assert!(has_line(&["stream_view_type", "=", "\"NEW_AND_OLD_IMAGES\""]), "{main}");
    let scratch = tempfile::tempdir().expect("temp dir");
    files.write_to(scratch.path(), true).expect("writes");
    let golden = repository_root().join("tests/data/streams/golden");
    let vendors = ["dynamodb-stream-processor", "sync-api-dynamodb"];
    let problems = paved_tests::composed_root_problems(scratch.path(), &golden, &vendors);
    assert!(
        problems.is_empty(),
        "the committed composition is stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers golden streams`",
        problems.join("\n  ")
    );
    let Some(terraform) = paved_testing::require_terraform() else { return };
    if let Some(problem) = paved_testing::terraform_fmt_problem(&terraform, scratch.path(), "the stream stack") {
        panic!("{problem}");
    }
}

#[test]
fn the_stream_of_a_table_without_one_is_refused_where_it_is_wired_naming_the_input_to_set() {
    let text = changed("stream_view_type = \"NEW_AND_OLD_IMAGES\"\n", "");
    let at = location(&text, "stream_arn =");
    assert_eq!(
        compose(&text).err().as_deref(),
        Some(
            format!(
                "{at}: instance `read_model`: input `stream_arn` refers to `api.table_stream_arn`, but \
                 `api.table_stream_arn` has a value only when `api` sets its input `stream_view_type`, which it \
                 leaves null\n  help: set the input `stream_view_type` of instance `api` (one of `NEW_IMAGE`, \
                 `OLD_IMAGE`, `NEW_AND_OLD_IMAGES`, `KEYS_ONLY`), or wire another output"
            )
            .as_str()
        )
    );
}

#[test]
fn a_stream_only_one_environment_has_is_refused_in_the_others() {
    let text = format!(
        "{}\n[instances.api.environments.production.inputs]\nstream_view_type = \"KEYS_ONLY\"\n",
        changed("stream_view_type = \"NEW_AND_OLD_IMAGES\"\n", "")
    );
    let error = compose(&text).expect_err("refused in development");
    let at = location(&text, "stream_arn =");
    assert!(
        error.starts_with(&format!("{at}: instance `read_model`: input `stream_arn` refers to `api.table_stream_arn`")),
        "{error}"
    );
    assert!(error.contains("which it leaves null in environment `development`\n"), "{error}");
    assert_eq!(error.matches("leaves null").count(), 1, "production has the stream: {error}");
}

#[test]
fn the_processor_refuses_what_aws_refuses_naming_the_input_and_the_rule() {
    let definition = Catalog::builtin().get("dynamodb-stream-processor").expect("in the catalog");
    let base = || {
        json!({
            "name": "orders-read-model",
            "stream_arn": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026-12-01T00:00:00.000",
            "function": { "package_file": "build/orders-read-model.zip" },
        })
    };
    assert_eq!(definition.validate(&base()).map_err(|error| error.to_string()), Ok(()));
    let cases = [
        ("batch_size", json!(10001), "input `batch_size` = `10001` must be between 1 and 10000"),
        ("maximum_batching_window_seconds", json!(301), "must be between 0 and 300"),
        ("maximum_record_age_seconds", json!(-1), "must be between 60 and 86400"),
        ("maximum_retry_attempts", json!(-1), "must be between 0 and 10000"),
        ("parallelization_factor", json!(11), "must be between 1 and 10"),
        ("starting_position", json!("AT_TIMESTAMP"), "must be one of `TRIM_HORIZON`, `LATEST`"),
        ("filter_patterns", json!(["eventName = INSERT"]), "must be the JSON text of an object"),
        ("filter_patterns", json!([format!("{{\"eventName\": \"{}\"}}", "I".repeat(4090))]), "4096"),
        ("filter_patterns", json!(["{}", "{}", "{}", "{}", "{}", "{}"]), "at most 5 items"),
        ("stream_arn", json!("arn:aws:dynamodb:eu-west-1:111122223333:table/orders"), "use a table's stream ARN"),
    ];
    for (input, value, expected) in cases {
        let mut inputs = base();
        inputs[input] = value;
        let error = definition.validate(&inputs).expect_err(input).to_string();
        assert!(error.contains(expected), "{input}: {error}");
    }
    let mut reserved = base();
    reserved["function"]["reserved_concurrent_executions"] = json!(2);
    reserved["parallelization_factor"] = json!(3);
    let error = definition.validate(&reserved).expect_err("a factor above the reservation").to_string();
    assert!(
        error.contains("`parallelization_factor` must be at most `function.reserved_concurrent_executions`"),
        "{error}"
    );
    reserved["parallelization_factor"] = json!(2);
    assert_eq!(definition.validate(&reserved).map_err(|error| error.to_string()), Ok(()));
}

/// The stream stack built in Rust: `api.table_stream_arn` wired by type into the processor.
fn rust_stack(stream_view_type: Option<paved_blueprint::StreamViewType>) -> paved_stack::Stack {
    use paved_blueprint::{
        AwsRegion, Blueprint, EntityName, EnvironmentName, FunctionName, InstanceName, Lifecycle, PackagePath,
        ResourceName, RouteKey, TagKey,
    };
    use paved_catalog::baseline_lambda::FunctionSettings;
    use paved_catalog::dynamodb_stream_processor::{DynamodbStreamProcessor, DynamodbStreamProcessorInputs};
    use paved_catalog::sync_api_dynamodb::{SyncApiDynamodb, SyncApiDynamodbInputs};
    let mut stack = paved_stack::Stack::new(paved_stack::StackSettings {
        name: ResourceName::new("orders-read-model").expect("valid"),
        description: "Orders API with a read model kept from the table's stream.".into(),
        owner: EntityName::new("team-orders").expect("valid"),
        system: EntityName::new("commerce").expect("valid"),
        lifecycle: Lifecycle::Production,
        required_tags: Vec::new(),
        source: paved_stack::ModuleSource::Vendored,
    });
    for name in ["development", "production"] {
        let tags = [("Environment", name), ("Department", "retail"), ("Service", "orders")]
            .into_iter()
            .map(|(key, value)| (TagKey::new(key).expect("valid"), value.to_owned()))
            .collect();
        let region = AwsRegion::new("eu-west-1").expect("valid");
        stack.environment(EnvironmentName::new(name).expect("valid"), paved_stack::Environment { region, tags });
    }
    let mut api = SyncApiDynamodbInputs::new(
        FunctionName::new("orders-api").expect("valid"),
        FunctionSettings::new(PackagePath::new("build/orders-api.zip").expect("valid")),
    );
    api.routes = ["POST /orders", "GET /orders/{id}"].map(|route| RouteKey::new(route).expect("valid")).to_vec();
    api.stream_view_type = stream_view_type;
    stack.add::<SyncApiDynamodb>(InstanceName::new("api").expect("valid"), api);
    let mut read_model = DynamodbStreamProcessorInputs::new(
        FunctionName::new("orders-read-model").expect("valid"),
        SyncApiDynamodb::outputs("api").table_stream_arn,
        FunctionSettings::new(PackagePath::new("build/orders-read-model.zip").expect("valid")),
    );
    read_model.filter_patterns =
        vec![paved_blueprint::JsonObjectText::new(r#"{"eventName":["INSERT","MODIFY"]}"#).expect("valid")];
    let mut production = read_model.clone();
    production.parallelization_factor = 2;
    stack.add_per_environment::<DynamodbStreamProcessor>(
        InstanceName::new("read_model").expect("valid"),
        read_model.clone(),
        [
            (EnvironmentName::new("development").expect("valid"), read_model),
            (EnvironmentName::new("production").expect("valid"), production),
        ],
    );
    stack
}

#[test]
fn the_rust_api_wires_the_stream_by_type_and_is_refused_the_same_way() {
    let from_file = compose(&stack_text()).unwrap_or_else(|error| panic!("{error}"));
    let from_rust = rust_stack(Some(paved_blueprint::StreamViewType::NewAndOldImages))
        .compose(Catalog::builtin())
        .unwrap_or_else(|error| panic!("{error}"))
        .emit()
        .expect("emits");
    let files = |tree: &paved_module::ModuleFiles| -> BTreeMap<String, String> {
        tree.iter().map(|(path, content)| (path.to_string(), content.to_string())).collect()
    };
    assert_eq!(files(&from_rust), files(&from_file));
    let error = rust_stack(None).compose(Catalog::builtin()).expect_err("no stream").to_string();
    assert!(
        error.contains(
            "instance `read_model`: input `stream_arn` refers to `api.table_stream_arn`, but `api.table_stream_arn` \
             has a value only when `api` sets its input `stream_view_type`, which it leaves null"
        ),
        "{error}"
    );
}
