//! The generic checks (`minimum`, `maximum`, `allowed-values`, `required-true`, `must-be-set`)
//! over settings a catalog names itself, on inputs of a blueprint Paved does not ship: compliant
//! and violating, at the top level and nested; and settings no blueprint governs refused.

use jiff::civil::{Date, date};
use paved_blueprint::{Definition, Parts, ResourceName};
use paved_catalog::Catalog;
use paved_policy::{Policy, Report, check};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

const TODAY: Date = date(2026, 11, 23);

/// Inputs of `acme-bucket`, each governed under a setting Acme names.
#[derive(Serialize, Deserialize, JsonSchema)]
struct BucketInputs {
    /// The bucket's name.
    bucket_name: ResourceName,
    /// Days noncurrent versions are kept.
    #[serde(default = "default_noncurrent_days")]
    #[schemars(extend("x-paved-governs" = "acme-noncurrent-version-days"))]
    noncurrent_version_days: u32,
    /// The storage class objects move to.
    #[serde(default = "default_storage_class")]
    #[schemars(extend("x-paved-governs" = "acme-storage-class"))]
    storage_class: String,
    /// Whether the bucket keeps versions.
    #[serde(default = "default_true")]
    #[schemars(extend("x-paved-governs" = "acme-versioning"))]
    versioning: bool,
    /// The KMS key alias that encrypts objects; S3-managed keys when null.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "acme-bucket-key"))]
    key_alias: Option<String>,
    /// Access logging.
    #[serde(default)]
    logging: Logging,
}

/// Access logging of an Acme bucket: every input governed, one level down.
#[derive(Serialize, Deserialize, JsonSchema)]
struct Logging {
    /// Days access logs are kept.
    #[serde(default = "default_log_days")]
    #[schemars(extend("x-paved-governs" = "acme-log-retention-days"))]
    retention_days: u32,
    /// The log format.
    #[serde(default = "default_log_format")]
    #[schemars(extend("x-paved-governs" = "acme-log-format"))]
    format: String,
    /// Whether access is logged.
    #[serde(default = "default_true")]
    #[schemars(extend("x-paved-governs" = "acme-access-logging"))]
    enabled: bool,
    /// The bucket receiving the logs; none when null.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "acme-log-bucket"))]
    target_bucket: Option<String>,
}

impl Default for Logging {
    fn default() -> Self {
        Self { retention_days: default_log_days(), format: default_log_format(), enabled: true, target_bucket: None }
    }
}

fn default_noncurrent_days() -> u32 {
    30
}
fn default_storage_class() -> String {
    "STANDARD_IA".into()
}
fn default_true() -> bool {
    true
}
fn default_log_days() -> u32 {
    90
}
fn default_log_format() -> String {
    "simple".into()
}

fn bucket() -> Definition {
    Definition::build(Parts {
        name: "acme-bucket",
        version: "1.0.0",
        summary: "An Acme bucket.",
        description: "An Acme bucket.",
        notes: "",
        outputs: Vec::new(),
        example: BucketInputs {
            bucket_name: ResourceName::new("orders-archive").expect("a valid name"),
            noncurrent_version_days: 30,
            storage_class: default_storage_class(),
            versioning: true,
            key_alias: None,
            logging: Logging::default(),
        },
        main_template: "resource \"aws_s3_bucket\" \"this\" {\n  bucket = var.bucket_name\n}\n\nlocals {\n  settings = [var.noncurrent_version_days, var.storage_class, var.versioning, var.key_alias, var.logging]\n}\n",
    })
    .expect("the bucket definition builds")
}

/// Paved's built-in blueprints plus `acme-bucket`, as a platform team builds its catalog.
fn acme_catalog() -> Catalog {
    Catalog::builder().with_builtin().add_definition(bucket()).build().expect("the Acme test catalog builds")
}

/// A stack of one `acme-bucket` (`archive`) with `inputs` added, and a built-in function.
fn stack(inputs: &str) -> String {
    format!(
        r#"[stack]
name = "demo"
owner = "team-demo"
system = "demo"
lifecycle = "experimental"

[environments.development]
region = "eu-west-1"
tags = {{ Environment = "development", Department = "d", Service = "demo" }}

[instances.archive]
blueprint = "acme-bucket"
inputs = {{ bucket_name = "orders-archive" {inputs} }}

[instances.worker]
blueprint = "baseline-lambda"
inputs = {{ function_name = "demo-worker", package_file = "build/worker.zip" }}
"#
    )
}

fn policy(rule: &str) -> Policy {
    let text = format!("[policy]\nname = \"acme\"\n\n[[rules]]\nid = \"ACME_RULE\"\n{rule}\n");
    Policy::parse(&text, Path::new("policy.toml")).unwrap_or_else(|error| panic!("{error}"))
}

fn judge(catalog: &Catalog, policy: &Policy, inputs: &str) -> Report {
    policy.check_settings(catalog.iter()).unwrap_or_else(|error| panic!("{error}"));
    let stack = paved_stack::parse_stack_file(&stack(inputs), Path::new("stack.toml"))
        .unwrap_or_else(|error| panic!("{error}"));
    let composition = stack.compose(catalog).unwrap_or_else(|error| panic!("{error}"));
    check(policy, &composition, TODAY)
}

