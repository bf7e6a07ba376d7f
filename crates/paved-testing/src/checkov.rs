//! Checkov: zero failed checks on each emitted module at default inputs, and every check a
//! blueprint skips says why.
//!
//! Checkov is slow to start, so it runs once, offline, over a folder holding every module to scan
//! (one folder each). Each blueprint module's `examples/basic` calls the module with its required
//! inputs only, so Checkov evaluates the resources at default inputs, nested `modules/` included
//! (Checkov always reads local module sources; downloading remote ones is off). Nothing of the
//! user's Checkov configuration is read: variables that change what Checkov checks are removed, and
//! its home folder is an empty one.
//!
//! A check that does not apply is skipped inline, in the resource block of the blueprint's
//! `main.tf.hbs`: `# checkov:skip=CKV_AWS_117:<why it does not apply>`.
//!
//! Beside the modules sits a canary that fails one check and skips one without a reason. The scan
//! insists Checkov reports both, as it insists every module had checks evaluated, so a Checkov that
//! scans nothing or whose report changed shape cannot pass.

use crate::modules::Blueprints;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The canary's folder beside the emitted modules; no blueprint name starts with `_`.
const CANARY: &str = "_canary";

/// A module that fails `CKV_AWS_27` on `aws_sqs_queue.fails` and skips it without a reason on
/// `aws_sqs_queue.skips_without_reason`.
const CANARY_MAIN_TF: &str = r#"resource "aws_sqs_queue" "fails" {
  name                    = "paved-canary-fails"
  sqs_managed_sse_enabled = false
}

resource "aws_sqs_queue" "skips_without_reason" {
  # checkov:skip=CKV_AWS_27
  name                    = "paved-canary-skips"
  sqs_managed_sse_enabled = false
}
"#;

/// The reason Checkov reports for a skip comment that gives none.
const CHECKOV_NO_REASON: &str = "No comment provided";

/// Environment variables that would change what Checkov checks or reports, or make it reach the
/// network; they are removed, by name or by prefix, before the wanted ones are set.
const CHECKOV_VARIABLES: [&str; 7] =
    ["CKV_", "CHECKOV_", "BC_", "PRISMA_", "DOWNLOAD_EXTERNAL_MODULES", "EXTERNAL_MODULES_DIR", "LOG_LEVEL"];

/// The requirements file Paved's CI installs Checkov from, embedded for its pinned version.
const REQUIREMENTS: &str = include_str!("../../../.ci/requirements-checkov.txt");

/// The Checkov version Paved is tested with (`checkov==<version>` in Paved's
/// `.ci/requirements-checkov.txt`), such as `3.3.30`.
pub fn pinned_checkov_version() -> &'static str {
    REQUIREMENTS
        .lines()
        .find_map(|line| line.trim().strip_prefix("checkov=="))
        .expect("Paved's .ci/requirements-checkov.txt pins `checkov==<version>`")
}

/// One Checkov run over a folder of modules, with the canary beside them.
///
/// ```no_run
/// # let root = std::path::Path::new("modules");
/// // `root` holds one folder per module to scan: `root/orders-stack/`, …
/// let Some(checkov) = paved_testing::require_checkov() else { return };
/// let scan = paved_testing::CheckovScan::run(&checkov, root, &["orders-stack".to_owned()]);
/// let problems = scan.problems();
/// assert!(problems.is_empty(), "{}", problems.join("\n\n"));
/// ```
#[derive(Debug)]
pub struct CheckovScan {
    scan: Scan,
    modules: Vec<String>,
}

