//! Paved's benchmark suite: `cargo bench -p paved-benches` (a filter after `--` runs a part, such
//! as `cargo bench -p paved-benches -- compose`).
//!
//! Groups: `emit/<blueprint>` (one module, in memory), `compose/services/<N>` and
//! `compose/example` (parse, check and emit a stack, in memory), `check/services/<N>` and
//! `check/example` (what `paved check` does: parse, compose, judge against the example policy,
//! render the text report), `scale/check-services/20000` and `scale/compose-map-keys/100000`
//! (the two sizes that once grew quadratically), `publish/batch/<N>` (N new versions into an empty registry folder),
//! `publish/tar-czf+sha256sum/<N>` (the baseline: the same files archived and hashed by the usual
//! tools), `publish/add-one-to/<N>` (one version into a registry of N versions of its module),
//! `publish/add-one-to-modules/<N>` (one version into a registry of N modules), `publish/catalog`, and
//! `fetch/resolve+download+verify` (`paved fetch` against a local registry server).
//!
//! After the run it writes `docs/benchmarks/figures.md` and the SVG plots from every estimate
//! criterion holds (see `paved_benches::report`). Whole-process timings and the comparison with
//! the AWS CDK and Checkov are `benches/peers/run.py`.

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode};
use paved_benches::{
    map_input_stack, report, scale_stack, synthetic_files, synthetic_release, target_dir, workspace_root,
};
use paved_catalog::Catalog;
use paved_registry::Release;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The stack sizes measured.
const SERVICES: [usize; 4] = [1, 10, 100, 1000];
/// The stack measured for `check` at scale (it grew quadratically before: 13.8 s).
const LARGE_STACK: usize = 20_000;
/// The keys of the map input measured for `compose` (100,000 did not finish in a minute before).
const MAP_KEYS: usize = 100_000;
/// The registry sizes measured.
const VERSIONS: [u64; 4] = [1, 10, 100, 1000];
/// The day waivers are judged on, so that the report does not change with the date.
const AS_OF: jiff::civil::Date = jiff::civil::date(2026, 11, 23);

fn main() {
    let criterion_dir = target_dir().join("criterion");
    let mut criterion = Criterion::default()
        .output_directory(&criterion_dir)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    emit(&mut criterion);
    compose(&mut criterion);
    check(&mut criterion);
    scale(&mut criterion);
    publish(&mut criterion);
    fetch(&mut criterion);
    criterion.final_summary();

    // `cargo test --benches` runs each benchmark once (`--test`) and measures nothing.
    if std::env::args().any(|argument| argument == "--test" || argument == "--list") {
        return;
    }
    match report::write(&criterion_dir, &workspace_root().join("docs").join("benchmarks")) {
        Ok(files) => {
            for file in files {
                println!("wrote {}", file.display());
            }
        }
        Err(error) => eprintln!("cannot write the benchmark report: {error}"),
    }
}

fn lookup(name: &str) -> Option<&'static paved_blueprint::Definition> {
    Catalog::builtin().get(name).ok()
}

fn emit(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("emit");
    for definition in Catalog::builtin().iter() {
        group.bench_function(definition.name.as_str(), |bencher| {
            bencher.iter(|| paved_module::emit(black_box(definition), &lookup).expect("the module emits"))
        });
    }
    group.finish();
}

/// Parses, composes and emits a stack file's text.
fn compose_text(text: &str, path: &Path) -> paved_module::ModuleFiles {
    let stack = paved_stack::parse_stack_file(text, path).expect("the stack parses");
    let composition = stack.compose(Catalog::builtin()).expect("the stack composes");
    composition.emit().expect("the stack emits")
}

/// What `paved check` does with a stack file's text: parse, compose, judge, render.
fn check_text(text: &str, path: &Path, policy: &paved_policy::Policy) -> String {
    let stack = paved_stack::parse_stack_file(text, path).expect("the stack parses");
    let composition = stack.compose(Catalog::builtin()).expect("the stack composes");
    let report = paved_policy::check(policy, &composition, AS_OF);
    paved_policy::render_text(&report, false)
}

