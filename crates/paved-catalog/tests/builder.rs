//! `Catalog::builder()`: the built-in catalog is built with it, and each refusal names the
//! blueprint, the builder call that added it and the fix.

use paved_blueprint::{Blueprint, Definition, Parts};
use paved_catalog::baseline_lambda::BaselineLambda;
use paved_catalog::scheduled_lambda::ScheduledLambda;
use paved_catalog::{Catalog, CatalogError, Origin};

/// The inputs of the test blueprints.
#[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct BucketInputs {
    /// The bucket's name.
    bucket_name: String,
}

fn definition(name: &'static str, main_template: &'static str) -> Definition {
    Definition::build(Parts {
        name,
        version: "1.0.0",
        summary: "A test bucket.",
        description: "A test bucket.",
        notes: "",
        outputs: vec![],
        example: BucketInputs { bucket_name: "example".to_owned() },
        main_template,
    })
    .expect("a valid definition")
}

/// A platform team's own blueprint, which happens to take a built-in blueprint's name.
struct AcmeBaselineLambda;

impl Blueprint for AcmeBaselineLambda {
    type Inputs = BucketInputs;
    type Outputs = ();
    fn outputs(_instance: &str) -> Self::Outputs {}
    fn definition() -> Definition {
        definition("baseline-lambda", "resource \"aws_s3_bucket\" \"this\" {\n  bucket = var.bucket_name\n}\n")
    }
}

/// A blueprint nesting `acme-function`, which a catalog may lack.
struct AcmeWorker;

impl Blueprint for AcmeWorker {
    type Inputs = BucketInputs;
    type Outputs = ();
    fn outputs(_instance: &str) -> Self::Outputs {}
    fn definition() -> Definition {
        definition(
            "acme-worker",
            "# An Acme worker.\n\nmodule \"function\" {\n  source = \"./modules/acme-function\"\n  name   = var.bucket_name\n}\n",
        )
    }
}

fn names(catalog: &Catalog) -> Vec<&str> {
    catalog.iter().map(|definition| definition.name.as_str()).collect()
}

#[test]
fn the_builtin_catalog_is_the_builder_with_builtin() {
    let built = Catalog::builder().with_builtin().build().expect("the built-in blueprints form a catalog");
    let builtin = Catalog::builtin();
    assert_eq!(names(&built), names(builtin));
    assert_eq!(
        names(builtin),
        [
            "baseline-lambda",
            "dynamodb-stream-processor",
            "event-bus",
            "s3-event-processor",
            "scheduled-lambda",
            "sns-fanout",
            "sqs-redrive",
            "step-functions-workflow",
            "sync-api-dynamodb"
        ]
    );
    for (left, right) in built.iter().zip(builtin.iter()) {
        assert_eq!((&left.version, &left.schema), (&right.version, &right.schema));
    }
    assert_eq!((builtin.namespace(), builtin.system()), ("platform", "aws"));
}

#[test]
fn a_platform_catalog_adds_its_blueprints_in_name_order_under_its_namespace_and_system() {
    let catalog = Catalog::builder()
        .add_definition(definition("acme-function", ""))
        .with_builtin()
        .add::<AcmeWorker>()
        .namespace("acme")
        .system("aws_eu")
        .build()
        .expect("builds");
    assert_eq!(
        names(&catalog),
        [
            "acme-function",
            "acme-worker",
            "baseline-lambda",
            "dynamodb-stream-processor",
            "event-bus",
            "s3-event-processor",
            "scheduled-lambda",
            "sns-fanout",
            "sqs-redrive",
            "step-functions-workflow",
            "sync-api-dynamodb"
        ]
    );
    assert_eq!((catalog.namespace(), catalog.system()), ("acme", "aws_eu"));
    let copy = catalog.clone();
    assert_eq!(copy.get("acme-worker").expect("in the copy").name.as_str(), "acme-worker");
    // The built-in catalog is untouched.
    assert!(Catalog::builtin().get("acme-worker").is_err());
}

#[test]
fn an_empty_catalog_builds_and_says_it_is_empty() {
    let catalog = Catalog::builder().build().expect("builds");
    assert_eq!(catalog.iter().count(), 0);
    assert_eq!(
        catalog.get("baseline-lambda").unwrap_err().to_string(),
        "unknown blueprint `baseline-lambda`; the catalog has no blueprints"
    );
}

