//! `paved`: the command line of Paved over its built-in catalog.

fn main() -> std::process::ExitCode {
    paved_cli::run(paved_catalog::Catalog::builtin().clone())
}