fn example() -> (String, PathBuf) {
    let path = workspace_root().join("examples").join("orders").join("stack.toml");
    (std::fs::read_to_string(&path).expect("the example stack is readable"), path)
}

fn compose(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("compose");
    group.sample_size(20);
    let (text, path) = example();
    group.bench_function("example", |bencher| bencher.iter(|| compose_text(black_box(&text), &path)));
    for count in SERVICES {
        let text = scale_stack(count);
        let path = PathBuf::from(format!("stack-{count}.toml"));
        group.bench_with_input(BenchmarkId::new("services", count), &text, |bencher, text| {
            bencher.iter(|| compose_text(black_box(text), &path))
        });
    }
    group.finish();
}

fn check(criterion: &mut Criterion) {
    let policy_path = workspace_root().join("examples").join("policies").join("acme.toml");
    let policy = paved_policy::Policy::read(&policy_path).expect("the example policy is valid");
    let mut group = criterion.benchmark_group("check");
    group.sample_size(20);
    let (text, path) = example();
    group.bench_function("example", |bencher| bencher.iter(|| check_text(black_box(&text), &path, &policy)));
    for count in SERVICES {
        let text = scale_stack(count);
        let path = PathBuf::from(format!("stack-{count}.toml"));
        group.bench_with_input(BenchmarkId::new("services", count), &text, |bencher, text| {
            bencher.iter(|| check_text(black_box(text), &path, &policy))
        });
    }
    group.finish();
}

/// The two sizes that grew quadratically: `paved check` of a stack of [`LARGE_STACK`] services,
/// and a compose (parse, check, emit) of a map input of [`MAP_KEYS`] keys. Each target is 2 s.
fn scale(criterion: &mut Criterion) {
    let policy_path = workspace_root().join("examples").join("policies").join("acme.toml");
    let policy = paved_policy::Policy::read(&policy_path).expect("the example policy is valid");
    let mut group = criterion.benchmark_group("scale");
    group.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(20));
    let text = scale_stack(LARGE_STACK);
    let path = PathBuf::from(format!("stack-{LARGE_STACK}.toml"));
    group.bench_with_input(BenchmarkId::new("check-services", LARGE_STACK), &text, |bencher, text| {
        bencher.iter(|| check_text(black_box(text), &path, &policy))
    });
    let text = map_input_stack(MAP_KEYS);
    let path = PathBuf::from(format!("map-{MAP_KEYS}.toml"));
    group.bench_with_input(BenchmarkId::new("compose-map-keys", MAP_KEYS), &text, |bencher, text| {
        bencher.iter(|| compose_text(black_box(text), &path))
    });
    group.finish();
}

fn temporary_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Copies the folder `from` into `to` (files and folders only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("creating a folder");
    for entry in std::fs::read_dir(from).expect("reading a folder") {
        let entry = entry.expect("reading a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copying a file");
        }
    }
}