#[test]
fn a_blueprint_added_twice_is_refused_naming_both_calls() {
    let error = Catalog::builder().with_builtin().add::<BaselineLambda>().build().unwrap_err();
    assert_eq!(
        error,
        CatalogError::Duplicate {
            name: "baseline-lambda".into(),
            first: Origin::Builtin("paved_catalog::baseline_lambda::BaselineLambda"),
            second: Origin::Type("paved_catalog::baseline_lambda::BaselineLambda"),
        }
    );
    assert_eq!(
        error.to_string(),
        "blueprint `baseline-lambda` is added twice: by `with_builtin()` \
         (`paved_catalog::baseline_lambda::BaselineLambda`) and again by \
         `add::<paved_catalog::baseline_lambda::BaselineLambda>()`; remove the second (`with_builtin()` already \
         adds Paved's built-in blueprints)"
    );

    // The same definition given twice is a duplicate too, in whichever order.
    let error = Catalog::builder()
        .add_definition(definition("acme-function", ""))
        .add_definition(definition("acme-function", ""))
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "blueprint `acme-function` is added twice: by `add_definition(…)` (call 1) and again by `add_definition(…)` \
         (call 2); remove the second"
    );
    let error = Catalog::builder().add_definition(BaselineLambda::definition()).with_builtin().build().unwrap_err();
    assert!(matches!(error, CatalogError::Duplicate { ref name, .. } if name == "baseline-lambda"), "{error}");
}

#[test]
fn two_blueprints_with_one_name_clash_and_a_free_name_is_suggested() {
    let error = Catalog::builder().with_builtin().add::<AcmeBaselineLambda>().namespace("acme").build().unwrap_err();
    assert_eq!(
        error.to_string(),
        "blueprint `baseline-lambda` added by `add::<builder::AcmeBaselineLambda>()` clashes with another \
         `baseline-lambda`, added by `with_builtin()` (`paved_catalog::baseline_lambda::BaselineLambda`): \
         a name is a blueprint's registry address and what stack files write in `blueprint = \"…\"`, so it is \
         unique in a catalog; rename one of them, such as `acme-baseline-lambda`"
    );

    // The suggestion is free in the catalog; without a namespace of its own it starts with `my-`.
    let error = Catalog::builder()
        .add_definition(definition("my-baseline-lambda", ""))
        .with_builtin()
        .add::<AcmeBaselineLambda>()
        .build()
        .unwrap_err();
    assert!(
        matches!(error, CatalogError::Clash { ref suggestion, .. } if suggestion == "my-baseline-lambda-2"),
        "{error}"
    );
}

#[test]
fn a_nested_blueprint_the_catalog_lacks_is_refused_with_its_line_and_the_fix() {
    let error = Catalog::builder().add::<ScheduledLambda>().build().unwrap_err();
    assert_eq!(
        error.to_string(),
        "blueprint `scheduled-lambda` added by `add::<paved_catalog::scheduled_lambda::ScheduledLambda>()` \
         nests `baseline-lambda` (line 16 of its \
         main.tf template: `source = \"./modules/baseline-lambda\"`), which the catalog lacks; `baseline-lambda` is \
         one of Paved's built-in blueprints: add them with `.with_builtin()`"
    );
    assert!(Catalog::builder().add::<ScheduledLambda>().add::<BaselineLambda>().build().is_ok());

    let error =
        Catalog::builder().add::<AcmeWorker>().add_definition(definition("acme-functions", "")).build().unwrap_err();
    assert_eq!(
        error,
        CatalogError::MissingNested {
            blueprint: "acme-worker".into(),
            origin: Origin::Type("builder::AcmeWorker"),
            nested: "acme-function".into(),
            line: 4,
            help: "did you mean `acme-functions`? (change the `source`), or add `acme-function` with `.add::<…>()`"
                .into(),
        }
    );
}

#[test]
fn a_bad_namespace_or_system_is_refused_with_a_valid_one() {
    let error = Catalog::builder().with_builtin().namespace("Acme Corp").build().unwrap_err();
    assert_eq!(
        error.to_string(),
        "the registry namespace `Acme Corp` given to `namespace(…)` is not a valid registry address part: it must be \
         1 to 64 lowercase letters, digits, `-` or `_`, starting with a letter or digit (it becomes a path and URL \
         segment of `<namespace>/<blueprint>/<system>`); such as `acme-corp`"
    );
    for bad in ["../etc", "acme/platform", "-acme"] {
        assert!(Catalog::builder().namespace(bad).build().is_err(), "{bad}");
    }
    let error = Catalog::builder().system("").build().unwrap_err();
    assert_eq!(
        error,
        CatalogError::AddressPart {
            what: "module system name",
            call: "system",
            value: String::new(),
            suggestion: None
        }
    );
}
