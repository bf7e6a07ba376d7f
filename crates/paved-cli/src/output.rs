//! What the commands print: standard output that goes quiet when its reader has gone, and what
//! replacing a directory did.

use std::io::Write;

/// Standard output that stops writing, without an error, once its reader has gone
/// (`paved blueprints | head -1`): the command still finishes, and exits with its own status
/// (`paved check … | head` still fails on violations).
pub(crate) struct Stdout {
    inner: std::io::StdoutLock<'static>,
    reader_gone: bool,
}

impl Stdout {
    pub(crate) fn new() -> Self {
        Self { inner: std::io::stdout().lock(), reader_gone: false }
    }

    /// Swallows a broken pipe and everything after it.
    fn quiet<T>(
        &mut self,
        done: T,
        operation: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<T>,
    ) -> std::io::Result<T> {
        if self.reader_gone {
            return Ok(done);
        }
        match operation(&mut self.inner) {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                self.reader_gone = true;
                Ok(done)
            }
            other => other,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        self.quiet(buffer.len(), |inner| inner.write(buffer))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.quiet((), Write::flush)
    }
}

/// How many removed paths are listed before the rest is counted.
const REMOVED_LISTED: usize = 20;

/// Says what replacing a directory removed, which git and Terraform state it kept
/// ([`paved_module::KEPT_ON_REPLACE`]), and what could not be checked.
pub(crate) fn report_written(written: &paved_module::Written, stdout: &mut impl Write) -> std::io::Result<()> {
    if !written.removed.is_empty() {
        let mut listed = written.removed.iter().take(REMOVED_LISTED).cloned().collect::<Vec<_>>().join(", ");
        if written.removed.len() > REMOVED_LISTED {
            listed.push_str(&format!(" and {} more", written.removed.len() - REMOVED_LISTED));
        }
        writeln!(stdout, "removed from the replaced directory: {listed}")?;
    }
    if !written.kept.is_empty() {
        writeln!(stdout, "kept from the replaced directory: {}", written.kept.join(", "))?;
    }
    for note in &written.notes {
        eprintln!("note: {note}");
    }
    Ok(())
}

/// The name the binary was started as: the file name of `argv[0]` without `.exe`, or `paved`
/// when there is none.
pub(crate) fn binary_name(argv0: Option<&std::ffi::OsString>) -> String {
    argv0
        .map(std::path::Path::new)
        .and_then(|path| path.file_stem())
        .map(|stem| stem.to_string_lossy().into_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "paved".to_owned())
}

/// `message` with the commands the libraries name (`` `paved registry repair` ``) named after
/// `binary`, the command line the user is running.
pub(crate) fn in_binary_terms(message: &str, binary: &str) -> String {
    if binary == "paved" { message.to_owned() } else { message.replace("`paved ", &format!("`{binary} ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_is_named_after_argv0() {
        let name = |argv0: &str| binary_name(Some(&std::ffi::OsString::from(argv0)));
        assert_eq!(name("/usr/local/bin/acme"), "acme");
        assert_eq!(name("acme.exe"), "acme");
        assert_eq!(name("target/debug/paved"), "paved");
        assert_eq!(binary_name(None), "paved");
        assert_eq!(name(""), "paved");
    }

    #[test]
    fn messages_name_the_running_binary() {
        let message = "unknown blueprint `x`; the catalog has `a` (run `paved blueprints` to list them)";
        assert_eq!(
            in_binary_terms(message, "acme"),
            "unknown blueprint `x`; the catalog has `a` (run `acme blueprints` to list them)"
        );
        assert_eq!(in_binary_terms(message, "paved"), message);
        assert_eq!(in_binary_terms("the paved road", "acme"), "the paved road");
    }
}
