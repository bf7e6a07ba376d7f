//! Safe extraction of a module archive (a gzip'd tar) into a directory.
//!
//! Only regular files and directories with plain relative paths are accepted. The whole archive is
//! read and checked in memory before anything touches the disk, then written into a fresh temporary
//! sibling of the target and renamed into place, so a refused or broken archive leaves nothing behind.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use tar::EntryType;

/// At most this many entries; a module has tens.
const MAX_ENTRIES: usize = 10_000;
/// At most this many bytes once unpacked, against gzip bombs; a module has kilobytes.
const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Why an archive entry was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The path starts at the file system root (or a drive).
    AbsolutePath,
    /// The path has a `..` component.
    ParentComponent,
    /// The path would land outside the target directory.
    OutsideTarget,
    /// The path is empty or only `.`.
    EmptyPath,
    /// The path is not valid UTF-8.
    NotUtf8,
    /// A symbolic link, to the given target.
    Symlink(String),
    /// A hard link, to the given target.
    HardLink(String),
    /// A character or block device, or a named pipe.
    Device(&'static str),
    /// Any other entry type, by its tar type flag.
    UnsupportedType(char),
    /// The same path appears earlier in the archive.
    Duplicate,
    /// A parent of the path is a regular file earlier in the archive.
    UnderAFile(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AbsolutePath => formatter.write_str("it is an absolute path"),
            Self::ParentComponent => formatter.write_str("its path has a `..` component"),
            Self::OutsideTarget => formatter.write_str("its path leads outside the target directory"),
            Self::EmptyPath => formatter.write_str("its path is empty"),
            Self::NotUtf8 => formatter.write_str("its path is not valid UTF-8"),
            Self::Symlink(target) => write!(formatter, "it is a symbolic link (to `{target}`)"),
            Self::HardLink(target) => write!(formatter, "it is a hard link (to `{target}`)"),
            Self::Device(kind) => write!(formatter, "it is a {kind}"),
            Self::UnsupportedType(flag) => {
                write!(formatter, "its tar entry type `{}` is not supported", flag.escape_default())
            }
            Self::Duplicate => formatter.write_str("the same path appears earlier in the archive"),
            Self::UnderAFile(parent) => write!(formatter, "its parent `{parent}` is a file earlier in the archive"),
        }
    }
}