impl CheckovScan {
    /// Writes the canary into `root` (beside the modules, the folders named in `modules`), runs
    /// `checkov` once over `root` and reads its report. It prints what it scanned, per module, to
    /// stderr, and warns (loudly, without failing) when Checkov is not the version Paved is tested
    /// with.
    ///
    /// # Panics
    /// When Checkov cannot run, crashes, or its report is not what Checkov reports.
    pub fn run(checkov: &Path, root: &Path, modules: &[String]) -> CheckovScan {
        let canary = root.join(CANARY);
        std::fs::create_dir_all(&canary).expect("creating the canary folder");
        std::fs::write(canary.join("main.tf"), CANARY_MAIN_TF).expect("writing the canary");
        let home = tempfile::tempdir().expect("an empty home folder");

        let started = Instant::now();
        let report = run_checkov(checkov, root, home.path(), &[]);
        let seconds = started.elapsed().as_secs_f64();
        let scan = Scan::from_report(&report);

        let version = scan.version.as_str();
        eprintln!("checkov {version} ({}) scanned {} modules in {seconds:.1} s:", checkov.display(), modules.len());
        for name in modules {
            let findings = scan.modules.get(name).map(Findings::counts).unwrap_or_default();
            eprintln!("  {name}: {findings}");
        }
        let pinned = pinned_checkov_version();
        if version != pinned {
            eprintln!(
                "\n!!!!!!!!!! checkov {version} is not the {pinned} Paved is tested with: its checks may differ; \
                 install checkov=={pinned} (in Paved's repository, `bash .ci/install-checkov.sh`) and remove other \
                 checkovs from PATH !!!!!!!!!!\n"
            );
        }
        CheckovScan { scan, modules: modules.to_vec() }
    }

    /// The version of Checkov that ran.
    pub fn version(&self) -> &str {
        &self.scan.version
    }

    /// Whether check `check_id` passed on at least one resource of module `module`.
    pub fn passed(&self, module: &str, check_id: &str) -> bool {
        self.scan.modules.get(module).is_some_and(|findings| findings.passed_ids.contains(check_id))
    }

    /// Everything wrong, one paragraph each: the canary not reported as it must be, files Checkov
    /// could not parse, results for a folder that is no module, a module with no check evaluated,
    /// failed checks (with file, resource and guideline), and skips that give no reason.
    pub fn problems(&self) -> Vec<String> {
        let scan = &self.scan;
        let modules = &self.modules;
        let mut problems = Vec::new();
        problems.extend(check_canary(scan.modules.get(CANARY)));
        if !scan.parsing_errors.is_empty() {
            problems.push(format!("Checkov could not parse, and so did not check: {}", scan.parsing_errors.join(", ")));
        }
        for (folder, findings) in &scan.modules {
            if folder != CANARY && !modules.contains(folder) {
                problems
                    .push(format!("Checkov reported {} for `{folder}`, which is no emitted module", findings.counts()));
            }
        }
        for name in modules {
            if scan.modules.get(name).is_none_or(|findings| findings.total() == 0) {
                problems.push(format!(
                    "Checkov evaluated no check in `{name}`; did it find the module's .tf files and resources?"
                ));
            }
        }
        problems.extend(failure_report(scan, modules));
        problems.extend(unexplained_skip_report(scan, modules));
        problems
    }
}

/// Emits every blueprint with a folder under `folder` into one scratch folder and scans it.
pub(crate) fn checkov_problems(blueprints: Blueprints<'_>, folder: &Path, checkov: &Path) -> Vec<String> {
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let modules: Vec<String> =
        blueprints.emit_with_folder(folder, scratch.path()).into_iter().map(|(name, _)| name).collect();
    CheckovScan::run(checkov, scratch.path(), &modules).problems()
}

