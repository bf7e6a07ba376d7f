//! Paved's policy checks and the Checkov custom checks exported from the same policy agree,
//! rule by rule, environment by environment, instance by instance.
//!
//! The policy is the example `examples/policies/acme.toml`; the stacks are
//! `tests/data/policy/compliant.toml` (follows every rule) and `violating.toml` (breaks every rule
//! Checkov can express, some only in production). Each is composed with vendored modules and
//! judged by `paved_policy::check`; Checkov (pinned, offline) runs once per environment over the
//! composed configuration with that environment's tfvars and the exported `all/` and
//! `<environment>/` checks. For every exported rule that applies in the environment, the
//! instances Paved finds in violation must be exactly the instances whose resources Checkov
//! fails, and Checkov must have judged at least one resource for the rule, so a check Checkov
//! silently cannot evaluate fails this test instead of passing it.

use paved_policy::{CheckovMapping, Policy, checkov_mapping};
use paved_testing::run_checkov;
use paved_tests::{compose_stack, repository_root};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FIXTURES: [&str; 2] = ["compliant", "violating"];

/// What one side found for one rule in one environment: the instances judged and those failing.
#[derive(Debug, Default, PartialEq)]
struct Verdict {
    judged: BTreeSet<String>,
    failed: BTreeSet<String>,
}

#[test]
fn checkov_and_paved_agree_on_every_exported_rule() {
    let Some(binary) = paved_testing::require_checkov() else { return };
    let root = repository_root();
    let policy = Policy::read(&root.join("examples/policies/acme.toml")).expect("the example policy reads");
    let exported: Vec<&paved_policy::Rule> = policy
        .rules
        .iter()
        .filter(|rule| matches!(checkov_mapping(&rule.check), CheckovMapping::Exported { .. }))
        .collect();
    assert!(exported.len() >= 6, "the example policy should exercise every exportable check");

    let scratch = tempfile::tempdir().expect("temp dir");
    let checks = scratch.path().join("checks");
    paved_policy::export_checkov(&policy).write_to(&checks, false).expect("the export writes");
    let home = scratch.path().join("home");
    std::fs::create_dir_all(&home).expect("home");

    let today = jiff::civil::date(2026, 11, 23);
    let mut runs = Vec::new();
    for fixture in FIXTURES {
        let stack_file = root.join(format!("tests/data/policy/{fixture}.toml"));
        let out = scratch.path().join(fixture);
        compose_stack(&stack_file, paved_stack::ModuleSource::Vendored, &out);
        let stack = paved_stack::read_stack_file(&stack_file).expect("fixture reads");
        let composition = stack.compose(paved_catalog::Catalog::builtin()).expect("fixture composes");
        let report = paved_policy::check(&policy, &composition, today);
        for environment in composition.environments().keys() {
            runs.push((fixture, environment.clone(), out.clone(), report.clone()));
        }
    }

    // Two Checkov runs at a time (each is one slow, single-threaded Python process).
    let results: Vec<(String, Value, f64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .chunks(2)
            .map(|pair| {
                pair.iter()
                    .map(|(fixture, environment, out, _)| {
                        let (binary, checks, home) = (&binary, &checks, &home);
                        scope.spawn(move || {
                            let started = std::time::Instant::now();
                            let report = checkov_for(binary, out, checks, home, environment);
                            (format!("{fixture}/{environment}"), report, started.elapsed().as_secs_f64())
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        handles.into_iter().flatten().map(|handle| handle.join().expect("a Checkov run panicked")).collect()
    });

    let mut mismatches = Vec::new();
    let mut compared = 0;
    for ((fixture, environment, _, report), (label, checkov_report, seconds)) in runs.iter().zip(&results) {
        eprintln!("checkov over {label}: {seconds:.1} s");
        let checkov = checkov_verdicts(checkov_report);
        for rule in exported.iter().filter(|rule| rule.applies_in(environment)) {
            let id = rule.id.as_str();
            let paved_failed: BTreeSet<String> = report
                .findings
                .iter()
                .filter(|finding| finding.rule == id && finding.environments.contains(environment))
                .filter_map(|finding| finding.instance.clone())
                .collect();
            let theirs = checkov.get(id).map(|verdict| (&verdict.judged, &verdict.failed));
            eprintln!(
                "  {fixture}/{environment} {id}: Paved fails {paved_failed:?}; Checkov judged, failed {theirs:?}"
            );
            compared += 1;
            match theirs {
                None => mismatches.push(format!("{fixture}/{environment} {id}: Checkov judged no resource")),
                Some((_, failed)) if *failed != paved_failed => mismatches.push(format!(
                    "{fixture}/{environment} {id}: Paved finds {paved_failed:?} in violation, Checkov fails {failed:?}"
                )),
                Some(_) => {}
            }
            if *fixture == "violating" && paved_failed.is_empty() && rule.environments.is_empty() {
                mismatches
                    .push(format!("{fixture}/{environment} {id}: the violating fixture does not break this rule"));
            }
        }
    }
    assert!(mismatches.is_empty(), "Paved and Checkov disagree:\n{}", mismatches.join("\n"));
    assert!(compared >= 2 * exported.len(), "only {compared} rule verdicts compared");
}

/// Checkov over `out` with `environment`'s tfvars and the exported checks for it.
fn checkov_for(binary: &Path, out: &Path, checks: &Path, home: &Path, environment: &str) -> Value {
    let var_file = format!("environments/{environment}.tfvars");
    let all = checks.join("all");
    let scoped: PathBuf = checks.join(environment);
    let ids: Vec<String> = ["all", environment]
        .iter()
        .filter_map(|folder| std::fs::read_dir(checks.join(folder)).ok())
        .flatten()
        .filter_map(|entry| entry.ok()?.path().file_stem().map(|stem| stem.to_string_lossy().into_owned()))
        .collect();
    let ids = ids.join(",");
    let mut arguments = vec!["--var-file", var_file.as_str(), "--check", ids.as_str()];
    let all_text = all.to_string_lossy().into_owned();
    let scoped_text = scoped.to_string_lossy().into_owned();
    arguments.extend(["--external-checks-dir", all_text.as_str()]);
    if scoped.is_dir() {
        arguments.extend(["--external-checks-dir", scoped_text.as_str()]);
    }
    run_checkov(binary, out, home, &arguments)
}

/// Checkov's results by check id: the instances (`module.<instance>…`) judged and failed.
fn checkov_verdicts(report: &Value) -> BTreeMap<String, Verdict> {
    let reports: Vec<&Value> = match report {
        Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    let mut verdicts: BTreeMap<String, Verdict> = BTreeMap::new();
    for report in reports {
        for (kind, failed) in [("passed_checks", false), ("failed_checks", true)] {
            for result in report["results"][kind].as_array().into_iter().flatten() {
                let id = result["check_id"].as_str().unwrap_or_default().to_owned();
                let resource = result["resource"].as_str().unwrap_or_default();
                let instance =
                    resource.strip_prefix("module.").and_then(|rest| rest.split('.').next()).unwrap_or(resource);
                let verdict = verdicts.entry(id).or_default();
                verdict.judged.insert(instance.to_owned());
                if failed {
                    verdict.failed.insert(instance.to_owned());
                }
            }
        }
    }
    verdicts
}