/// An archive that could not be extracted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// An entry is not a plain regular file or directory inside the target.
    #[error(
        "refused the archive entry `{entry}`: {reason}; nothing was written to `{}`. Module archives may hold only \
         regular files and directories with relative paths; rebuild the archive (`paved publish` makes safe ones)",
        target.display()
    )]
    Refused {
        /// The entry's path as stored in the archive.
        entry: String,
        /// Why it was refused.
        reason: Refusal,
        /// Where it would have been extracted.
        target: PathBuf,
    },
    /// The bytes are not a gzip'd tar, or are truncated.
    #[error("the archive is not a readable gzip'd tar ({source}); nothing was written to `{}`. Download it again", target.display())]
    Corrupt {
        /// Where it would have been extracted.
        target: PathBuf,
        /// What the decoder reported.
        #[source]
        source: io::Error,
    },
    /// The archive unpacks to more entries or bytes than any module needs.
    #[error(
        "the archive unpacks to more than {limit} {unit}; nothing was written to `{}`. A module archive should be small; \
         check that it is the right file",
        target.display()
    )]
    TooLarge {
        /// The limit exceeded.
        limit: u64,
        /// `entries` or `bytes`.
        unit: &'static str,
        /// Where it would have been extracted.
        target: PathBuf,
    },
    /// The archive holds no file: an empty download, or a module with nothing in it.
    #[error(
        "the archive holds no file, so it is no module; nothing was written to `{}`. Check that the registry serves \
         the right archive, then republish the version",
        target.display()
    )]
    NoFiles {
        /// Where it would have been extracted.
        target: PathBuf,
    },
    /// The target exists and is not an empty directory.
    #[error("`{}` already exists and is not an empty directory; remove it or choose another output directory", path.display())]
    TargetNotEmpty {
        /// The target directory.
        path: PathBuf,
    },
    /// A file system operation failed.
    #[error("could not {action} `{}`: {source}", path.display())]
    Io {
        /// What was being done, such as `create the directory`.
        action: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// One checked entry, ready to write.
enum Planned {
    Directory(PathBuf),
    File { path: PathBuf, contents: Vec<u8>, executable: bool },
}

/// Extracts the gzip'd tar `bytes` into the directory `target`, which must not exist yet or be an
/// empty directory, and returns how many regular files were written.
///
/// Every entry must be a regular file or a directory whose path is relative, has no `..`, and stays
/// inside `target`; anything else (absolute paths, links, devices, fifos, duplicates) refuses the
/// whole archive with [`ExtractError::Refused`] naming the entry, and nothing is written. Files get
/// the default permissions, plus execute permission (`0755`) when any execute bit is set in the archive.
pub fn extract_archive(bytes: &[u8], target: &Path) -> Result<usize, ExtractError> {
    check_target(target)?;
    let plan = plan(bytes, target)?;
    let files = plan.iter().filter(|planned| matches!(planned, Planned::File { .. })).count();
    if files == 0 {
        return Err(ExtractError::NoFiles { target: target.to_owned() });
    }
    write(&plan, target)?;
    Ok(files)
}

fn check_target(target: &Path) -> Result<(), ExtractError> {
    match std::fs::read_dir(target) {
        Ok(entries) => match entries.into_iter().next() {
            None => Ok(()),
            Some(_) => Err(ExtractError::TargetNotEmpty { path: target.to_owned() }),
        },
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotADirectory => {
            Err(ExtractError::TargetNotEmpty { path: target.to_owned() })
        }
        Err(source) => Err(ExtractError::Io { action: "read the directory", path: target.to_owned(), source }),
    }
}

/// Reads and checks every entry, touching nothing on disk.
fn plan(bytes: &[u8], target: &Path) -> Result<Vec<Planned>, ExtractError> {
    let corrupt = |source| ExtractError::Corrupt { target: target.to_owned(), source };
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    let mut plan = Vec::new();
    let mut directories = BTreeSet::new();
    let mut files = BTreeSet::new();
    let mut unpacked: u64 = 0;
    for entry in archive.entries().map_err(corrupt)? {
        let mut entry = entry.map_err(corrupt)?;
        let header = entry.header();
        let entry_type = header.entry_type();
        if entry_type == EntryType::XGlobalHeader {
            // Archive-wide metadata (such as `git archive`'s commit id); it names no file.
            continue;
        }
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let refuse = |reason| ExtractError::Refused { entry: name.clone(), reason, target: target.to_owned() };
        let link =
            || entry.link_name_bytes().map(|link| String::from_utf8_lossy(&link).into_owned()).unwrap_or_default();
        match entry_type {
            EntryType::Regular | EntryType::Directory => {}
            EntryType::Symlink => return Err(refuse(Refusal::Symlink(link()))),
            EntryType::Link => return Err(refuse(Refusal::HardLink(link()))),
            EntryType::Char => return Err(refuse(Refusal::Device("character device"))),
            EntryType::Block => return Err(refuse(Refusal::Device("block device"))),
            EntryType::Fifo => return Err(refuse(Refusal::Device("named pipe (fifo)"))),
            other => return Err(refuse(Refusal::UnsupportedType(char::from(other.as_byte())))),
        }
        let is_directory = entry_type == EntryType::Directory;
        let executable = header.mode().map_err(corrupt)? & 0o111 != 0;
        let path = relative_path(&entry.path_bytes()).map_err(refuse)?;
        if path.as_os_str().is_empty() {
            if is_directory {
                continue; // `./`, the target itself
            }
            return Err(refuse(Refusal::EmptyPath));
        }
        if !target.join(&path).starts_with(target) {
            return Err(refuse(Refusal::OutsideTarget));
        }
        if let Some(file) = path.ancestors().skip(1).find(|ancestor| files.contains(*ancestor)) {
            return Err(refuse(Refusal::UnderAFile(file.display().to_string())));
        }
        if files.contains(&path) || (!is_directory && directories.contains(&path)) {
            return Err(refuse(Refusal::Duplicate));
        }
        if plan.len() >= MAX_ENTRIES {
            return Err(ExtractError::TooLarge {
                limit: MAX_ENTRIES as u64,
                unit: "entries",
                target: target.to_owned(),
            });
        }
        if is_directory {
            if directories.insert(path.clone()) {
                plan.push(Planned::Directory(path));
            }
            continue;
        }
        let mut contents = Vec::new();
        let budget = MAX_UNPACKED_BYTES - unpacked;
        (&mut entry).take(budget + 1).read_to_end(&mut contents).map_err(corrupt)?;
        unpacked += contents.len() as u64;
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(ExtractError::TooLarge { limit: MAX_UNPACKED_BYTES, unit: "bytes", target: target.to_owned() });
        }
        directories
            .extend(path.ancestors().skip(1).filter(|ancestor| !ancestor.as_os_str().is_empty()).map(Path::to_owned));
        files.insert(path.clone());
        plan.push(Planned::File { path, contents, executable });
    }
    Ok(plan)
}

