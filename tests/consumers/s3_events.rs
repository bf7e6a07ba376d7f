//! A stack using `s3-event-processor` with references both ways (`tests/data/s3-events/stack.toml`:
//! the function's environment takes a queue's URL, the queue's producers take the function's
//! role): it composes to the committed `golden/` root, `terraform fmt` accepts it, and the loop
//! check refuses an overlapping write prefix where the stack file writes it. Terraform validate and
//! plan of the same stack, in every environment, are in `terraform_plan.rs`.
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers s3_events`.

use paved_catalog::Catalog;
use paved_tests::repository_root;
use std::path::{Path, PathBuf};

fn data() -> PathBuf {
    repository_root().join("tests/data/s3-events")
}

fn stack_text() -> String {
    std::fs::read_to_string(data().join("stack.toml")).expect("the stack file")
}

fn compose(text: &str) -> Result<paved_module::ModuleFiles, String> {
    let stack = paved_stack::parse_stack_file(text, Path::new("stack.toml")).map_err(|error| error.to_string())?;
    let composition = stack.compose(Catalog::builtin()).map_err(|error| error.to_string())?;
    Ok(composition.emit().expect("emits"))
}

#[test]
fn the_s3_events_stack_composes_to_its_golden_root_with_both_references() {
    let files = compose(&stack_text()).unwrap_or_else(|error| panic!("{error}"));
    let main = files.get("main.tf").expect("main.tf");
    assert!(main.contains("\"QUEUE_URL\" = module.orders.queue_url"), "{main}");
    assert!(main.contains("producer_role_names = [\n    module.uploads.role_name\n  ]"), "{main}");
    let production = files.get("environments/production.tfvars").expect("production.tfvars");
    assert!(production.contains("uploads_route_through_eventbridge = true"), "{production}");

    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("uploads");
    files.write_to(&out, true).expect("writes");
    let vendors = ["s3-event-processor", "sqs-redrive"];
    let problems = paved_tests::composed_root_problems(&out, &data().join("golden"), &vendors);
    assert!(
        problems.is_empty(),
        "the committed composition is stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers golden s3_events`",
        problems.join("\n  ")
    );

    let Some(terraform) = paved_testing::require_terraform() else { return };
    if let Some(problem) = paved_testing::terraform_fmt_problem(&terraform, &out, "the composed uploads stack") {
        panic!("{problem}");
    }
}

#[test]
fn a_write_prefix_under_the_trigger_prefix_is_refused_where_the_stack_file_writes_it() {
    let text = stack_text().replace("write_prefix = \"summaries/\"", "write_prefix = \"incoming/summaries/\"");
    let error = compose(&text).expect_err("the loop is refused");
    assert!(
        error.starts_with(
            "stack.toml:32:16: instance `uploads`: input `write_prefix` must satisfy: `write_prefix` and \
             `filter_prefix` must not overlap: neither may start with the other (objects the function writes \
             would trigger it again, an endless loop; write under a prefix outside `filter_prefix`, or narrow \
             `filter_prefix` so that it does not start with `write_prefix`"
        ),
        "{error}"
    );
    // The empty filter prefix (every object) overlaps any write prefix, here in one environment only:
    // the error points at the rule's subject, `write_prefix`.
    let text = format!(
        "{}\n[instances.uploads.environments.development.inputs.function]\npackage_file = \"build/a.zip\"\n",
        stack_text()
    )
    .replace(
        "bucket_name = \"acme-order-uploads-dev\"",
        "bucket_name = \"acme-order-uploads-dev\"\nfilter_prefix = \"\"",
    );
    let error = compose(&text).expect_err("the loop is refused in development");
    assert!(error.starts_with("stack.toml:32:16: instance `uploads`: input `write_prefix` must satisfy"), "{error}");
}

/// The module's `locals` evaluated by the real Terraform (no provider needed): the EventBridge
/// pattern for several event types is an `$or` of one pattern per type, each with the bucket and
/// the key wildcard; for one type, that pattern alone.
#[test]
fn the_eventbridge_pattern_matches_each_chosen_event_type_and_the_key_filters() {
    let Some(terraform) = paved_testing::require_terraform() else { return };
    let catalog = Catalog::builtin();
    let definition = catalog.get("s3-event-processor").expect("in the catalog");
    let files = paved_module::emit(definition, &|name| catalog.get(name).ok()).expect("emits");
    let main = files.get("main.tf").expect("main.tf");
    let start = main.find("locals {").expect("a locals block");
    let end = start + main[start..].find("\n}\n").expect("its end") + 3;
    let locals: String =
        main[start..end].lines().filter(|line| !line.contains("data.aws_region")).collect::<Vec<_>>().join("\n");
    let scratch = tempfile::tempdir().expect("temp dir");
    let pattern = |events: &str| -> serde_json::Value {
        let configuration = format!(
            "variable \"events\" {{\n  type = list(string)\n}}\nvariable \"bucket_name\" {{\n  default = \"acme-up\"\n}}\n\
             variable \"filter_prefix\" {{\n  default = \"incoming/\"\n}}\nvariable \"filter_suffix\" {{\n  default = \".csv\"\n}}\n\
             {locals}\noutput \"pattern\" {{\n  value = local.event_pattern\n}}\n"
        );
        std::fs::write(scratch.path().join("main.tf"), configuration).expect("writes");
        let apply = paved_tests::terraform(&terraform, scratch.path())
            .args(["apply", "-auto-approve", "-input=false", "-no-color", &format!("-var=events={events}")])
            .output()
            .expect("terraform runs");
        assert!(apply.status.success(), "terraform apply failed:\n{}", String::from_utf8_lossy(&apply.stderr));
        let output = paved_tests::terraform(&terraform, scratch.path())
            .args(["output", "-raw", "pattern"])
            .output()
            .expect("terraform runs");
        serde_json::from_slice(&output.stdout).expect("the pattern is JSON")
    };
    let detail = |extra: serde_json::Value| {
        let mut detail = serde_json::json!({
            "bucket": {"name": ["acme-up"]},
            "object": {"key": [{"wildcard": "incoming/*.csv"}]},
        });
        detail.as_object_mut().expect("an object").extend(extra.as_object().expect("an object").clone());
        detail
    };
    assert_eq!(
        pattern(r#"["s3:ObjectCreated:Put","s3:ObjectRemoved:DeleteMarkerCreated","s3:ObjectCreated:Put"]"#),
        serde_json::json!({
            "source": ["aws.s3"],
            "$or": [
                {"detail-type": ["Object Created"], "detail": detail(serde_json::json!({"reason": ["PutObject"]}))},
                {
                    "detail-type": ["Object Deleted"],
                    "detail": detail(serde_json::json!({"reason": ["DeleteObject"], "deletion-type": ["Delete Marker Created"]})),
                },
            ],
        })
    );
    assert_eq!(
        pattern(r#"["s3:ObjectCreated:*"]"#),
        serde_json::json!({"source": ["aws.s3"], "detail-type": ["Object Created"], "detail": detail(serde_json::json!({}))})
    );
}
