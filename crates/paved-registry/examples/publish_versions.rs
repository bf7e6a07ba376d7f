//! Publishes N synthetic versions of one module (in one batch, then one by one) and prints the
//! time, for comparison with `tar czf` + `sha256sum` over the same files:
//!
//! ```sh
//! cargo run --release -p paved-registry --example publish_versions -- 1000 /tmp/publish-bench
//! ```
//!
//! It also writes the files of every version under `<dir>/files/<version>/` so the same work can
//! be timed with the usual tools.

use paved_module::ModuleFiles;
use paved_registry::{Interface, Release, publish, publish_many};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: u64 = std::env::args().nth(1).map_or(Ok(1000), |text| text.parse())?;
    let directory = std::path::PathBuf::from(std::env::args().nth(2).unwrap_or_else(|| "/tmp/publish-bench".into()));
    let _ = std::fs::remove_dir_all(&directory);
    let releases: Vec<Release> = (0..count)
        .map(|patch| {
            let mut files = ModuleFiles::default();
            files.insert(
                "main.tf",
                format!("# version 1.0.{patch}\n{}", "resource \"terraform_data\" \"x\" {}\n".repeat(40)),
            );
            files.insert("variables.tf", "variable \"name\" {\n  type = string\n}\n".repeat(20));
            files.insert("README.md", format!("# synthetic 1.0.{patch}\n{}", "Some documentation.\n".repeat(200)));
            Release {
                address: "platform/synthetic/aws".parse().expect("valid address"),
                version: semver::Version::new(1, 0, patch),
                files,
                interface: Interface::default(),
            }
        })
        .collect();
    for release in &releases {
        for (path, content) in release.files.iter() {
            let target = directory.join("files").join(release.version.to_string()).join(path);
            std::fs::create_dir_all(target.parent().expect("has a parent"))?;
            std::fs::write(target, content)?;
        }
    }

    let started = Instant::now();
    let outcomes = publish_many(&directory.join("batch"), &releases)?;
    let batch = started.elapsed();
    assert!(outcomes.iter().all(Result::is_ok));

    let started = Instant::now();
    for release in &releases {
        publish(&directory.join("one-by-one"), release)?;
    }
    let one_by_one = started.elapsed();

    let mut one_more = releases[0].clone();
    one_more.version = semver::Version::new(1, 1, 0);
    let started = Instant::now();
    publish(&directory.join("batch"), &one_more)?;
    let add_one = started.elapsed();

    println!(
        "{count} versions: batch {:.3} s, one by one {:.3} s; adding one to {count}: {:.1} ms",
        batch.as_secs_f64(),
        one_by_one.as_secs_f64(),
        add_one.as_secs_f64() * 1000.0
    );
    Ok(())
}