/// Runs Checkov once over `root`, offline, with nothing from the user's configuration and with
/// `extra` arguments, and returns its JSON report.
pub fn run_checkov(binary: &Path, root: &Path, home: &Path, extra: &[&str]) -> Value {
    let mut command = Command::new(binary);
    for (name, _) in std::env::vars_os() {
        let name_text = name.to_string_lossy();
        if CHECKOV_VARIABLES.iter().any(|variable| name_text.starts_with(variable)) {
            command.env_remove(&name);
        }
    }
    // Checkov also reads `.checkov.yaml` in the home folder: give it an empty home, but keep Python's
    // per-user packages where they are, for a Checkov installed with `pip install --user`.
    if let (None, Some(real_home)) = (std::env::var_os("PYTHONUSERBASE"), std::env::var_os("HOME")) {
        command.env("PYTHONUSERBASE", Path::new(&real_home).join(".local"));
    }
    command
        .current_dir(root)
        .env("HOME", home)
        // No download of check metadata (guidelines, severities) from the Prisma Cloud platform.
        .env("BC_SKIP_MAPPING", "TRUE")
        // No look-up of a newer Checkov release.
        .env("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true")
        .args(["--directory", ".", "--framework", "terraform", "--output", "json"])
        .args(["--skip-download", "--download-external-modules", "false"])
        .args(extra)
        .stdin(Stdio::null());
    let output = command.output().unwrap_or_else(|error| panic!("running {}: {error}", binary.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // 0: no check failed; 1: some failed. Anything else is a crash or a usage error.
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "checkov ended with {}:\n{stderr}\n{}",
        output.status,
        excerpt(&stdout)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|error| {
        panic!("checkov's output is not JSON ({error}):\n{}\nstderr:\n{stderr}", excerpt(&stdout))
    })
}

/// What Checkov reported, by the folder (module) of each result.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    version: String,
    parsing_errors: Vec<String>,
    modules: BTreeMap<String, Findings>,
}

/// One module's results.
#[derive(Debug, Default)]
struct Findings {
    passed: usize,
    /// The ids of the checks that passed on at least one resource.
    passed_ids: std::collections::BTreeSet<String>,
    failed: Vec<Finding>,
    skipped: Vec<Finding>,
}

/// One failed or skipped check on one resource.
#[derive(Debug)]
struct Finding {
    check_id: String,
    check_name: String,
    /// The file, relative to the module's folder, with its line range.
    location: String,
    resource: String,
    guideline: Option<String>,
    /// The Python class of the check, to read its logic when there is no guideline.
    check_class: String,
    /// Why it is skipped, as the skip comment says; for a skipped check only.
    reason: String,
}

impl Scan {
    /// Reads Checkov's JSON report; panics when it does not have the expected shape.
    pub(crate) fn from_report(report: &Value) -> Scan {
        let terraform = match report {
            Value::Array(reports) => {
                reports.iter().find(|report| report["check_type"] == "terraform").unwrap_or_else(|| {
                    panic!("checkov's reports have no Terraform one:\n{}", excerpt(&report.to_string()))
                })
            }
            Value::Object(fields) if fields.contains_key("results") => report,
            // A bare summary: Checkov found no resource at all.
            _ => panic!("checkov found nothing to check:\n{report:#}"),
        };
        let mut scan = Scan { version: text(&terraform["summary"]["checkov_version"]), ..Scan::default() };
        let results = &terraform["results"];
        for kind in ["passed_checks", "failed_checks", "skipped_checks"] {
            let checks = results[kind]
                .as_array()
                .unwrap_or_else(|| panic!("checkov's report has no `results.{kind}` list; did its format change?"));
            for check in checks {
                let (folder, finding) = Finding::from_check(check);
                let findings = scan.modules.entry(folder).or_default();
                match kind {
                    "passed_checks" => {
                        findings.passed += 1;
                        findings.passed_ids.insert(finding.check_id);
                    }
                    "failed_checks" => findings.failed.push(finding),
                    _ => findings.skipped.push(finding),
                }
            }
        }
        scan.parsing_errors = results["parsing_errors"].as_array().into_iter().flatten().map(text).collect();
        scan
    }
}

impl Findings {
    fn total(&self) -> usize {
        self.passed + self.failed.len() + self.skipped.len()
    }

    fn counts(&self) -> String {
        format!("passed {}, failed {}, skipped {}", self.passed, self.failed.len(), self.skipped.len())
    }
}

impl Finding {
    /// Reads one check result, returning it with the folder it belongs to: the first component of
    /// its `file_path`, which Checkov gives relative to the scanned folder.
    fn from_check(check: &Value) -> (String, Finding) {
        let file_path = text(&check["file_path"]);
        let (folder, file) = file_path.trim_start_matches('/').split_once('/').unwrap_or(("", file_path.as_str()));
        let lines = match check["file_line_range"].as_array().map(Vec::as_slice) {
            Some([first, last]) => format!(":{first}-{last}"),
            _ => String::new(),
        };
        let finding = Finding {
            check_id: text(&check["check_id"]),
            check_name: text(&check["check_name"]),
            location: format!("{file}{lines}"),
            resource: text(&check["resource"]),
            guideline: check["guideline"].as_str().filter(|guideline| !guideline.is_empty()).map(str::to_owned),
            check_class: text(&check["check_class"]),
            reason: text(&check["check_result"]["suppress_comment"]),
        };
        (folder.to_owned(), finding)
    }