/// `(field, message)` of every finding.
fn found(report: &Report) -> Vec<(String, String)> {
    report.findings.iter().map(|finding| (finding.field.clone().unwrap_or_default(), finding.message.clone())).collect()
}

/// Each generic check on a top-level and a nested input: the rule, compliant inputs (the
/// defaults, then a value set), violating inputs, and the one finding's field and message.
#[test]
fn each_generic_check_passes_compliant_inputs_and_finds_violations_at_every_depth() {
    let cases: [(&str, &str, &str, &str, &str); 10] = [
        (
            "check = \"minimum\"\nsetting = \"acme-noncurrent-version-days\"\nvalue = 30",
            ", noncurrent_version_days = 45",
            ", noncurrent_version_days = 7",
            "noncurrent_version_days",
            "instance `archive`: input `noncurrent_version_days` = `7` is below the minimum of 30",
        ),
        (
            "check = \"minimum\"\nsetting = \"acme-log-retention-days\"\nvalue = 90",
            ", logging = { retention_days = 365 }",
            ", logging = { retention_days = 30 }",
            "logging.retention_days",
            "instance `archive`: input `logging.retention_days` = `30` is below the minimum of 90",
        ),
        (
            "check = \"maximum\"\nsetting = \"acme-noncurrent-version-days\"\nvalue = 365",
            ", noncurrent_version_days = 365",
            ", noncurrent_version_days = 400",
            "noncurrent_version_days",
            "instance `archive`: input `noncurrent_version_days` = `400` exceeds the maximum of 365",
        ),
        (
            "check = \"maximum\"\nsetting = \"acme-log-retention-days\"\nvalue = 400",
            ", logging = { retention_days = 400 }",
            ", logging = { retention_days = 3653 }",
            "logging.retention_days",
            "instance `archive`: input `logging.retention_days` = `3653` exceeds the maximum of 400",
        ),
        (
            "check = \"allowed-values\"\nsetting = \"acme-storage-class\"\nvalues = [\"STANDARD_IA\", \"GLACIER_IR\"]",
            ", storage_class = \"GLACIER_IR\"",
            ", storage_class = \"STANDARD\"",
            "storage_class",
            "instance `archive`: input `storage_class` = `STANDARD` is not one of the allowed values (`STANDARD_IA`, `GLACIER_IR`)",
        ),
        (
            "check = \"allowed-values\"\nsetting = \"acme-log-format\"\nvalues = [\"simple\", \"partitioned\"]",
            ", logging = { format = \"partitioned\" }",
            ", logging = { format = \"verbose\" }",
            "logging.format",
            "instance `archive`: input `logging.format` = `verbose` is not one of the allowed values (`simple`, `partitioned`)",
        ),
        (
            "check = \"required-true\"\nsetting = \"acme-versioning\"",
            ", versioning = true",
            ", versioning = false",
            "versioning",
            "instance `archive`: input `versioning` = `false` is not `true`",
        ),
        (
            "check = \"required-true\"\nsetting = \"acme-access-logging\"",
            ", logging = { enabled = true }",
            ", logging = { enabled = false }",
            "logging.enabled",
            "instance `archive`: input `logging.enabled` = `false` is not `true`",
        ),
        (
            "check = \"must-be-set\"\nsetting = \"acme-bucket-key\"\nseverity = \"warning\"",
            ", key_alias = \"alias/archive\"",
            "",
            "key_alias",
            "instance `archive`: input `key_alias` = `null` is not set",
        ),
        (
            "check = \"must-be-set\"\nsetting = \"acme-log-bucket\"",
            ", logging = { target_bucket = \"acme-logs\" }",
            ", logging = { retention_days = 90 }",
            "logging.target_bucket",
            "instance `archive`: input `logging.target_bucket` = `null` is not set",
        ),
    ];
    let catalog = acme_catalog();
    for (rule, compliant, violating, field, message) in cases {
        let policy = policy(rule);
        // `must-be-set` has no compliant default: the inputs are null unless set.
        if !rule.contains("must-be-set") {
            assert_eq!(found(&judge(&catalog, &policy, "")), [], "{rule}: the defaults comply");
        }
        assert_eq!(found(&judge(&catalog, &policy, compliant)), [], "{rule}: {compliant} complies");
        let report = judge(&catalog, &policy, violating);
        assert_eq!(found(&report), [(field.to_owned(), message.to_owned())], "{rule}: {violating}");
        assert_eq!(report.findings[0].instance.as_deref(), Some("archive"), "{rule}");
        assert_eq!(report.passed(), rule.contains("warning"), "{rule}");
        assert!(report.findings[0].location.is_some(), "{rule}: the finding points into the stack file");
    }
}

