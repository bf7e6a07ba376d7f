//! The command line of Paved over any catalog: `paved` is [`run`] over the built-in catalog, and a
//! platform team's binary is [`run`] over its own.
//!
//! ```no_run
//! use paved_catalog::Catalog;
//! fn main() -> std::process::ExitCode {
//!     let catalog = Catalog::builder().with_builtin().namespace("acme").build().expect("a valid catalog");
//!     paved_cli::run(catalog)
//! }
//! ```
//!
//! The binary's name in help, usage and errors is the one it was started as (`argv[0]`), so a
//! platform team's `acme` binary says `Usage: acme …` and `run \`acme blueprints\``.
//!
//! Each command parses its arguments and calls a library. Module map: this file (the arguments,
//! [`run`], [`run_from`] and the commands), `check` (`paved check`'s exit statuses and reports),
//! `output` (standard output, what a replaced directory lost, the binary's name in messages).

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches, Subcommand};
use paved_blueprint::{
    Definition, EntityName, Field, Lifecycle, OneLine, RegistryNamespace, ServiceName, TagKey, display_value,
};
use paved_catalog::Catalog;
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod catalog_new;
mod check;
mod output;

/// Paved: a typed catalog of serverless blueprints, emitted as Terraform modules.
#[derive(clap::Parser)]
#[command(name = "paved", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the catalog: name, version and one-line description of every blueprint.
    Blueprints {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Inspect one blueprint.
    Blueprint {
        #[command(subcommand)]
        command: BlueprintCommand,
    },
    /// Compose a stack file into a root Terraform configuration.
    Compose {
        /// The stack file, such as `examples/orders/stack.toml`.
        stack: PathBuf,
        /// The directory to write; created if missing.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        replace: ReplaceArguments,
        /// An organisation policy file: composing fails on any unwaived error-severity violation.
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Judge waivers as of this day (`YYYY-MM-DD`) instead of today (UTC).
        #[arg(long, requires = "policy")]
        as_of: Option<jiff::civil::Date>,
        /// Vendor the modules under `modules/` whatever the stack file's `[source]` says, so
        /// scanners (terraform fmt, Checkov) see their contents.
        #[arg(long)]
        vendored: bool,
    },
    /// Check a stack file against an organisation policy; exits 1 on any unwaived error, 2 when
    /// the stack cannot be checked.
    #[command(after_help = check::EXIT_STATUSES)]
    Check {
        /// The stack file, such as `examples/orders/stack.toml`.
        stack: PathBuf,
        /// The policy file, such as `examples/policies/acme.toml`.
        #[arg(long)]
        policy: PathBuf,
        /// The report's format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Judge waivers as of this day (`YYYY-MM-DD`) instead of today (UTC).
        #[arg(long)]
        as_of: Option<jiff::civil::Date>,
    },
    /// Organisation policies.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Scaffold a service repository: handler code and tests, infra/stack.toml, CI, catalog-info.yaml.
    NewService(NewServiceArguments),
    /// Publish every catalog blueprint at its version to a static module registry: a folder or
    /// an S3 bucket. S3 credentials come from the environment (AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION), never from flags.
    Publish {
        /// Where the registry is: a folder (`registry/`, `file:///srv/registry`) or
        /// `s3://<bucket>/<prefix>`.
        #[arg(long)]
        registry: paved_registry::RegistryLocation,
        /// The endpoint of an S3-compatible store, such as `http://127.0.0.1:9000` (default: AWS).
        #[arg(long)]
        endpoint: Option<String>,
        /// Accept a plain-http endpoint on another machine (plain http is always accepted for
        /// this machine's loopback addresses).
        #[arg(long, requires = "endpoint")]
        allow_http: bool,
        /// The namespace modules are published under.
        #[arg(long)]
        namespace: Option<String>,
    },
    /// Download a module version from a registry, verify its digest and extract it safely.
    Fetch {
        /// The module address, such as `platform/baseline-lambda/aws`.
        address: String,
        /// A Terraform version constraint, such as `~> 1.0` or `>= 1.0, < 2.0`.
        #[arg(long, default_value = ">= 0.0.0")]
        version: String,
        /// The registry's base URL, such as `https://127.0.0.1:8443`.
        #[arg(long)]
        registry: String,
        /// The directory to extract into (created; must be empty if it exists).
        #[arg(long)]
        out: PathBuf,
        /// A CA certificate (PEM) to trust besides the system's and `SSL_CERT_FILE`'s.
        #[arg(long)]
        ca_cert: Option<PathBuf>,
        /// The limit on each request, in seconds: connecting, sending and reading the response.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
        timeout: u64,
        /// How many times a request that failed in transit (or with a 5xx) is tried again.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=20))]
        retries: u32,
    },
    /// A registry: serve it locally, check it against its index, or rebuild its index.
    Registry {
        #[command(subcommand)]
        command: RegistryCommand,
    },
    /// Stack files.
    Stack {
        #[command(subcommand)]
        command: StackCommand,
    },
    /// Work with blueprint modules.
    Module {
        #[command(subcommand)]
        command: ModuleCommand,
    },
    /// A platform team's own catalog crate.
    Catalog {
        #[command(subcommand)]
        command: catalog_new::CatalogCommand,
    },
}

