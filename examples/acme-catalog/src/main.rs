//! `acme-catalog`: the whole `paved` command line over Acme's catalog.

fn main() -> std::process::ExitCode {
    paved_cli::run(acme_catalog::catalog())
}
