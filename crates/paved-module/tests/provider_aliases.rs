//! A blueprint that needs a provider alias (`aws.us_east_1`): its module declares it in
//! `configuration_aliases`, its example defines it and passes it, its README says what callers
//! pass; a blueprint nesting it passes it through; and every way a template can get aliases wrong
//! is refused at emit time with what to do. (The golden files and Terraform's own checks of these
//! modules are `tests/consumers/provider_aliases.rs`'s.)

#[path = "../../../tests/edge_blueprints.rs"]
#[allow(dead_code, unreachable_pub)]
mod edge_blueprints;

use edge_blueprints::{ALERTING_PROVIDERS, cloudfront_alarms, edge_alerting, edge_alerting_with, us_east_1};
use paved_blueprint::{AliasedProvider, Definition, Parts};
use paved_module::ModuleFiles;

fn emit(definition: &Definition) -> Result<ModuleFiles, String> {
    let alarms = cloudfront_alarms();
    paved_module::emit(definition, &|name| (name == "cloudfront-alarms").then_some(&alarms))
        .map_err(|error| error.to_string())
}

fn file(files: &ModuleFiles, path: &str) -> String {
    files.get(path).unwrap_or_else(|| panic!("no {path}")).to_owned()
}

const ALIASED_VERSIONS: &str = "terraform {\n  required_version = \">= 1.9.0\"\n\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \">= 6.0, < 7.0\"\n      configuration_aliases = [\n        aws.us_east_1\n      ]\n    }\n  }\n}\n";

#[test]
fn the_module_declares_the_alias_in_configuration_aliases() {
    let files = emit(&cloudfront_alarms()).expect("emits");
    assert_eq!(file(&files, "versions.tf"), ALIASED_VERSIONS);
}

#[test]
fn the_example_defines_the_aliased_provider_and_passes_it_with_the_default_one() {
    let files = emit(&cloudfront_alarms()).expect("emits");
    assert_eq!(
        file(&files, "examples/basic/main.tf"),
        "provider \"aws\" {\n  alias  = \"us_east_1\"\n  region = \"us-east-1\"\n}\n\n\
         module \"cloudfront_alarms\" {\n  source = \"../..\"\n  providers = {\n    aws           = aws\n    aws.us_east_1 = aws.us_east_1\n  }\n\
         \x20 name                 = \"shop\"\n  distribution_id      = \"E2QWRUHAPOMQZL\"\n  error_rate_threshold = 5\n}\n"
    );
    // `aws = aws` names the provider, so the example declares it (Terraform refuses it otherwise).
    assert_eq!(file(&files, "examples/basic/versions.tf"), paved_module::versions_tf().expect("prints"));
}

#[test]
fn the_readme_says_which_configurations_callers_pass_in_which_region_and_why() {
    let readme = file(&emit(&cloudfront_alarms()).expect("emits"), "README.md");
    assert!(readme.contains("## Providers\n"), "{readme}");
    assert!(
        readme.contains("`providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }`"),
        "the README says what to pass:\n{readme}"
    );
    assert!(
        readme.contains(&format!("| `aws.us_east_1` | `us-east-1` | {} |", us_east_1().reason)),
        "the README tables the alias:\n{readme}"
    );
    assert!(readme.contains("  providers = {\n    aws           = aws\n"), "the usage passes it:\n{readme}");
}

#[test]
fn a_module_needing_no_alias_keeps_the_plain_versions_and_readme() {
    let files = emit(&edge_alerting()).expect("emits");
    assert_eq!(file(&files, "modules/cloudfront-alarms/versions.tf"), ALIASED_VERSIONS);
    let plain = paved_module::versions_tf().expect("prints");
    assert!(!plain.contains("configuration_aliases"), "{plain}");
    assert_eq!(paved_module::versions_tf_with_aliases(&[]).expect("prints"), plain);
}

#[test]
fn a_nested_module_needing_an_alias_gets_it_from_its_parent_which_declares_it_too() {
    let files = emit(&edge_alerting()).expect("emits");
    assert_eq!(file(&files, "versions.tf"), ALIASED_VERSIONS, "the parent asks its caller for the alias");
    let main = file(&files, "main.tf");
    assert!(main.contains(&format!("  source = \"./modules/cloudfront-alarms\"\n{ALERTING_PROVIDERS}")), "{main}");
    assert!(file(&files, "examples/basic/main.tf").contains("  alias  = \"us_east_1\"\n"));
}

#[test]
fn a_nested_module_not_passed_the_alias_it_needs_is_refused() {
    let error = emit(&edge_alerting_with("\n", true)).expect_err("refused");
    assert_eq!(
        error,
        format!(
            "blueprint `edge-alerting`: main.tf.hbs: module `alarms` nests `cloudfront-alarms`, which needs `aws.us_east_1` (region us-east-1: {}); pass `providers = {{ aws = aws, aws.us_east_1 = aws.us_east_1 }}` in the module block, and keep the alias declared on this blueprint; a module block with `providers` passes nothing else, so `aws = aws` is needed too",
            us_east_1().reason
        )
    );
}