#[derive(clap::Args)]
struct NewServiceArguments {
    /// The service's name: 3 to 32 lowercase letters and digits in words joined by `-`.
    #[arg(long, value_parser = parse_service_name)]
    name: ServiceName,
    /// The service type: a folder of the templates (built in: `rest-api`, `queue-worker`, `scheduled-job`, `event-consumer`).
    #[arg(long = "type")]
    service_type: String,
    /// The owning team (Backstage owner, CODEOWNERS).
    #[arg(long)]
    owner: EntityName,
    /// The directory to write; created if missing.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    replace: ReplaceArguments,
    /// The Backstage system [default: the service's name].
    #[arg(long)]
    system: Option<EntityName>,
    /// Where the service is in its life.
    #[arg(long, default_value = "experimental")]
    lifecycle: Lifecycle,
    /// One sentence about the service [default: the service type's].
    #[arg(long)]
    description: Option<OneLine>,
    /// The `Department` cost-allocation tag [default: the owner].
    #[arg(long)]
    department: Option<EntityName>,
    /// A further cost-allocation tag every environment sets, as `KEY=VALUE` (repeatable).
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_tag)]
    tags: Vec<(TagKey, OneLine)>,
    /// The registry modules come from, as `<host>/<namespace>` [default: `platform.registry` of the templates].
    #[arg(long, conflicts_with = "vendored")]
    registry: Option<RegistryNamespace>,
    /// Vendor the modules into the composed configuration instead of taking them from a registry.
    #[arg(long)]
    vendored: bool,
    /// A templates directory laid out like Paved's `blueprints/service-types/` [default: the built-in copy of it].
    #[arg(long)]
    templates: Option<PathBuf>,
}

/// Whether and how a command replaces a directory that already holds files.
#[derive(clap::Args)]
struct ReplaceArguments {
    /// Replace the directory if it already holds files: what the new content does not have is
    /// removed (and listed), except git and Terraform state (`.git`, `.terraform`,
    /// `.terraform.lock.hcl`, `terraform.tfstate*`, kept at any depth). Refused if that would
    /// lose files git has not committed (see --discard-changes).
    #[arg(long)]
    force: bool,
    /// With --force, replace even files git reports as modified, added or untracked (not
    /// ignored) in the directory.
    #[arg(long, requires = "force")]
    discard_changes: bool,
}

impl ReplaceArguments {
    fn options(&self) -> paved_module::WriteOptions {
        paved_module::WriteOptions::new().replace(self.force).discard_changes(self.discard_changes)
    }
}

fn parse_service_name(text: &str) -> Result<ServiceName, paved_service::InvalidServiceName> {
    paved_service::parse_service_name(text)
}

fn parse_tag(text: &str) -> Result<(TagKey, OneLine), String> {
    let (key, value) = text.split_once('=').ok_or_else(|| format!("`{text}` is not `KEY=VALUE`"))?;
    Ok((TagKey::new(key).map_err(|error| error.to_string())?, OneLine::new(value).map_err(|error| error.to_string())?))
}

