//! `{{name}}`: the whole `paved` command line over {{org_title}}'s catalog.

fn main() -> std::process::ExitCode {
    paved_cli::run({{crate}}::catalog())
}
