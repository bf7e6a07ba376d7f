//! Lists and maps of objects are first-class: a test-only blueprint (`acme-event-targets`, a map of
//! function settings and a list of routes) composed from `tests/data/collections/stack.toml`, where
//! production overrides one map element and one list element. The root configuration is the
//! committed `golden/` (variables for exactly the two attributes that differ) and `terraform fmt`
//! clean; `paved check` names the element that breaks a ceiling; defaults are filled and dropped
//! inside the elements; an override of an index the list does not have is refused where it is
//! written.
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers collections`.

use jiff::civil::date;
use paved_blueprint::{Definition, Parts, ResourceName};
use paved_catalog::Catalog;
use paved_catalog::baseline_lambda::FunctionSettings;
use paved_tests::{read_tree, repository_root, tree_differences};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Inputs of `acme-event-targets`: functions by target name and routes in order.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EventTargetsInputs {
    /// The event bus's name.
    bus_name: ResourceName,
    /// The functions the bus's rules invoke, by target name.
    #[serde(default)]
    targets: BTreeMap<String, Target>,
    /// The routes events take, in order.
    #[serde(default)]
    routes: Vec<Route>,
}

/// One target of the bus: a function with the paved road's settings.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Target {
    /// The function's settings.
    function: FunctionSettings,
}

/// One route of the bus.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Route {
    /// The path events of this route match.
    path: String,
    /// Seconds a delivery on this route may take.
    #[serde(default = "default_route_timeout")]
    #[schemars(range(min = 1, max = 900))]
    #[schemars(extend("x-paved-governs" = "timeout"))]
    timeout: u32,
}

fn default_route_timeout() -> u32 {
    30
}

fn event_targets() -> Definition {
    let package = paved_blueprint::PackagePath::new("build/orders.zip").expect("a valid path");
    Definition::build(Parts {
        name: "acme-event-targets",
        version: "1.0.0",
        summary: "An Acme event bus with function targets.",
        description: "An Acme event bus with function targets.",
        notes: "",
        outputs: Vec::new(),
        example: EventTargetsInputs {
            bus_name: ResourceName::new("orders").expect("a valid name"),
            targets: BTreeMap::from([("orders".to_owned(), Target { function: FunctionSettings::new(package) })]),
            routes: vec![Route { path: "/orders".into(), timeout: default_route_timeout() }],
        },
        main_template: "locals {\n  settings = [var.bus_name, var.targets, var.routes]\n}\n",
    })
    .expect("the event targets definition builds")
}

/// The built-in blueprints plus `acme-event-targets`.
fn catalog() -> Catalog {
    Catalog::builder().with_builtin().add_definition(event_targets()).build().expect("the test catalog builds")
}

fn data() -> PathBuf {
    repository_root().join("tests/data/collections")
}

fn stack_text() -> String {
    std::fs::read_to_string(data().join("stack.toml")).expect("the stack file")
}

fn compose(text: &str) -> Result<paved_module::ModuleFiles, String> {
    let stack = paved_stack::parse_stack_file(text, Path::new("stack.toml")).map_err(|error| error.to_string())?;
    let catalog = catalog();
    let composition = stack.compose(&catalog).map_err(|error| error.to_string())?;
    Ok(composition.emit().expect("emits"))
}

#[test]
fn overriding_one_map_element_and_one_list_element_varies_only_those_attributes() {
    let files = compose(&stack_text()).unwrap_or_else(|error| panic!("{error}"));
    let main = files.get("main.tf").expect("main.tf");
    // The variables stand at the exact attributes; the rest of each element stays literal.
    assert!(main.contains("memory_size  = var.bus_targets_orders_function_memory_size"), "{main}");
    assert!(main.contains("timeout = var.bus_routes_1_timeout"), "{main}");
    assert!(main.contains("package_file = \"build/audit.zip\""), "{main}");
    assert_eq!(main.matches("var.").count(), 2, "{main}");
    let production = files.get("environments/production.tfvars").expect("production.tfvars");
    assert!(production.contains("bus_targets_orders_function_memory_size = 4096\n"), "{production}");
    assert!(production.contains("bus_routes_1_timeout                    = 300\n"), "{production}");
    let development = files.get("environments/development.tfvars").expect("development.tfvars");
    assert!(development.contains("bus_routes_1_timeout                    = 10\n"), "{development}");

    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("events");
    files.write_to(&out, true).expect("writes");
    let golden = data().join("golden");
    if std::env::var_os("PAVED_BLESS").is_some() {
        files.write_to(&golden, true).expect("writes the golden files");
    }
    let problems = tree_differences("tests/data/collections/golden", &read_tree(&out), &read_tree(&golden));
    assert!(
        problems.is_empty(),
        "the committed composition is stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers collections`",
        problems.join("\n  ")
    );

    let Some(terraform) = paved_testing::require_terraform() else { return };
    if let Some(problem) = paved_testing::terraform_fmt_problem(&terraform, &out, "the composed events stack") {
        panic!("{problem}");
    }
}