    /// Whether a skip gives a reason: Checkov reports a skip comment without one as
    /// [`CHECKOV_NO_REASON`], and one with an empty reason as empty.
    fn is_explained(&self) -> bool {
        let reason = self.reason.trim();
        !reason.is_empty() && reason != CHECKOV_NO_REASON
    }
}

/// The failed checks of the catalog's modules, grouped by module, or `None` when there is none.
fn failure_report(scan: &Scan, modules: &[String]) -> Option<String> {
    let failed: usize = modules.iter().filter_map(|name| scan.modules.get(name)).map(|f| f.failed.len()).sum();
    if failed == 0 {
        return None;
    }
    let mut report = format!(
        "Checkov failed {failed} checks at default inputs. Fix each in the blueprint \
         (blueprints/<name>/), or, where the check does not apply, skip it in the resource block of \
         the blueprint's main.tf.hbs with `# checkov:skip=<check id>:<why it does not apply>`.\n"
    );
    for name in modules {
        let Some(findings) = scan.modules.get(name).filter(|findings| !findings.failed.is_empty()) else { continue };
        let _ = writeln!(report, "\n{name} ({} failed):", findings.failed.len());
        for finding in &findings.failed {
            let guideline = match &finding.guideline {
                Some(guideline) => guideline.clone(),
                None => format!("none offline; the check's logic is Checkov's `{}`", finding.check_class),
            };
            let _ = writeln!(report, "  {} {}", finding.check_id, finding.check_name);
            let _ = writeln!(report, "    file:      {}", finding.location);
            let _ = writeln!(report, "    resource:  {}", finding.resource);
            let _ = writeln!(report, "    guideline: {guideline}");
        }
    }
    Some(report)
}

/// The skipped checks of the catalog's modules whose skip comment gives no reason, or `None`.
fn unexplained_skip_report(scan: &Scan, modules: &[String]) -> Option<String> {
    let mut report = String::new();
    for name in modules {
        for finding in scan.modules.get(name).into_iter().flat_map(|findings| &findings.skipped) {
            if !finding.is_explained() {
                let _ =
                    writeln!(report, "  {name}: {} on {} ({})", finding.check_id, finding.resource, finding.location);
            }
        }
    }
    (!report.is_empty()).then(|| {
        format!("These skips give no reason; write it after the id: `# checkov:skip=<check id>:<why>`:\n{report}")
    })
}

/// Problems with the canary's results: Checkov must report its failure and its unexplained skip,
/// and this test must recognise both.
fn check_canary(findings: Option<&Findings>) -> Option<String> {
    let (failed, skipped) = findings.map(|findings| (&findings.failed[..], &findings.skipped[..])).unwrap_or_default();
    let fails =
        failed.iter().any(|finding| finding.check_id == "CKV_AWS_27" && finding.resource == "aws_sqs_queue.fails");
    let skips_without_reason = skipped.iter().any(|finding| {
        finding.check_id == "CKV_AWS_27"
            && finding.resource == "aws_sqs_queue.skips_without_reason"
            && !finding.is_explained()
    });
    (!(fails && skips_without_reason)).then(|| {
        format!(
            "The canary module (paved-testing's checkov.rs) must fail CKV_AWS_27 on aws_sqs_queue.fails and skip it \
             without a reason on aws_sqs_queue.skips_without_reason, but Checkov reported {findings:#?}; \
             has Checkov or its report changed?"
        )
    })
}

/// A JSON string's text, or the JSON itself for anything else (`null` included).
fn text(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}

/// The start of a long output, for failure messages.
fn excerpt(output: &str) -> String {
    const LIMIT: usize = 4_000;
    match output.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}\n[... {} more bytes]", &output[..end], output.len() - end),
        None => output.to_owned(),
    }
}
