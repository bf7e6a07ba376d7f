//! Scaffolding through the library: the built-in templates are the directory's, requests and
//! templates that cannot work are refused with what, where and how to fix, and values from the
//! command line stay literal in every file.

use paved_blueprint::{EntityName, OneLine, ServiceName, TagKey};
use paved_catalog::Catalog;
use paved_service::{ServiceRequest, ServiceTemplates};
use paved_stack::ModuleSource;
use std::path::Path;

fn request(service_type: &str) -> ServiceRequest {
    ServiceRequest::new(
        ServiceName::new("payment-gateway").expect("valid"),
        service_type,
        EntityName::new("payments-team").expect("valid"),
    )
}

/// This tree's `blueprints/service-types/`.
fn source_templates_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints/service-types")
}

fn directory_templates() -> ServiceTemplates {
    ServiceTemplates::load(&source_templates_dir()).expect("the templates load")
}

/// A copy of this tree's templates in a temporary folder, with `change` applied to it.
fn changed_templates(change: impl FnOnce(&Path)) -> (tempfile::TempDir, ServiceTemplates) {
    let scratch = tempfile::tempdir().expect("temp dir");
    copy(&source_templates_dir(), scratch.path());
    change(scratch.path());
    let templates = ServiceTemplates::load(scratch.path()).unwrap_or_else(|error| panic!("{error}"));
    (scratch, templates)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("creates");
    for entry in std::fs::read_dir(from).expect("reads").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copies");
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("reads");
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    std::fs::write(path, text.replace(from, to)).expect("writes");
}

fn error_text(templates: &ServiceTemplates, request: &ServiceRequest) -> String {
    templates.scaffold(request, Catalog::builtin()).expect_err("refused").to_string()
}

#[test]
fn the_built_in_templates_are_the_directory_s() {
    let built_in = ServiceTemplates::built_in().expect("the built-in templates load");
    let directory = directory_templates();
    let names: Vec<String> = directory.types().map(|service_type| service_type.name.to_string()).collect();
    assert_eq!(names, ["event-consumer", "queue-worker", "rest-api", "scheduled-job"]);
    for name in &names {
        let from_directory = directory.scaffold(&request(name), Catalog::builtin()).expect("scaffolds").files;
        let from_built_in = built_in.scaffold(&request(name), Catalog::builtin()).expect("scaffolds").files;
        assert_eq!(
            from_directory, from_built_in,
            "{name}: the built-in templates differ from blueprints/service-types/"
        );
    }
}

#[test]
fn a_wrong_name_gets_the_rule_and_a_fixed_name() {
    let error = paved_service::parse_service_name("Payment_Gateway").unwrap_err();
    assert_eq!(
        error.to_string(),
        "`Payment_Gateway` is not a valid service name: use 3 to 32 lowercase letters and digits in words joined by single `-`, starting with a letter; did you mean `payment-gateway`?"
    );
    let error = paved_service::parse_service_name("__").unwrap_err();
    assert!(error.to_string().ends_with("starting with a letter"), "{error}");
}

#[test]
fn an_unknown_type_gets_the_closest_or_the_list() {
    let templates = directory_templates();
    let error = error_text(&templates, &request("rest-apis"));
    assert!(error.starts_with("unknown service type `rest-apis` in "), "{error}");
    assert!(error.ends_with("; did you mean `rest-api`?"), "{error}");
    let error = error_text(&templates, &request("graphql"));
    assert!(
        error.ends_with("; the types are `event-consumer`, `queue-worker`, `rest-api`, `scheduled-job`"),
        "{error}"
    );
}

#[test]
fn tags_become_required_in_every_environment_the_platform_s_default_and_finops_tags_are_paved_s() {
    let templates = directory_templates();
    let mut tagged = request("queue-worker");
    tagged.tags.insert(TagKey::new("CostCenter").expect("valid"), OneLine::new("cc-7").expect("valid"));
    let files = templates.scaffold(&tagged, Catalog::builtin()).expect("scaffolds").files;
    let stack = files.get("infra/stack.toml").expect("the stack file");
    assert!(stack.contains("required_tags = [\"CostCenter\"]"), "{stack}");
    assert_eq!(stack.matches(", \"CostCenter\" = \"cc-7\" }").count(), 2, "{stack}");

    let plain = templates.scaffold(&request("queue-worker"), Catalog::builtin()).expect("scaffolds");
    assert!(plain.files.get("infra/stack.toml").expect("stack").contains(", \"CostCenter\" = \"payments-team\" }"));
    assert_eq!(
        plain.notes,
        ["the platform requires the tag `CostCenter`; it is `payments-team` (the Department) in every environment: \
          pass --tag CostCenter=<value> or change it in the stack file"]
    );

    tagged.tags.insert(TagKey::new("Service").expect("valid"), OneLine::new("other").expect("valid"));
    assert_eq!(
        error_text(&templates, &tagged),
        "the tag `Service` is set by Paved in every environment; drop it (use --department for `Department`)"
    );
}