#[test]
fn a_nested_module_passed_the_alias_without_the_default_provider_is_refused() {
    let without_default = ALERTING_PROVIDERS.replace("    aws           = aws\n", "");
    let error = emit(&edge_alerting_with(Box::leak(without_default.into_boxed_str()), true)).expect_err("refused");
    assert!(
        error.ends_with("a module block with `providers` passes nothing else, so `aws = aws` is needed too"),
        "{error}"
    );
}

#[test]
fn a_parent_passing_an_alias_it_does_not_declare_is_refused_with_how_to_declare_it() {
    let error = emit(&edge_alerting_with(ALERTING_PROVIDERS, false)).expect_err("refused");
    assert_eq!(
        error,
        "blueprint `edge-alerting`: main.tf.hbs: module `alarms` uses the provider configuration `aws.us_east_1`, which the blueprint does not declare (it declares none); declare it on the blueprint with `.with_provider_alias(AliasedProvider::pinned(\"us_east_1\", \"<region>\", \"<why>\"))`, or use one it declares"
    );
}

#[test]
fn a_parent_passing_an_alias_of_another_region_is_refused() {
    let definition = edge_alerting_with(
        ALERTING_PROVIDERS.replace("aws.us_east_1 = aws.us_east_1", "aws.us_east_1 = aws.west").leak(),
        true,
    );
    let definition = Definition { provider_aliases: Vec::new(), ..definition }
        .with_provider_alias(AliasedProvider::pinned("west", "us-west-2", "Misnamed on purpose."))
        .and_then(|definition| definition.with_provider_alias(us_east_1()))
        .expect("two aliases");
    let error = emit(&definition).expect_err("refused");
    assert!(
        error.ends_with("module `alarms` passes `aws.west` (region us-west-2) as `aws.us_east_1`, which `cloudfront-alarms` needs in region us-east-1; pass an alias pinned to us-east-1"),
        "{error}"
    );
}

#[derive(serde::Serialize, schemars::JsonSchema)]
struct QueueInputs {
    /// The queue's name.
    name: String,
}

fn queue(main_template: &'static str) -> Definition {
    Definition::build(Parts {
        name: "regional-queue",
        version: "1.0.0",
        summary: "A queue.",
        description: "A queue.",
        notes: "",
        outputs: Vec::new(),
        example: QueueInputs { name: "orders".into() },
        main_template,
    })
    .expect("a valid definition")
}

#[test]
fn a_resource_using_an_undeclared_alias_is_refused() {
    let template = "resource \"aws_sqs_queue\" \"this\" {\n  provider = aws.us_east_1\n\n  name = var.name\n}\n";
    let error = emit(&queue(template)).expect_err("refused");
    assert!(
        error.starts_with("blueprint `regional-queue`: main.tf.hbs: resource `aws_sqs_queue.this` uses the provider configuration `aws.us_east_1`, which the blueprint does not declare (it declares none); declare it"),
        "{error}"
    );
}

#[test]
fn a_declared_alias_the_template_never_uses_is_refused() {
    let definition = queue("resource \"aws_sqs_queue\" \"this\" {\n  name = var.name\n}\n")
        .with_provider_alias(us_east_1())
        .expect("one alias");
    assert_eq!(
        emit(&definition).expect_err("refused"),
        "blueprint `regional-queue`: main.tf.hbs: the blueprint declares the provider alias `aws.us_east_1`, but main.tf never uses it; use it (`provider = aws.us_east_1` on the resources that need region us-east-1) or remove the declaration"
    );
}

#[test]
fn the_providers_helper_prints_the_argument_a_nested_module_needs() {
    let helper = edge_alerting();
    let written = edge_alerting_with(ALERTING_PROVIDERS, true);
    assert_eq!(
        file(&emit(&helper).expect("emits"), "main.tf"),
        file(&emit(&written).expect("emits"), "main.tf"),
        "the helper prints what the hand-written template says"
    );
}

#[test]
fn the_providers_helper_for_a_blueprint_needing_no_alias_is_refused() {
    let template = "module \"queue\" {\n  source = \"./modules/regional-queue\"\n  {{providers \"regional-queue\"}}\n\n  name = var.name\n}\n";
    let nested = queue("resource \"aws_sqs_queue\" \"this\" {\n  name = var.name\n}\n");
    let outer = Definition { name: "outer-queue".parse().expect("a name"), ..queue(template) };
    let error = paved_module::emit(&outer, &|name| (name == "regional-queue").then_some(&nested))
        .expect_err("refused")
        .to_string();
    assert!(
        error.contains("`providers \"regional-queue\"`: `regional-queue` needs no provider alias, so its module block needs no `providers`; remove the helper"),
        "{error}"
    );
}
