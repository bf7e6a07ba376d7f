//! Generated module versions for measuring publishing at scale.

use paved_module::ModuleFiles;
use paved_registry::{Interface, Release};

/// The files of version `1.0.<patch>` of the synthetic module: a `main.tf` of 40 resources, a
/// `variables.tf` of 20 variables and a README of 200 lines, about 7 KB, each version different.
pub fn synthetic_files(patch: u64) -> ModuleFiles {
    let mut files = ModuleFiles::default();
    files.insert("main.tf", format!("# version 1.0.{patch}\n{}", "resource \"terraform_data\" \"x\" {}\n".repeat(40)));
    files.insert("variables.tf", "variable \"name\" {\n  type = string\n}\n".repeat(20));
    files.insert("README.md", format!("# synthetic 1.0.{patch}\n{}", "Some documentation.\n".repeat(200)));
    files
}

/// Version `1.0.<patch>` of `platform/<name>/aws`, with [`synthetic_files`].
pub fn synthetic_release(name: &str, patch: u64) -> Release {
    Release {
        address: format!("platform/{name}/aws").parse().expect("a valid module address"),
        version: semver::Version::new(1, 0, patch),
        files: synthetic_files(patch),
        interface: Interface::default(),
    }
}