#[test]
fn paved_check_names_the_map_element_and_the_list_item_over_the_ceilings() {
    let catalog = catalog();
    let checked = paved_policy::check_stack_file(
        &data().join("policy.toml"),
        &data().join("stack.toml"),
        &catalog,
        date(2026, 12, 1),
    )
    .unwrap_or_else(|unchecked| panic!("{unchecked}"));
    let found: Vec<(String, Vec<String>, String)> = checked
        .report
        .findings
        .iter()
        .map(|finding| {
            let location = finding.location.as_ref().map(ToString::to_string).unwrap_or_default();
            (finding.field.clone().unwrap_or_default(), finding.environments.clone(), location)
        })
        .collect();
    let file = data().join("stack.toml").display().to_string();
    assert_eq!(
        found,
        [
            (
                r#"targets["orders"].function.memory_size"#.to_owned(),
                vec!["production".to_owned()],
                format!("{file}:48:15")
            ),
            ("routes[1].timeout".to_owned(), vec!["production".to_owned()], format!("{file}:52:11")),
        ]
    );
    // What `paved check` prints, paths masked.
    let text = paved_policy::render_text(&checked.report, false).replace(&file, "stack.toml");
    let golden = data().join("check.txt");
    if std::env::var_os("PAVED_BLESS").is_some() {
        std::fs::write(&golden, &text).expect("writes check.txt");
    }
    let committed = std::fs::read_to_string(&golden).unwrap_or_default();
    assert_eq!(
        text, committed,
        "`paved check` output changed; if intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers collections`"
    );
    assert!(
        text.contains(
            "instance `bus`: input `targets[\"orders\"].function.memory_size` = `4096` exceeds the ceiling of 2048 MB"
        ),
        "{text}"
    );
}

#[test]
fn defaults_are_filled_and_dropped_inside_map_values_and_list_items() {
    // Written as the defaults are: the composition keeps only what the stack chooses.
    let text = stack_text()
        .replace("path = \"/orders\"", "path = \"/orders\"\ntimeout = 30")
        .replace("runtime = \"nodejs20.x\"", "runtime = \"nodejs20.x\"\nmemory_size = 256\ntracing_mode = \"Active\"");
    let stack = paved_stack::parse_stack_file(&text, Path::new("stack.toml")).unwrap_or_else(|error| panic!("{error}"));
    let catalog = catalog();
    let composition = stack.compose(&catalog).unwrap_or_else(|error| panic!("{error}"));
    let bus = &composition.instances()[0];
    let written = bus.inputs("development").expect("development inputs");
    assert_eq!(written["routes"][0], json!({ "path": "/orders" }));
    assert_eq!(
        written["targets"]["audit"],
        json!({ "function": { "package_file": "build/audit.zip", "runtime": "nodejs20.x" } })
    );
    // And filled in where the module gets them, at every depth.
    let effective = bus.effective_inputs("development").expect("development inputs");
    assert_eq!(effective["routes"][0]["timeout"], json!(30));
    assert_eq!(effective["targets"]["audit"]["function"]["memory_size"], json!(256));
    assert_eq!(effective["targets"]["audit"]["function"]["log_retention_days"], json!(365));
    assert_eq!(effective["targets"]["orders"]["function"]["runtime"], json!("python3.12"));
    // The emitted root passes only what differs from the defaults.
    let files = composition.emit().expect("emits");
    let main = files.get("main.tf").expect("main.tf");
    assert!(!main.contains("tracing_mode") && !main.contains("timeout = 30"), "{main}");
}

#[test]
fn an_override_of_an_index_the_list_does_not_have_is_refused_where_it_is_written() {
    let text = stack_text().replace("inputs.routes.1]", "inputs.routes.5]");
    let error = compose(&text).expect_err("index 5 of a list of 2 is refused");
    assert!(
        error.contains("stack.toml:51:54: instance `bus` in environment `production` overrides `routes[5]`, but the list `routes` has 2 items"),
        "{error}"
    );
    assert!(error.contains("override an index from 0 to 1, or set the whole list"), "{error}");

    let text = stack_text().replace("inputs.routes.1]", "inputs.routes.second]");
    let error = compose(&text).expect_err("a key that is not an index is refused");
    assert!(error.contains("overrides `second` of the list `routes`, which is not an index"), "{error}");
}

