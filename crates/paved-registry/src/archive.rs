//! Deterministic module archives.

use paved_module::ModuleFiles;
use std::io::Write;

/// The module's files as a gzip'd tar whose bytes depend only on the files: entries in path
/// order, regular files with mode `0644`, uid and gid 0, no user or group names, mtime 0, and a
/// gzip header without a file name or time.
///
/// ```
/// let mut files = paved_module::ModuleFiles::default();
/// files.insert("main.tf", "# demo\n".to_owned());
/// assert_eq!(paved_registry::archive(&files), paved_registry::archive(&files.clone()));
/// ```
pub fn archive(files: &ModuleFiles) -> Vec<u8> {
    let encoder = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    let mut builder = tar::Builder::new(encoder);
    builder.mode(tar::HeaderMode::Deterministic);
    for (path, content) in files.iter() {
        let mut header = tar::Header::new_ustar();
        header.set_entry_type(tar::EntryType::Regular);
        header.set_size(content.len() as u64);
        header.set_mode(0o644);
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(0);
        // Paths are short relative module paths chosen by Paved; a failure here is a bug.
        builder.append_data(&mut header, path, content.as_bytes()).expect("writing to memory succeeds");
    }
    let encoder = builder.into_inner().expect("writing to memory succeeds");
    let mut bytes = encoder.finish().expect("writing to memory succeeds");
    bytes.flush().expect("flushing memory succeeds");
    bytes
}