#[test]
fn a_vendored_service_composes_with_copies_and_a_registry_can_be_chosen() {
    let templates = directory_templates();
    let mut vendored = request("scheduled-job");
    vendored.source = Some(ModuleSource::Vendored);
    let files = templates.scaffold(&vendored, Catalog::builtin()).expect("scaffolds").files;
    assert!(files.get("infra/stack.toml").expect("stack").contains("mode = \"vendored\""));
    assert!(files.get("README.md").expect("README").contains("The modules are vendored"));

    let mut other = request("scheduled-job");
    other.source = Some(ModuleSource::Registry(
        paved_blueprint::RegistryNamespace::new("modules.internal:8443/team").expect("valid"),
    ));
    let files = templates.scaffold(&other, Catalog::builtin()).expect("scaffolds").files;
    assert!(files.get("infra/stack.toml").expect("stack").contains("registry = \"modules.internal:8443/team\""));
}

#[test]
fn a_hostile_description_stays_literal() {
    let hostile = r#"Takes "payments" \ {{name}} ${var.secret} %{ if true }x%{ endif } 'quoted' # not a comment"#;
    let mut request = request("rest-api");
    request.description = Some(OneLine::new(hostile).expect("one line"));
    let files = directory_templates().scaffold(&request, Catalog::builtin()).expect("scaffolds").files;
    let stack: toml::Value = toml::from_str(files.get("infra/stack.toml").expect("stack")).expect("TOML");
    assert_eq!(stack["stack"]["description"].as_str(), Some(hostile));
    assert_eq!(stack["instances"]["api"]["inputs"]["description"].as_str(), Some(hostile));
    assert!(files.get("README.md").expect("README").contains(hostile));
    let catalog_info = files.get("catalog-info.yaml").expect("catalog-info.yaml");
    assert!(catalog_info.contains(&serde_json::Value::from(hostile).to_string()), "{catalog_info}");
}

#[test]
fn a_stack_template_that_does_not_compose_is_the_template_s_fault() {
    let (scratch, templates) = changed_templates(|root| {
        edit(&root.join("rest-api/stack.toml.hbs"), "routes = [\"GET /health\"", "routes = [\"FETCH /health\"");
    });
    assert_eq!(
        error_text(&templates, &request("rest-api")),
        format!(
            "the `rest-api` templates give a stack file that does not compose; fix {} (lines and columns are those of the rendered file):\n\
             infra/stack.toml:32:11: instance `api`: input `routes[0]` = `FETCH /health` must be well formed: use `METHOD /path` \
             with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS (for example `GET /orders/{{id}}`), or `$default`",
            scratch.path().join("rest-api/stack.toml.hbs").display()
        )
    );
}

#[test]
fn a_manifest_must_list_the_blueprints_its_stack_composes() {
    let (scratch, templates) = changed_templates(|root| {
        edit(&root.join("rest-api/service-type.toml"), "blueprints = [\"sync-api-dynamodb\"]", "blueprints = []");
    });
    assert_eq!(
        error_text(&templates, &request("rest-api")),
        format!(
            "{}: `blueprints` lists nothing but the stack file composes `sync-api-dynamodb`; make them agree",
            scratch.path().join("rest-api/service-type.toml").display()
        )
    );
}

#[test]
fn a_path_that_leaves_the_repository_is_refused() {
    let (scratch, templates) = changed_templates(|root| {
        edit(&root.join("rest-api/service-type.toml"), "path = \"src/app.py\"", "path = \"../{{name}}/app.py\"");
    });
    assert_eq!(
        error_text(&templates, &request("rest-api")),
        format!(
            "{}: the path `../payment-gateway/app.py` leaves the repository; give a relative path with `/` and no `..`",
            scratch.path().join("rest-api/app.py.hbs").display()
        )
    );
}

#[test]
fn broken_manifests_are_refused_when_loaded_with_file_line_and_column() {
    let scratch = tempfile::tempdir().expect("temp dir");
    copy(&source_templates_dir(), scratch.path());
    let manifest = scratch.path().join("queue-worker/service-type.toml");
    edit(&manifest, "summary =", "sumary =");
    assert_eq!(
        ServiceTemplates::load(scratch.path()).expect_err("refused").to_string(),
        format!(
            "{}: line 3, column 1: unknown field `sumary`, expected one of `summary`, `description`, `blueprints`, `stack`, `files`",
            manifest.display()
        )
    );

    copy(&source_templates_dir(), scratch.path());
    edit(&manifest, "template = \"queue-worker/app.py.hbs\"", "template = \"queue-worker/missing.py.hbs\"");
    assert_eq!(
        ServiceTemplates::load(scratch.path()).expect_err("refused").to_string(),
        format!(
            "{}: the file `src/app.py` names the template `queue-worker/missing.py.hbs`, which is not in the templates directory",
            manifest.display()
        )
    );

    let empty = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        ServiceTemplates::load(empty.path()).expect_err("refused").to_string(),
        format!(
            "{}: is missing; a templates directory holds `platform.toml` and one folder per service type",
            empty.path().join("platform.toml").display()
        )
    );
}

#[test]
fn a_template_error_names_the_template_line_and_column() {
    let (scratch, templates) = changed_templates(|root| {
        edit(&root.join("common/CODEOWNERS.hbs"), "@{{platform.github_organization}}/{{owner}}", "{{owner.nope}}");
    });
    let error = error_text(&templates, &request("rest-api"));
    assert!(
        error.starts_with(&format!("{}: line 3, column ", scratch.path().join("common/CODEOWNERS.hbs").display())),
        "{error}"
    );
}