/// The entry's path as plain relative components (`.` dropped), or why it is not one.
fn relative_path(raw: &[u8]) -> Result<PathBuf, Refusal> {
    let text = std::str::from_utf8(raw).map_err(|_| Refusal::NotUtf8)?;
    if text.starts_with('/') || text.starts_with('\\') {
        return Err(Refusal::AbsolutePath);
    }
    // A backslash is a separator on Windows; judge the path as Windows would, too.
    if text.split(['/', '\\']).any(|part| part == "..") {
        return Err(Refusal::ParentComponent);
    }
    let mut path = PathBuf::new();
    for component in Path::new(text).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            Component::ParentDir => return Err(Refusal::ParentComponent),
            Component::RootDir | Component::Prefix(_) => return Err(Refusal::AbsolutePath),
        }
    }
    if path.components().any(|component| component.as_os_str().to_str().is_some_and(|part| part.contains(':'))) {
        // `C:x` is drive-relative on Windows; no module file needs a colon.
        return Err(Refusal::OutsideTarget);
    }
    Ok(path)
}

/// Wraps an I/O error with what was being done and where.
fn io_error<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> ExtractError + 'a {
    move |source| ExtractError::Io { action, path: path.to_owned(), source }
}

/// Writes the plan into a fresh sibling of `target` and renames it into place.
fn write(plan: &[Planned], target: &Path) -> Result<(), ExtractError> {
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = target.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    std::fs::create_dir_all(parent).map_err(io_error("create the directory", parent))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{file_name}.extracting-"))
        .tempdir_in(parent)
        .map_err(io_error("create a temporary directory in", parent))?;
    for planned in plan {
        match planned {
            Planned::Directory(path) => {
                let full = staging.path().join(path);
                std::fs::create_dir_all(&full).map_err(io_error("create the directory", &full))?;
            }
            Planned::File { path, contents, executable } => {
                let full = staging.path().join(path);
                if let Some(directory) = full.parent() {
                    std::fs::create_dir_all(directory).map_err(io_error("create the directory", directory))?;
                }
                std::fs::write(&full, contents).map_err(io_error("write", &full))?;
                #[cfg(unix)]
                if *executable {
                    use std::os::unix::fs::PermissionsExt as _;
                    std::fs::set_permissions(&full, std::fs::Permissions::from_mode(0o755))
                        .map_err(io_error("make executable", &full))?;
                }
                #[cfg(not(unix))]
                let _ = executable;
            }
        }
    }
    // An empty target directory is replaced; a missing one is created by the rename.
    match std::fs::remove_dir(target) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(_) => return Err(ExtractError::TargetNotEmpty { path: target.to_owned() }),
    }
    // The temporary directory was made private (0700); the extracted module is an ordinary folder.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(io_error("set the permissions of", staging.path()))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, target).map_err(|source| {
        let _ = std::fs::remove_dir_all(&staged);
        ExtractError::Io { action: "move the extracted files into", path: target.to_owned(), source }
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};

    /// A raw 512-byte ustar header with `name` written byte for byte, bypassing the tar crate's
    /// own path checks (which would refuse to build hostile archives).
    fn raw_header(name: &str, entry_type: EntryType, link: &str, size: u64) -> tar::Header {
        let mut header = tar::Header::new_ustar();
        {
            let bytes = header.as_old_mut();
            bytes.name[..name.len()].copy_from_slice(name.as_bytes());
            bytes.linkname[..link.len()].copy_from_slice(link.as_bytes());
        }
        header.set_entry_type(entry_type);
        header.set_size(size);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_cksum();
        header
    }

    enum Item<'a> {
        File(&'a str, &'a [u8]),
        Directory(&'a str),
        Other(&'a str, EntryType, &'a str),
    }

    fn archive(items: &[Item<'_>]) -> Vec<u8> {
        let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::default()));
        for item in items {
            match item {
                Item::File(name, contents) => {
                    let header = raw_header(name, EntryType::Regular, "", contents.len() as u64);
                    builder.append(&header, *contents).expect("append");
                }
                Item::Directory(name) => {
                    builder.append(&raw_header(name, EntryType::Directory, "", 0), io::empty()).expect("append");
                }
                Item::Other(name, entry_type, link) => {
                    builder.append(&raw_header(name, *entry_type, link, 0), io::empty()).expect("append");
                }
            }
        }
        builder.into_inner().expect("tar").finish().expect("gzip")
    }

    /// Everything under `directory`, as sorted relative paths.
    fn listing(directory: &Path) -> Vec<String> {
        fn walk(root: &Path, directory: &Path, paths: &mut Vec<String>) {
            for entry in std::fs::read_dir(directory).expect("readable") {
                let path = entry.expect("entry").path();
                paths.push(path.strip_prefix(root).expect("inside").display().to_string());
                if path.is_dir() {
                    walk(root, &path, paths);
                }
            }
        }
        let mut paths = Vec::new();
        walk(directory, directory, &mut paths);
        paths.sort();
        paths
    }

    #[track_caller]
    fn assert_refused(items: &[Item<'_>], entry: &str, expected: Refusal) {
        let scratch = tempfile::tempdir().expect("tempdir");
        let target = scratch.path().join("out");
        let error = extract_archive(&archive(items), &target).expect_err("must be refused");
        match &error {
            ExtractError::Refused { entry: refused, reason, .. } => {
                assert_eq!((refused.as_str(), reason), (entry, &expected), "{error}");
            }
            other => panic!("expected a refusal, got {other}"),
        }
        assert!(error.to_string().contains(&format!("`{entry}`")), "{error}");
        assert_eq!(listing(scratch.path()), Vec::<String>::new(), "nothing may be written");
    }

    #[test]
    fn extracts_regular_files_and_directories() {
        let scratch = tempfile::tempdir().expect("tempdir");
        let target = scratch.path().join("nested").join("out");
        let bytes = archive(&[
            Item::Directory("./"),
            Item::File("main.tf", b"# main\n"),
            Item::Directory("examples/"),
            Item::File("./examples/basic/main.tf", b"module \"x\" {}\n"),
        ]);
        assert_eq!(extract_archive(&bytes, &target).expect("extracts"), 2);
        assert_eq!(listing(&target), ["examples", "examples/basic", "examples/basic/main.tf", "main.tf"]);
        assert_eq!(std::fs::read(target.join("main.tf")).expect("read"), b"# main\n");
        assert_eq!(
            listing(scratch.path()),
            [
                "nested",
                "nested/out",
                "nested/out/examples",
                "nested/out/examples/basic",
                "nested/out/examples/basic/main.tf",
                "nested/out/main.tf"
            ]
        );
    }

    #[test]
    fn an_empty_target_directory_is_replaced_and_a_full_one_refused() {
        let scratch = tempfile::tempdir().expect("tempdir");
        let bytes = archive(&[Item::File("main.tf", b"x")]);
        std::fs::create_dir(scratch.path().join("empty")).expect("mkdir");
        assert_eq!(extract_archive(&bytes, &scratch.path().join("empty")).expect("extracts"), 1);
        let error = extract_archive(&bytes, &scratch.path().join("empty")).expect_err("not empty now");
        assert!(matches!(error, ExtractError::TargetNotEmpty { .. }), "{error}");
        assert_eq!(listing(scratch.path()), ["empty", "empty/main.tf"]);
    }

    #[cfg(unix)]
    #[test]
    fn execute_bits_survive_and_nothing_else_does() {
        use std::os::unix::fs::PermissionsExt as _;
        let mut header = raw_header("run.sh", EntryType::Regular, "", 2);
        header.set_mode(0o4777);
        header.set_cksum();
        let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::default()));
        builder.append(&header, &b"#!"[..]).expect("append");
        let bytes = builder.into_inner().expect("tar").finish().expect("gzip");
        let scratch = tempfile::tempdir().expect("tempdir");
        extract_archive(&bytes, &scratch.path().join("out")).expect("extracts");
        let mode = std::fs::metadata(scratch.path().join("out/run.sh")).expect("stat").permissions().mode();
        assert_eq!(mode & 0o7777, 0o755);
        let mode = std::fs::metadata(scratch.path().join("out")).expect("stat").permissions().mode();
        assert_eq!(mode & 0o7777, 0o755, "the target is not left private like a temporary directory");
    }

    #[test]
    fn refuses_a_parent_component() {
        assert_refused(&[Item::File("main.tf", b"ok"), Item::File("../x", b"evil")], "../x", Refusal::ParentComponent);
        assert_refused(&[Item::File("a/../../x", b"evil")], "a/../../x", Refusal::ParentComponent);
        assert_refused(&[Item::File("a\\..\\x", b"evil")], "a\\..\\x", Refusal::ParentComponent);
        assert_refused(&[Item::Directory("../")], "../", Refusal::ParentComponent);
    }

    #[test]
    fn refuses_an_absolute_path() {
        assert_refused(&[Item::File("/etc/x", b"evil")], "/etc/x", Refusal::AbsolutePath);
        assert_refused(&[Item::File("C:/x", b"evil")], "C:/x", Refusal::OutsideTarget);
    }

    #[test]
    fn refuses_links() {
        assert_refused(
            &[Item::Other("link", EntryType::Symlink, "/etc/passwd")],
            "link",
            Refusal::Symlink("/etc/passwd".into()),
        );
        assert_refused(
            &[Item::File("main.tf", b"ok"), Item::Other("hard", EntryType::Link, "main.tf")],
            "hard",
            Refusal::HardLink("main.tf".into()),
        );
    }

    #[test]
    fn refuses_devices_fifos_and_other_types() {
        assert_refused(&[Item::Other("tty", EntryType::Char, "")], "tty", Refusal::Device("character device"));
        assert_refused(&[Item::Other("disk", EntryType::Block, "")], "disk", Refusal::Device("block device"));
        assert_refused(&[Item::Other("pipe", EntryType::Fifo, "")], "pipe", Refusal::Device("named pipe (fifo)"));
        assert_refused(&[Item::Other("fast", EntryType::Continuous, "")], "fast", Refusal::UnsupportedType('7'));
    }

    #[test]
    fn refuses_duplicates_and_files_under_files() {
        assert_refused(&[Item::File("main.tf", b"a"), Item::File("./main.tf", b"b")], "./main.tf", Refusal::Duplicate);
        assert_refused(&[Item::File("main.tf", b"a"), Item::Directory("main.tf/")], "main.tf/", Refusal::Duplicate);
        assert_refused(&[Item::File("a", b"a"), Item::File("a/b", b"b")], "a/b", Refusal::UnderAFile("a".into()));
    }

    #[test]
    fn refuses_an_empty_file_name() {
        assert_refused(&[Item::File("./", b"a")], "./", Refusal::EmptyPath);
    }

    #[test]
    fn reports_garbage_as_corrupt_and_writes_nothing() {
        let scratch = tempfile::tempdir().expect("tempdir");
        let target = scratch.path().join("out");
        let error = extract_archive(b"not a gzip stream", &target).expect_err("corrupt");
        assert!(matches!(error, ExtractError::Corrupt { .. }), "{error}");
        let mut truncated = archive(&[Item::File("main.tf", &[b'x'; 4096])]);
        truncated.truncate(truncated.len() / 2);
        let error = extract_archive(&truncated, &target).expect_err("corrupt");
        assert!(matches!(error, ExtractError::Corrupt { .. }), "{error}");
        assert_eq!(listing(scratch.path()), Vec::<String>::new());
    }
}