#[test]
fn allowed_values_compare_numbers_by_value_and_leave_null_to_must_be_set() {
    let catalog = acme_catalog();
    let days = policy("check = \"allowed-values\"\nsetting = \"acme-noncurrent-version-days\"\nvalues = [30, 90.0]");
    assert_eq!(found(&judge(&catalog, &days, ", noncurrent_version_days = 90")), []);
    assert_eq!(found(&judge(&catalog, &days, ", noncurrent_version_days = 60")).len(), 1);
    let key = policy("check = \"allowed-values\"\nsetting = \"acme-bucket-key\"\nvalues = [\"alias/archive\"]");
    assert_eq!(found(&judge(&catalog, &key, "")), [], "null is not set, which must-be-set judges");
    assert_eq!(found(&judge(&catalog, &key, ", key_alias = \"alias/other\"")).len(), 1);
}

#[test]
fn derived_descriptions_and_fixes_name_the_setting() {
    let rule = &policy("check = \"minimum\"\nsetting = \"acme-noncurrent-version-days\"\nvalue = 30").rules[0];
    assert_eq!(rule.description, "Every `acme-noncurrent-version-days` is at least 30.");
    assert_eq!(rule.fix, "set the input governing `acme-noncurrent-version-days` to 30 or more");
}

#[test]
fn a_setting_no_blueprint_governs_is_refused_with_a_suggestion() {
    let catalog = acme_catalog();
    let misspelt = policy("check = \"minimum\"\nsetting = \"acme-noncurrent-versions-days\"\nvalue = 30");
    let error = misspelt.check_settings(catalog.iter()).unwrap_err().to_string();
    assert!(error.contains("policy.toml:7:11"), "{error}");
    assert!(
        error.contains(
            "rule `ACME_RULE`: no blueprint of the catalog governs the setting `acme-noncurrent-versions-days`"
        ),
        "{error}"
    );
    assert!(error.contains("did you mean `acme-noncurrent-version-days`?"), "{error}");

    // Nothing close: the settings the catalog's blueprints govern are listed.
    let unknown = policy("check = \"must-be-set\"\nsetting = \"acme-website\"");
    let error = unknown.check_settings(catalog.iter()).unwrap_err().to_string();
    assert!(error.contains("the catalog's blueprints govern `acme-access-logging`, `acme-bucket-key`"), "{error}");
    assert!(error.contains("`runtime`"), "{error}");

    // Paved's built-in catalog alone does not govern Acme's settings.
    let acme = policy("check = \"minimum\"\nsetting = \"acme-noncurrent-version-days\"\nvalue = 30");
    let error = acme.check_settings(Catalog::builtin().iter()).unwrap_err().to_string();
    assert!(
        error.contains("no blueprint of the catalog governs the setting `acme-noncurrent-version-days`"),
        "{error}"
    );
}

#[test]
fn a_generic_check_on_an_input_of_another_type_is_refused() {
    let catalog = acme_catalog();
    let minimum_of_text = policy("check = \"minimum\"\nsetting = \"acme-storage-class\"\nvalue = 3");
    let error = minimum_of_text.check_settings(catalog.iter()).unwrap_err().to_string();
    assert!(
        error.contains("rule `ACME_RULE`: `minimum` compares numbers, but the input `storage_class` of `acme-bucket` governing `acme-storage-class` is a string"),
        "{error}"
    );
    let true_of_number = policy("check = \"required-true\"\nsetting = \"acme-log-retention-days\"");
    let error = true_of_number.check_settings(catalog.iter()).unwrap_err().to_string();
    assert!(error.contains("input `logging.retention_days` of `acme-bucket`"), "{error}");
    assert!(error.contains("is a whole number"), "{error}");
}

#[test]
fn generic_checks_govern_paved_s_own_settings_too() {
    let catalog = acme_catalog();
    let memory = policy("check = \"maximum\"\nsetting = \"memory-size\"\nvalue = 512");
    assert_eq!(found(&judge(&catalog, &memory, "")), []);
    let mut text = stack("");
    text =
        text.replace("package_file = \"build/worker.zip\"", "package_file = \"build/worker.zip\", memory_size = 1024");
    let parsed =
        paved_stack::parse_stack_file(&text, Path::new("stack.toml")).unwrap_or_else(|error| panic!("{error}"));
    let report = check(&memory, &parsed.compose(&catalog).unwrap_or_else(|error| panic!("{error}")), TODAY);
    assert_eq!(
        found(&report),
        [(
            "memory_size".to_owned(),
            "instance `worker`: input `memory_size` = `1024` exceeds the maximum of 512".to_owned()
        )]
    );
}

#[test]
fn the_checkov_export_names_every_generic_rule_it_cannot_export() {
    let rule = policy("check = \"minimum\"\nsetting = \"acme-noncurrent-version-days\"\nvalue = 30");
    assert!(matches!(
        paved_policy::checkov_mapping(&rule.rules[0].check),
        paved_policy::CheckovMapping::NotExpressible { .. }
    ));
    let files = paved_policy::export_checkov(&rule);
    assert_eq!(files.iter().filter(|(path, _)| path.ends_with(".yaml")).count(), 0);
    let readme =
        files.iter().find(|(path, _)| *path == "README.md").map(|(_, text)| text.to_owned()).unwrap_or_default();
    assert!(
        readme.contains("| `ACME_RULE` | a generic check judges the blueprint inputs marked with its setting"),
        "{readme}"
    );
}