#[test]
fn generic_checks_judge_governed_attributes_inside_map_values_and_list_items() {
    let catalog = catalog();
    let text = "[policy]\nname = \"acme\"\n\n[[rules]]\nid = \"ACME_MEMORY\"\ncheck = \"maximum\"\nsetting = \"memory-size\"\nvalue = 512\n\n[[rules]]\nid = \"ACME_ROUTE_TIMEOUT\"\ncheck = \"minimum\"\nsetting = \"timeout\"\nvalue = 40\n";
    let policy = paved_policy::Policy::parse(text, Path::new("policy.toml")).unwrap_or_else(|error| panic!("{error}"));
    policy.check_settings(catalog.iter()).unwrap_or_else(|error| panic!("{error}"));
    let stack =
        paved_stack::parse_stack_file(&stack_text(), Path::new("stack.toml")).unwrap_or_else(|error| panic!("{error}"));
    let composition = stack.compose(&catalog).unwrap_or_else(|error| panic!("{error}"));
    let report = paved_policy::check(&policy, &composition, date(2026, 12, 1));
    let found: Vec<(String, Vec<String>, String)> = report
        .findings
        .iter()
        .map(|finding| {
            (finding.field.clone().unwrap_or_default(), finding.environments.clone(), finding.message.clone())
        })
        .collect();
    let both = vec!["development".to_owned(), "production".to_owned()];
    let production = vec!["production".to_owned()];
    assert_eq!(
        found,
        [
            (
                r#"targets["orders"].function.memory_size"#.to_owned(),
                vec!["development".to_owned()],
                r#"instance `bus`: input `targets["orders"].function.memory_size` = `1024` exceeds the maximum of 512"#
                    .to_owned()
            ),
            (
                r#"targets["orders"].function.memory_size"#.to_owned(),
                production,
                r#"instance `bus`: input `targets["orders"].function.memory_size` = `4096` exceeds the maximum of 512"#
                    .to_owned()
            ),
            // Timeouts left to their defaults (30 seconds) are filled in to be judged.
            (
                r#"targets["audit"].function.timeout"#.to_owned(),
                both.clone(),
                r#"instance `bus`: input `targets["audit"].function.timeout` = `30` is below the minimum of 40"#
                    .to_owned()
            ),
            (
                r#"targets["orders"].function.timeout"#.to_owned(),
                both.clone(),
                r#"instance `bus`: input `targets["orders"].function.timeout` = `30` is below the minimum of 40"#
                    .to_owned()
            ),
            (
                "routes[0].timeout".to_owned(),
                both,
                "instance `bus`: input `routes[0].timeout` = `30` is below the minimum of 40".to_owned()
            ),
            (
                "routes[1].timeout".to_owned(),
                vec!["development".to_owned()],
                "instance `bus`: input `routes[1].timeout` = `10` is below the minimum of 40".to_owned()
            ),
        ]
    );
}

#[test]
fn the_module_of_a_blueprint_with_maps_and_lists_of_objects_shows_only_chosen_values_and_is_fmt_clean() {
    let definition = event_targets();
    let files = paved_module::emit(&definition, &|_| None).expect("emits");
    // The example was given every default (`FunctionSettings::new`, a route timeout of 30):
    // inside the map value and the list item, only what it chooses is left.
    let example = files.get("examples/basic/main.tf").expect("the example");
    assert!(
        example.contains(
            "\"orders\" = {\n      function = {\n        package_file = \"build/orders.zip\"\n      }\n    }"
        ),
        "{example}"
    );
    assert!(example.contains("path = \"/orders\""), "{example}");
    assert!(!example.contains("memory_size") && !example.contains("timeout"), "{example}");
    // Terraform fills the element attributes' defaults itself.
    let variables = files.get("variables.tf").expect("variables.tf");
    assert!(variables.contains("memory_size = optional(number, 256)"), "{variables}");
    assert!(variables.contains("timeout = optional(number, 30)"), "{variables}");

    let Some(terraform) = paved_testing::require_terraform() else { return };
    let scratch = tempfile::tempdir().expect("temp dir");
    files.write_to(scratch.path(), true).expect("writes");
    if let Some(problem) =
        paved_testing::terraform_fmt_problem(&terraform, scratch.path(), "the acme-event-targets module")
    {
        panic!("{problem}");
    }
}

#[test]
fn a_list_element_override_that_breaks_a_rule_is_refused_where_it_is_written() {
    let text = stack_text().replace("timeout = 300", "timeout = 5000");
    let error = compose(&text).expect_err("a timeout over 900 is refused");
    assert_eq!(
        error,
        "stack.toml:52:11: instance `bus`: input `routes[1].timeout` = `5000` must be between 1 and 900 (in environment `production`)"
    );
}