fn publish(criterion: &mut Criterion) {
    let releases: Vec<Release> =
        (0..VERSIONS[VERSIONS.len() - 1]).map(|patch| synthetic_release("synthetic", patch)).collect();
    let mut group = criterion.benchmark_group("publish");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);

    for count in VERSIONS {
        let batch = &releases[..count as usize];
        group.bench_with_input(BenchmarkId::new("batch", count), batch, |bencher, batch| {
            bencher.iter_batched(
                temporary_dir,
                |registry| {
                    let outcomes = paved_registry::publish_many(registry.path(), batch).expect("publishing");
                    assert!(outcomes.iter().all(Result::is_ok), "every version is published");
                    registry
                },
                BatchSize::PerIteration,
            )
        });
    }

    // The same files, archived and hashed version by version with tar and sha256sum.
    let files = temporary_dir();
    for patch in 0..VERSIONS[VERSIONS.len() - 1] {
        for (path, content) in synthetic_files(patch).iter() {
            let target = files.path().join(format!("1.0.{patch}")).join(path);
            std::fs::create_dir_all(target.parent().expect("a file has a folder")).expect("creating a folder");
            std::fs::write(target, content).expect("writing a file");
        }
    }
    for count in VERSIONS {
        group.bench_with_input(BenchmarkId::new("tar-czf+sha256sum", count), &count, |bencher, &count| {
            bencher.iter_batched(
                temporary_dir,
                |archives| {
                    let script = r#"files=$1; out=$2; count=$3; patch=0
while [ "$patch" -lt "$count" ]; do
  tar czf "$out/1.0.$patch.tar.gz" -C "$files/1.0.$patch" . && sha256sum "$out/1.0.$patch.tar.gz" >/dev/null || exit 1
  patch=$((patch + 1))
done"#;
                    let status = std::process::Command::new("sh")
                        .args(["-c", script, "sh"])
                        .arg(files.path())
                        .arg(archives.path())
                        .arg(count.to_string())
                        .status()
                        .expect("running sh");
                    assert!(status.success(), "tar and sha256sum succeed");
                    archives
                },
                BatchSize::PerIteration,
            )
        });
    }

    // One more version of the synthetic module, into a registry of N of its versions, and into a
    // registry of N modules of one version each.
    let mut one_more = synthetic_release("synthetic", 0);
    one_more.version = semver::Version::new(1, 1, 0);
    for count in &VERSIONS[1..] {
        let of_versions = &releases[..*count as usize];
        let of_modules: Vec<Release> =
            (0..*count).map(|module| synthetic_release(&format!("synthetic{module}"), 0)).collect();
        let mut one_more_module = of_modules[0].clone();
        one_more_module.version = semver::Version::new(1, 1, 0);
        for (function, base_releases, release) in
            [("add-one-to", of_versions, &one_more), ("add-one-to-modules", &of_modules[..], &one_more_module)]
        {
            let base = temporary_dir();
            paved_registry::publish_many(base.path(), base_releases).expect("publishing the base registry");
            group.bench_with_input(BenchmarkId::new(function, count), release, |bencher, release| {
                bencher.iter_batched(
                    || {
                        let registry = temporary_dir();
                        copy_tree(base.path(), registry.path());
                        registry
                    },
                    |registry| {
                        paved_registry::publish(registry.path(), release).expect("publishing one more version");
                        registry
                    },
                    BatchSize::PerIteration,
                )
            });
        }
    }

    let catalog: Vec<Release> = Catalog::builtin()
        .iter()
        .map(|definition| Release::of_blueprint(definition, "platform", &lookup).expect("a catalog release"))
        .collect();
    group.bench_function("catalog", |bencher| {
        bencher.iter_batched(
            temporary_dir,
            |registry| {
                paved_registry::publish_many(registry.path(), &catalog).expect("publishing the catalog");
                registry
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn fetch(criterion: &mut Criterion) {
    let registry = temporary_dir();
    let catalog: Vec<Release> = Catalog::builtin()
        .iter()
        .map(|definition| Release::of_blueprint(definition, "platform", &lookup).expect("a catalog release"))
        .collect();
    paved_registry::publish_many(registry.path(), &catalog).expect("publishing the catalog");
    let server =
        paved_registry::serve(paved_registry::ServeOptions::new(registry.path())).expect("serving the registry");
    let client =
        paved_registry::Client::new(&server.url(), paved_registry::ClientOptions::default()).expect("a client");
    let mut group = criterion.benchmark_group("fetch");
    group.bench_function("resolve+download+verify", |bencher| {
        bencher.iter_batched(
            temporary_dir,
            |out| {
                let target = out.path().join("module");
                client.fetch("platform/sync-api-dynamodb/aws", "~> 2.0", &target).expect("fetching");
                out
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    drop(server);
}