#[derive(Subcommand)]
enum BlueprintCommand {
    /// Show a blueprint's inputs (type, default, rules, description) and outputs.
    Show {
        /// The blueprint's name, such as `sync-api-dynamodb`.
        name: String,
        /// Print the interface as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of a blueprint's inputs (the file editors and CI validate against).
    Schema {
        /// The blueprint's name.
        name: String,
    },
}

#[derive(Subcommand)]
enum RegistryCommand {
    /// Serve a registry folder over HTTPS (--self-signed, or --tls-cert and --tls-key) or plain
    /// HTTP, for local use and tests.
    Serve {
        /// The registry folder.
        root: PathBuf,
        /// The address to listen on [default: 127.0.0.1:8443 over HTTPS, 127.0.0.1:8080 over plain HTTP].
        #[arg(long)]
        addr: Option<String>,
        /// The server certificate (PEM); serves HTTPS with --tls-key.
        #[arg(long, requires = "tls_key", conflicts_with = "self_signed")]
        tls_cert: Option<PathBuf>,
        /// The server's private key (PEM, PKCS#8 or RSA).
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Make a throwaway CA and server certificate in --tls-dir and serve HTTPS with them; prints
        /// the `SSL_CERT_FILE` to export for terraform and the `fetch` command.
        #[arg(long)]
        self_signed: bool,
        /// Where --self-signed writes `ca.pem`, `server.pem` and `server-key.pem`.
        #[arg(long, default_value = ".paved/tls", requires = "self_signed")]
        tls_dir: PathBuf,
    },
    /// Check every archive, download document and derived file against the index, and every
    /// archive against the index's list; report every problem (exit 1 if there is one).
    Verify {
        /// The registry: a folder or `s3://<bucket>/<prefix>`.
        registry: paved_registry::RegistryLocation,
        /// The endpoint of an S3-compatible store (default: AWS).
        #[arg(long)]
        endpoint: Option<String>,
        /// Accept a plain-http endpoint on another machine.
        #[arg(long, requires = "endpoint")]
        allow_http: bool,
    },
    /// Rebuild index.json and the derived files from the archives and download documents, each
    /// digest checked; writes nothing unless every archive is proven.
    Repair {
        /// The registry: a folder or `s3://<bucket>/<prefix>`.
        registry: paved_registry::RegistryLocation,
        /// The endpoint of an S3-compatible store (default: AWS).
        #[arg(long)]
        endpoint: Option<String>,
        /// Accept a plain-http endpoint on another machine.
        #[arg(long, requires = "endpoint")]
        allow_http: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    /// For people (coloured on a terminal).
    Text,
    /// The report's fields as JSON.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Write the policy's rules as Checkov custom checks (`all/` and one folder per scoped environment).
    Export {
        /// The policy file.
        policy: PathBuf,
        /// The directory to write the Checkov checks to.
        #[arg(long)]
        checkov: PathBuf,
        #[command(flatten)]
        replace: ReplaceArguments,
    },
    /// Print the JSON Schema of policy files (for editors and CI).
    Schema,
}

#[derive(Subcommand)]
enum StackCommand {
    /// Print the JSON Schema of stack files (for editors and CI).
    Schema,
}

#[derive(Subcommand)]
enum ModuleCommand {
    /// Write a blueprint (or, with --all, every blueprint) as a standard Terraform module.
    Emit {
        /// The blueprint's name, such as `baseline-lambda`.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        name: Option<String>,
        /// Emit every blueprint of the catalog, each into `<out>/<name>`.
        #[arg(long)]
        all: bool,
        /// The directory to write; created if missing.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        replace: ReplaceArguments,
    },
}

/// Runs the command line over `catalog` with this process's arguments; the binary's name in
/// help, usage and errors is the one it was started as.
pub fn run(catalog: Catalog) -> ExitCode {
    run_from(catalog, std::env::args_os())
}

/// Runs the command line over `catalog` with `args`, whose first item is the binary (its file
/// name, without `.exe`, is the name help, usage and errors give).
///
/// ```
/// use paved_catalog::Catalog;
/// let code = paved_cli::run_from(Catalog::builtin().clone(), ["/usr/local/bin/acme", "blueprint", "schema", "sqs-redrive"]);
/// assert_eq!(code, std::process::ExitCode::SUCCESS);
/// ```
pub fn run_from<I, T>(catalog: Catalog, args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let binary = output::binary_name(args.first());
    let cli = match parse(&catalog, &binary, args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with status 0, usage errors to stderr with status 2.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    match execute(cli, &catalog, &binary) {
        Ok(code) => code,
        Err(error) => {
            let mut message = format!("error: {error}");
            for cause in error.chain().skip(1) {
                message.push_str(&format!("\n  caused by: {cause}"));
            }
            eprintln!("{}", output::in_binary_terms(&message, &binary));
            ExitCode::FAILURE
        }
    }
}

/// The arguments, parsed by the command line named `binary`, with the defaults `catalog` gives.
fn parse(catalog: &Catalog, binary: &str, args: Vec<OsString>) -> Result<Cli, clap::Error> {
    let command =
        Cli::command().name(binary.to_owned()).bin_name(binary.to_owned()).mut_subcommand("publish", |publish| {
            publish.mut_arg("namespace", |namespace| namespace.default_value(catalog.namespace().to_owned()))
        });
    let matches = command.try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// Runs the parsed command over `catalog`.
fn execute(cli: Cli, catalog: &Catalog, binary: &str) -> Result<ExitCode> {
    let mut stdout = output::Stdout::new();
    match cli.command {
        Command::Blueprints { json } => {
            if json {
                let list: Vec<_> = catalog
                    .iter()
                    .map(|definition| {
                        serde_json::json!({"name": definition.name, "version": definition.version.to_string(), "summary": definition.summary})
                    })
                    .collect();
                writeln!(stdout, "{}", serde_json::to_string_pretty(&list)?)?;
            } else {
                let width = catalog.iter().map(|definition| definition.name.as_str().len()).max().unwrap_or(4).max(4);
                writeln!(stdout, "{:width$}  {:7}  SUMMARY", "NAME", "VERSION")?;
                for definition in catalog.iter() {
                    writeln!(
                        stdout,
                        "{:width$}  {:7}  {}",
                        definition.name.as_str(),
                        definition.version.to_string(),
                        definition.summary
                    )?;
                }
            }
        }
        Command::Blueprint { command: BlueprintCommand::Show { name, json } } => {
            let definition = catalog.get(&name)?;
            if json {
                let mut interface = serde_json::json!({
                    "name": definition.name,
                    "version": definition.version.to_string(),
                    "summary": definition.summary,
                    "inputs": definition.inputs,
                    "outputs": definition.outputs,
                });
                if !definition.provider_aliases.is_empty() {
                    interface["provider_aliases"] = serde_json::json!(definition.provider_aliases);
                }
                writeln!(stdout, "{}", serde_json::to_string_pretty(&interface)?)?;
            } else {
                write!(stdout, "{}", describe(definition))?;
            }
        }
        Command::Compose { stack, out, replace, vendored, policy, as_of } => {
            let mut parsed = paved_stack::read_stack_file(&stack)?;
            if vendored {
                parsed.set_source(paved_stack::ModuleSource::Vendored);
            }
            let composition = parsed.compose(catalog)?;
            if let Some(policy) = policy {
                let policy = paved_policy::Policy::read_for_catalog(&policy, catalog)?;
                let report = paved_policy::check(&policy, &composition, as_of.unwrap_or_else(paved_policy::today));
                if !report.findings.is_empty() {
                    eprint!("{}", paved_policy::render_text(&report, use_color(&std::io::stderr())));
                }
                if !report.passed() {
                    anyhow::bail!(
                        "the stack violates the policy `{}` ({} unwaived errors); nothing was written",
                        report.policy,
                        report.blocking().count()
                    );
                }
            }
            let files = composition.emit()?;
            let written = files.write(&out, &replace.options())?;
            writeln!(stdout, "composed {} into {} ({} files)", stack.display(), out.display(), files.iter().count())?;
            output::report_written(&written, &mut stdout)?;
        }
        Command::NewService(arguments) => new_service(catalog, arguments, &mut stdout)?,
        Command::Catalog { command } => catalog_new::run(command, &mut stdout)?,
        Command::Publish { registry, endpoint, allow_http, namespace } => {
            let storage = registry.open(&paved_registry::ObjectStoreOptions { endpoint, allow_http })?;
            let namespace = namespace.as_deref().unwrap_or(catalog.namespace());
            publish(catalog, &*storage, &registry, namespace, &mut stdout)?
        }
        Command::Fetch { address, version, registry, out, ca_cert, timeout, retries } => {
            let options = paved_registry::ClientOptions {
                ca_cert,
                timeout: std::time::Duration::from_secs(timeout),
                retries,
                ..paved_registry::ClientOptions::default()
            };
            let client = paved_registry::Client::new(&registry, options)?;
            let fetched = client.fetch(&address, &version, &out)?;
            writeln!(
                stdout,
                "fetched {} {} ({}, {} files) into {}",
                fetched.address,
                fetched.version,
                fetched.digest,
                fetched.files,
                out.display()
            )?;
        }
        Command::Registry {
            command: RegistryCommand::Serve { root, addr, tls_cert, tls_key, self_signed, tls_dir },
        } => serve_registry(root, addr, tls_cert.zip(tls_key), self_signed.then_some(tls_dir), &mut stdout)?,
        Command::Registry { command: RegistryCommand::Verify { registry, endpoint, allow_http } } => {
            let storage = registry.open(&paved_registry::ObjectStoreOptions { endpoint, allow_http })?;
            verify_registry(&*storage, &registry, &mut stdout)?
        }
        Command::Registry { command: RegistryCommand::Repair { registry, endpoint, allow_http } } => {
            let storage = registry.open(&paved_registry::ObjectStoreOptions { endpoint, allow_http })?;
            let repaired = paved_registry::repair_with(&*storage, &catalog_releases(catalog, catalog.namespace())?)?;
            for version in &repaired.relisted {
                writeln!(stdout, "listed {version}")?;
            }
            for path in &repaired.downloads_written {
                writeln!(stdout, "wrote {path}")?;
            }
            writeln!(
                stdout,
                "repaired {registry}: the index lists {} versions ({} listed again), derived files regenerated",
                repaired.versions,
                repaired.relisted.len()
            )?;
        }
        Command::Check { stack, policy, format, as_of } => {
            return check::check(catalog, binary, &stack, &policy, format, as_of, &mut stdout);
        }
        Command::Policy { command: PolicyCommand::Export { policy, checkov, replace } } => {
            let policy = paved_policy::Policy::read_for_catalog(&policy, catalog)?;
            let files = paved_policy::export_checkov(&policy);
            let written = files.write(&checkov, &replace.options())?;
            let checks = files.iter().filter(|(path, _)| path.ends_with(".yaml")).count();
            writeln!(
                stdout,
                "exported {checks} Checkov checks of the policy `{}` to {} (see its README.md)",
                policy.name,
                checkov.display()
            )?;
            for rule in &policy.rules {
                if let paved_policy::CheckovMapping::NotExpressible { reason } =
                    paved_policy::checkov_mapping(&rule.check)
                {
                    writeln!(stdout, "not exported: `{}` ({reason})", rule.id)?;
                }
            }
            output::report_written(&written, &mut stdout)?;
        }
        Command::Policy { command: PolicyCommand::Schema } => {
            writeln!(stdout, "{}", serde_json::to_string_pretty(&paved_policy::policy_file_schema())?)?;
        }
        Command::Stack { command: StackCommand::Schema } => {
            writeln!(stdout, "{}", serde_json::to_string_pretty(&paved_stack::stack_file_schema(catalog))?)?;
        }
        Command::Blueprint { command: BlueprintCommand::Schema { name } } => {
            let definition = catalog.get(&name)?;
            writeln!(stdout, "{}", serde_json::to_string_pretty(&definition.schema)?)?;
        }
        Command::Module { command: ModuleCommand::Emit { name, all, out, replace } } => {
            let selected: Vec<&Definition> = match (all, name) {
                (true, _) => catalog.iter().collect(),
                (false, Some(name)) => vec![catalog.get(&name)?],
                (false, None) => anyhow::bail!("name a blueprint or pass --all"),
            };
            for definition in selected {
                let name = definition.name.as_str();
                let target = if all { out.join(name) } else { out.clone() };
                let files = paved_module::emit(definition, &|nested| catalog.get(nested).ok())
                    .with_context(|| format!("cannot emit the `{name}` module"))?;
                let written = files.write(&target, &replace.options())?;
                let count = files.iter().count();
                writeln!(
                    stdout,
                    "wrote the {name} {} module ({count} files) to {}",
                    definition.version,
                    target.display()
                )?;
                output::report_written(&written, &mut stdout)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Colour for a terminal, unless `NO_COLOR` is set.
fn use_color(stream: &impl std::io::IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// A blueprint's interface as text for people.
fn describe(definition: &Definition) -> String {
    let mut text = format!("{} {}\n{}\n\nInputs:\n", definition.name, definition.version, definition.summary);
    for field in &definition.inputs {
        describe_field(field, "  ", &mut text);
    }
    text.push_str("\nOutputs:\n");
    for output in &definition.outputs {
        let what = match output.shape.keys() {
            Some(paved_blueprint::KeySource::Input(input)) => {
                format!("{}, keyed like `{input}`", output.shape.describe(&output.kind))
            }
            _ => output.shape.describe(&output.kind),
        };
        text.push_str(&format!("  {} ({what})\n      {}\n", output.name, output.description));
    }
    if !definition.provider_aliases.is_empty() {
        text.push_str("\nProvider configurations the caller passes (with `aws`):\n");
        for provider in &definition.provider_aliases {
            text.push_str(&format!(
                "  {} (region {})\n      {}\n",
                provider.reference(),
                provider.region,
                provider.reason
            ));
        }
    }
    text
}

fn describe_field(field: &Field, indent: &str, text: &mut String) {
    let requirement = match (&field.default, field.required) {
        (_, true) => "required".to_owned(),
        (Some(default), false) => format!(
            "default {}",
            match default {
                serde_json::Value::String(_) => default.to_string(),
                other => display_value(other),
            }
        ),
        (None, false) => "optional".to_owned(),
    };
    text.push_str(&format!("{indent}{}: {} ({requirement})\n", field.name, field.node.shape));
    text.push_str(&format!("{indent}    {}\n", field.description));
    for constraint in &field.node.constraints {
        text.push_str(&format!("{indent}    rule: {}\n", constraint.describe()));
    }
    if let paved_blueprint::Shape::List(item) = &field.node.shape {
        for constraint in &item.constraints {
            text.push_str(&format!("{indent}    rule (each item): {}\n", constraint.describe()));
        }
    }
    match (field.node.wirable, field.node.kinds.as_slice()) {
        (true, []) => text.push_str(&format!("{indent}    may be wired from: any output\n")),
        (true, kinds) => {
            let kinds: Vec<String> = kinds.iter().map(|kind| format!("`{kind}`")).collect();
            text.push_str(&format!("{indent}    may be wired from: an output of kind {}\n", kinds.join(" or ")));
        }
        (false, _) => {}
    }
    // The attributes of an object, or of each element of a list or map of objects.
    if let Some(fields) = field.node.attributes() {
        for inner in fields {
            describe_field(inner, &format!("{indent}    "), text);
        }
    }
}

/// Scaffolds a service repository and writes it atomically.
fn new_service(catalog: &Catalog, arguments: NewServiceArguments, stdout: &mut impl Write) -> Result<()> {
    let templates = match &arguments.templates {
        Some(directory) => paved_service::ServiceTemplates::load(directory)?,
        None => paved_service::ServiceTemplates::built_in()?,
    };
    let source = match (arguments.vendored, arguments.registry) {
        (true, _) => Some(paved_stack::ModuleSource::Vendored),
        (false, Some(registry)) => Some(paved_stack::ModuleSource::Registry(registry)),
        (false, None) => None,
    };
    let request = paved_service::ServiceRequest {
        system: arguments.system,
        lifecycle: arguments.lifecycle,
        description: arguments.description,
        department: arguments.department,
        tags: arguments.tags.into_iter().collect(),
        source,
        ..paved_service::ServiceRequest::new(arguments.name.clone(), arguments.service_type.clone(), arguments.owner)
    };
    let paved_service::Scaffold { files, notes } = templates.scaffold(&request, catalog)?;
    let written = files.write(&arguments.out, &arguments.replace.options())?;
    output::report_written(&written, stdout)?;
    for note in notes {
        writeln!(stdout, "note: {note}")?;
    }
    writeln!(
        stdout,
        "scaffolded the {} service {} into {} ({} files, templates from {})\nnext: cd {} && make test",
        arguments.service_type,
        arguments.name,
        arguments.out.display(),
        files.iter().count(),
        templates.origin(),
        arguments.out.display(),
    )?;
    Ok(())
}

/// Serves a registry folder until the process ends: over HTTPS with the given certificate, or a
/// throwaway one made in `self_signed`, else over plain HTTP (and says what that means).
fn serve_registry(
    root: PathBuf,
    addr: Option<String>,
    tls: Option<(PathBuf, PathBuf)>,
    self_signed: Option<PathBuf>,
    stdout: &mut impl Write,
) -> Result<()> {
    let https = tls.is_some() || self_signed.is_some();
    let addr = addr.unwrap_or_else(|| if https { "127.0.0.1:8443" } else { "127.0.0.1:8080" }.to_owned());
    let mut ca_certificate = None;
    let tls = match self_signed {
        None => tls,
        Some(folder) => {
            let folder =
                std::path::absolute(&folder).with_context(|| format!("cannot resolve `{}`", folder.display()))?;
            let files = paved_registry::self_signed(&folder, &certificate_hosts(&addr))?;
            ca_certificate = Some(files.ca_certificate);
            Some((files.certificate, files.key))
        }
    };
    let server =
        paved_registry::serve(paved_registry::ServeOptions { addr, tls, ..paved_registry::ServeOptions::new(root) })?;
    writeln!(stdout, "serving the registry at {} (Ctrl-C stops)", server.url())?;
    if let Some(ca) = ca_certificate {
        writeln!(stdout, "trust its throwaway CA (made anew at each start) in terraform and paved fetch with:")?;
        writeln!(stdout, "export SSL_CERT_FILE={}", ca.display())?;
    } else if !https {
        writeln!(
            stdout,
            "plain HTTP: paved fetch accepts it, Terraform does not; serve HTTPS with --self-signed (or --tls-cert and --tls-key)"
        )?;
    }
    stdout.flush()?;
    server.run_forever();
    Ok(())
}

/// The names a throwaway server certificate is for: this machine's loopback names, and the host
/// of `addr` when it is another.
fn certificate_hosts(addr: &str) -> Vec<String> {
    let mut hosts = vec!["127.0.0.1".to_owned(), "::1".to_owned(), "localhost".to_owned()];
    let host = addr.rsplit_once(':').map_or(addr, |(host, _)| host).trim_start_matches('[').trim_end_matches(']');
    if !host.is_empty() && host != "0.0.0.0" && host != "::" && !hosts.iter().any(|known| known == host) {
        hosts.insert(0, host.to_owned());
    }
    hosts
}

/// Prints every problem `paved registry verify` finds; fails when there is one.
fn verify_registry(
    storage: &dyn paved_registry::Storage,
    registry: &paved_registry::RegistryLocation,
    stdout: &mut impl Write,
) -> Result<()> {
    let verification = paved_registry::verify(storage)?;
    for problem in &verification.problems {
        writeln!(stdout, "problem: {problem}")?;
    }
    if !verification.is_intact() {
        anyhow::bail!(
            "{registry}: {} problem(s) in {} listed versions and {} archives; run `paved registry repair {registry}` to \
             rebuild the index and derived files from the archives (it refuses what it cannot prove)",
            verification.problems.len(),
            verification.versions,
            verification.archives
        );
    }
    writeln!(
        stdout,
        "{registry} is intact: {} versions, {} archives, every digest and derived file as the index gives",
        verification.versions, verification.archives
    )?;
    Ok(())
}

/// Publishes every catalog blueprint in one batch, with a progress bar on a terminal while the
/// modules are prepared.
fn publish(
    catalog: &Catalog,
    storage: &dyn paved_registry::Storage,
    registry: &paved_registry::RegistryLocation,
    namespace: &str,
    stdout: &mut impl Write,
) -> Result<()> {
    let definitions: Vec<&Definition> = catalog.iter().collect();
    let progress = indicatif::ProgressBar::new(definitions.len() as u64);
    progress.set_style(
        indicatif::ProgressStyle::with_template("{spinner} preparing [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut releases = Vec::with_capacity(definitions.len());
    for definition in definitions {
        progress.set_message(definition.name.to_string());
        releases.push(release_of(catalog, definition, namespace)?);
        progress.inc(1);
    }
    progress.set_message("publishing");
    let outcomes = paved_registry::publish_many_to(storage, &releases)?;
    progress.finish_and_clear();
    let (mut published, mut unchanged, mut refused) = (0, 0, Vec::new());
    for (release, outcome) in releases.iter().zip(outcomes) {
        match outcome {
            Ok(paved_registry::PublishOutcome::Published { digest, size }) => {
                published += 1;
                writeln!(stdout, "published {} {} ({digest}, {size} bytes)", release.address, release.version)?;
            }
            Ok(paved_registry::PublishOutcome::Unchanged { .. }) => {
                unchanged += 1;
                writeln!(stdout, "unchanged {} {}", release.address, release.version)?;
            }
            Err(error) => refused.push(error.to_string()),
        }
    }
    writeln!(stdout, "{published} published, {unchanged} unchanged, in {registry}")?;
    if !refused.is_empty() {
        anyhow::bail!("{} refused:\n{}", refused.len(), refused.join("\n"));
    }
    Ok(())
}

/// The release of one catalog blueprint under `namespace` and the catalog's module system.
fn release_of(catalog: &Catalog, definition: &Definition, namespace: &str) -> Result<paved_registry::Release> {
    let address = paved_registry::ModuleAddress::new(namespace, definition.name.as_str(), catalog.system())
        .with_context(|| format!("cannot publish `{}` under the namespace `{namespace}`", definition.name))?;
    Ok(paved_registry::Release::at_address(definition, address, &|nested| catalog.get(nested).ok())?)
}

/// The releases of every catalog blueprint, which `registry repair` uses to restore the typed
/// interface of a version whose archive they reproduce byte for byte.
fn catalog_releases(catalog: &Catalog, namespace: &str) -> Result<Vec<paved_registry::Release>> {
    catalog.iter().map(|definition| release_of(catalog, definition, namespace)).collect()
}

#[cfg(test)]
mod tests {
    use super::describe_field;
    use paved_blueprint::Field;

    #[test]
    fn the_attributes_of_list_items_are_described_with_their_defaults() {
        let schema = serde_json::json!({
            "type": "object",
            "required": ["routes"],
            "properties": {
                "routes": {
                    "description": "The routes.",
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["path"],
                        "properties": {
                            "path": { "type": "string", "description": "The path." },
                            "timeout": { "type": "integer", "description": "Seconds.", "default": 30 }
                        }
                    }
                }
            }
        });
        let fields = Field::from_schema(&schema).expect("readable");
        let mut text = String::new();
        describe_field(&fields[0], "  ", &mut text);
        assert_eq!(
            text,
            "  routes: list(object({path = string, timeout = number})) (required)\n      The routes.\n      path: string (required)\n          The path.\n      timeout: number (default 30)\n          Seconds.\n"
        );
    }
}

#[cfg(test)]
mod describe_tests {
    use super::*;
    use paved_blueprint::Blueprint;
    use paved_catalog::baseline_lambda::BaselineLambda;

    #[test]
    fn show_lists_the_provider_aliases_a_blueprint_needs_and_nothing_when_it_needs_none() {
        let plain = describe(&BaselineLambda::definition());
        assert!(!plain.contains("Provider configurations"), "{plain}");
        let aliased = BaselineLambda::definition()
            .with_provider_alias(paved_blueprint::AliasedProvider::pinned("us_east_1", "us-east-1", "For CloudFront."))
            .expect("one alias");
        let text = describe(&aliased);
        assert!(
            text.ends_with("\nProvider configurations the caller passes (with `aws`):\n  aws.us_east_1 (region us-east-1)\n      For CloudFront.\n"),
            "{text}"
        );
    }
}