#[test]
fn a_hostile_map_key_stays_a_literal_key_and_gives_a_valid_variable_name() {
    let text = stack_text().replace("targets.orders.function", "targets.\"or-ders ${x} \\\"q\\\"\".function");
    let files = compose(&text).unwrap_or_else(|error| panic!("{error}"));
    let main = files.get("main.tf").expect("main.tf");
    assert!(main.contains("\"or-ders $${x} \\\"q\\\"\" = {"), "{main}");
    assert!(main.contains("memory_size  = var.bus_targets_or_ders___x___q__function_memory_size\n"), "{main}");
    let production = files.get("environments/production.tfvars").expect("production.tfvars");
    assert!(production.contains("bus_targets_or_ders___x___q__function_memory_size = 4096\n"), "{production}");

    let Some(terraform) = paved_testing::require_terraform() else { return };
    let scratch = tempfile::tempdir().expect("temp dir");
    files.write_to(scratch.path(), true).expect("writes");
    if let Some(problem) = paved_testing::terraform_fmt_problem(&terraform, scratch.path(), "the hostile-key stack") {
        panic!("{problem}");
    }
}

/// `acme-event-targets` known to Rust by its inputs type.
struct EventTargets;

impl paved_blueprint::Blueprint for EventTargets {
    type Inputs = EventTargetsInputs;
    type Outputs = ();
    fn outputs(_instance: &str) -> Self::Outputs {}
    fn definition() -> Definition {
        event_targets()
    }
}

/// The inputs of `tests/data/collections/stack.toml`'s `bus` in one environment, every default
/// written out as typed Rust values carry them.
fn bus_inputs(orders_memory: u32, second_route_timeout: u32) -> EventTargetsInputs {
    let package = |path: &str| paved_blueprint::PackagePath::new(path).expect("a valid path");
    let mut orders = FunctionSettings::new(package("build/orders.zip"));
    orders.memory_size = orders_memory;
    let mut audit = FunctionSettings::new(package("build/audit.zip"));
    audit.runtime = paved_blueprint::Runtime::Nodejs20;
    EventTargetsInputs {
        bus_name: ResourceName::new("orders").expect("a valid name"),
        targets: BTreeMap::from([
            ("audit".to_owned(), Target { function: audit }),
            ("orders".to_owned(), Target { function: orders }),
        ]),
        routes: vec![
            Route { path: "/orders".into(), timeout: default_route_timeout() },
            Route { path: "/refunds".into(), timeout: second_route_timeout },
        ],
    }
}

#[test]
fn the_rust_api_with_every_default_written_composes_to_the_same_root_as_the_stack_file() {
    use paved_blueprint::{AwsRegion, EntityName, EnvironmentName, InstanceName, Lifecycle, RegistryNamespace, TagKey};
    let mut stack = paved_stack::Stack::new(paved_stack::StackSettings {
        name: ResourceName::new("events").expect("valid"),
        description: "Routes order events.".into(),
        owner: EntityName::new("team-orders").expect("valid"),
        system: EntityName::new("commerce").expect("valid"),
        lifecycle: Lifecycle::Production,
        required_tags: Vec::new(),
        source: paved_stack::ModuleSource::Registry(
            RegistryNamespace::new("registry.example.com/platform").expect("valid"),
        ),
    });
    for name in ["development", "production"] {
        let tags = [("Environment", name), ("Department", "retail"), ("Service", "events")]
            .into_iter()
            .map(|(key, value)| (TagKey::new(key).expect("valid"), value.to_owned()))
            .collect();
        let region = AwsRegion::new("eu-west-1").expect("valid");
        stack.environment(EnvironmentName::new(name).expect("valid"), paved_stack::Environment { region, tags });
    }
    let production = EnvironmentName::new("production").expect("valid");
    stack.add_per_environment::<EventTargets>(
        InstanceName::new("bus").expect("valid"),
        bus_inputs(1024, 10),
        [(production, bus_inputs(4096, 300))],
    );
    let catalog = catalog();
    let from_rust = stack.compose(&catalog).unwrap_or_else(|error| panic!("{error}")).emit().expect("emits");
    let from_file = compose(&stack_text()).unwrap_or_else(|error| panic!("{error}"));
    for path in ["main.tf", "variables.tf", "environments/development.tfvars", "environments/production.tfvars"] {
        assert_eq!(from_rust.get(path), from_file.get(path), "{path} differs between the Rust API and the stack file");
    }
}
