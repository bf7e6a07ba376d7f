//! What a composed stack emits for input that used to be dropped, broken or passed on raw:
//! declared tags are applied, user text in Markdown stays text, large maps are emitted whole.

use paved_catalog::Catalog;
use std::path::Path;

/// A valid stack with two environments; each test changes one thing.
const STACK: &str = r#"[stack]
name = "orders"
description = "Takes orders."
owner = "team-orders"
system = "commerce"
lifecycle = "production"

[environments.development]
region = "eu-west-1"
tags = { Environment = "development", Department = "retail", Service = "orders" }

[environments.production]
region = "eu-west-1"
tags = { Environment = "production", Department = "retail", Service = "orders" }

[instances.worker]
blueprint = "baseline-lambda"
inputs = { function_name = "orders-worker", package_file = "build/worker.zip" }
"#;

fn emit(text: &str) -> paved_module::ModuleFiles {
    let stack = paved_stack::parse_stack_file(text, Path::new("stack.toml")).unwrap_or_else(|error| panic!("{error}"));
    stack.compose(Catalog::builtin()).unwrap_or_else(|error| panic!("{error}")).emit().expect("emits")
}

fn file<'f>(files: &'f paved_module::ModuleFiles, path: &str) -> &'f str {
    files.get(path).unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn a_declared_tag_outside_required_tags_is_applied() {
    let text = STACK.replace("Service = \"orders\" }", "Service = \"orders\", Team = \"blue\" }").replacen(
        "Team = \"blue\"",
        "Team = \"green\"",
        1,
    );
    let files = emit(&text);
    let providers = file(&files, "providers.tf");
    assert!(providers.contains("      Team        = var.tag_team\n"), "{providers}");
    let variables = file(&files, "variables.tf");
    assert!(variables.contains("variable \"tag_team\" {"), "{variables}");
    assert!(file(&files, "environments/development.tfvars").contains("\ntag_team        = \"green\"\n"));
    assert!(file(&files, "environments/production.tfvars").contains("\ntag_team        = \"blue\"\n"));
    let readme = file(&files, "README.md");
    assert!(readme.contains("| `Team` | `tag_team` | green | blue |"), "{readme}");
}

#[test]
fn a_tag_only_some_environments_declare_is_applied_where_declared() {
    let text = STACK.replacen("Service = \"orders\" }", "Service = \"orders\", Team = \"blue\" }", 1);
    let files = emit(&text);
    let providers = file(&files, "providers.tf");
    assert!(
        providers.contains("    tags = merge({ Environment = var.tag_environment, Department = var.tag_department, Service = var.tag_service }, var.environment_tags)\n"),
        "{providers}"
    );
    assert!(file(&files, "variables.tf").contains("variable \"environment_tags\" {"));
    let development = file(&files, "environments/development.tfvars");
    assert!(development.contains("environment_tags = {\n  Team = \"blue\"\n}\n"), "{development}");
    let production = file(&files, "environments/production.tfvars");
    assert!(production.contains("environment_tags = {}\n"), "{production}");
    let readme = file(&files, "README.md");
    assert!(readme.contains("| `Team` | `environment_tags[\"Team\"]` | blue |  |"), "{readme}");
}

#[test]
fn tag_variables_check_aws_s_tag_alphabet() {
    let variables = file(&emit(STACK), "variables.tf").to_owned();
    assert!(variables.contains(r#"can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$", var.tag_service))"#), "{variables}");
}

#[test]
fn html_in_the_stack_description_reaches_the_readme_as_text() {
    let text = STACK.replace(
        "description = \"Takes orders.\"",
        r#"description = "Takes <script>alert(1)</script> & <img src=x onerror=alert(2)> orders; `<kept>`""#,
    );
    let readme = file(&emit(&text), "README.md").to_owned();
    assert!(
        readme.contains(
            "Takes &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt; orders; `<kept>`"
        ),
        "{readme}"
    );
    assert!(!readme.contains("<script>") && !readme.contains("<img"), "{readme}");
}

#[test]
fn html_in_a_blueprint_description_reaches_the_module_readme_as_text() {
    let mut definition = Catalog::builtin().get("sqs-redrive").expect("in the catalog").clone();
    definition.summary = "A queue <b onmouseover=alert(1)>now</b>.";
    definition.description = "Line <script>alert(1)</script>\n\nwith `Option<String>` kept.";
    definition.inputs[0].description = "The <iframe src=x> name | piped.".into();
    let lookup = |name: &str| Catalog::builtin().get(name).ok();
    let files = paved_module::emit(&definition, &lookup).expect("emits");
    let readme = file(&files, "README.md");
    assert!(readme.contains("A queue &lt;b onmouseover=alert(1)&gt;now&lt;/b&gt;."), "{readme}");
    assert!(readme.contains("Line &lt;script&gt;alert(1)&lt;/script&gt;\n\nwith `Option<String>` kept."), "{readme}");
    assert!(readme.contains("The &lt;iframe src=x&gt; name \\| piped."), "{readme}");
    assert!(!readme.contains("<script>") && !readme.contains("<iframe") && !readme.contains("<b "), "{readme}");
}

#[test]
fn a_large_map_input_is_emitted_whole_and_aligned() {
    // A scheduled job's `payload` is a map with no size rule of its own (`environment_variables`
    // must fit in Lambda's 4 KB), so it measures the emission of a large map.
    let count = 2_000;
    let entries: Vec<String> = (0..count).map(|index| format!("KEY_{index} = \"value-{index}\"")).collect();
    let text = format!(
        "{STACK}
[instances.job]
blueprint = \"scheduled-lambda\"
inputs = {{ name = \"orders-job\", schedule_expression = \"rate(1 hour)\", function = {{ package_file = \"build/job.zip\" }}, payload = {{ {} }} }}
",
        entries.join(", ")
    );
    let files = emit(&text);
    let main = file(&files, "main.tf");
    let body: paved_hcl::hcl::Body = paved_hcl::hcl::from_str(main).expect("main.tf parses");
    let module = body
        .blocks()
        .find(|block| block.labels().iter().any(|label| label.as_str() == "job"))
        .expect("the job's module block");
    let map = module.body().attributes().find(|attribute| attribute.key() == "payload").expect("the map is emitted");
    let paved_hcl::hcl::Expression::Object(emitted) = map.expr() else { panic!("not an object: {main}") };
    assert_eq!(emitted.len(), count);
    // In key order, aligned as `terraform fmt` aligns them: the widest keys are `"KEY_1000"` and up.
    assert!(main.contains("    \"KEY_0\"    = \"value-0\"\n"), "{}", &main[..main.len().min(2000)]);
    assert!(main.contains("    \"KEY_1999\" = \"value-1999\"\n"));
    assert!(main.contains("    \"KEY_999\"  = \"value-999\"\n  }\n"));
}

#[test]
fn a_map_of_plain_values_that_differs_in_one_key_is_one_variable() {
    let text = STACK.replace(
        "package_file = \"build/worker.zip\" }",
        "package_file = \"build/worker.zip\", environment_variables = { MODE = \"a\", LEVEL = \"1\" } }\n\n[instances.worker.environments.production.inputs]\nenvironment_variables = { MODE = \"b\" }",
    );
    let files = emit(&text);
    let main = file(&files, "main.tf");
    assert!(main.contains("environment_variables = var.worker_environment_variables\n"), "{main}");
    let production = file(&files, "environments/production.tfvars");
    assert!(
        production.contains("worker_environment_variables = {\n  \"LEVEL\" = \"1\"\n  \"MODE\"  = \"b\"\n}"),
        "{production}"
    );
}
