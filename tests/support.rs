//! Helpers shared by the consumer tests: finding external tools (a missing one fails the test;
//! `PAVED_QUICK=1` skips, loudly, every test that needs one), also in the project's Python
//! virtualenvs, running Terraform offline, and emitting the whole catalog. What a catalog crate's
//! tests need as well lives in `paved-testing`, and is used from there.

use paved_catalog::Catalog;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

pub use paved_testing::{QUICK_VARIABLE, quick_run, read_text_tree, read_tree, terraform_files, tree_differences};

/// Finds an external tool at `PAVED_<NAME>` or on `PATH` ([`paved_testing::require_tool`]).
///
/// `None` only in a quick run (`PAVED_QUICK=1`), where the calling test returns at once after a
/// loud banner on stderr. Otherwise a missing tool fails the test, naming how to install it
/// (`bash tests/run` installs everything).
pub fn require_tool(name: &str) -> Option<PathBuf> {
    require_tool_also_at(name, &[], "`bash tests/run` (or install it)")
}

/// Like [`require_tool`], but when the tool is not at `PAVED_<NAME>`, also tries each of
/// `fallbacks` in order before `PATH`. `install` tells how to install the tool, for the message
/// shown when it is missing (for example "`bash .ci/install-moto.sh`").
pub fn require_tool_also_at(name: &str, fallbacks: &[PathBuf], install: &str) -> Option<PathBuf> {
    paved_testing::require_tool(name, fallbacks, &format!("run {install} to run this test"))
}

/// The virtualenv the scaffolded services' unit tests run in, installed by
/// `.ci/install-service-venv.sh`: `$PAVED_SERVICE_VENV`, or `.venv-service` at the repository root.
pub fn service_virtualenv() -> PathBuf {
    std::env::var_os("PAVED_SERVICE_VENV").map(PathBuf::from).unwrap_or_else(|| repository_root().join(".venv-service"))
}

/// The example service every type is scaffolded as in tests and `examples/services/<type>/`.
pub const EXAMPLE_SERVICE: &str = "payment-gateway";

/// The service types of this tree's templates (`blueprints/service-types/`), in name order.
pub fn service_types() -> Vec<String> {
    service_templates().types().map(|service_type| service_type.name.to_string()).collect()
}

/// This tree's service templates.
pub fn service_templates() -> paved_service::ServiceTemplates {
    paved_service::ServiceTemplates::load(&repository_root().join("blueprints/service-types"))
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The files of [`EXAMPLE_SERVICE`] (owner `payments-team`) scaffolded as `service_type`, its
/// modules from `source` (the platform's registry when `None`).
pub fn scaffold_example_service(
    service_type: &str,
    source: Option<paved_stack::ModuleSource>,
) -> paved_module::ModuleFiles {
    let name = paved_blueprint::ServiceName::new(EXAMPLE_SERVICE).expect("a valid name");
    let owner = paved_blueprint::EntityName::new("payments-team").expect("a valid owner");
    let request =
        paved_service::ServiceRequest { source, ..paved_service::ServiceRequest::new(name, service_type, owner) };
    service_templates().scaffold(&request, Catalog::builtin()).unwrap_or_else(|error| panic!("{error}")).files
}

/// A `terraform` command that never reaches the network for checkpoints and ignores the user's
/// CLI configuration ([`paved_testing::terraform_command`]).
pub fn terraform(binary: &Path, directory: &Path) -> Command {
    paved_testing::terraform_command(binary, directory)
}

/// Emits every built-in blueprint under `root/<name>/`, returning `(name, directory)` pairs.
pub fn emit_catalog(root: &Path) -> Vec<(String, PathBuf)> {
    paved_testing::emit_catalog(Catalog::builtin(), root)
}

/// The folder of the built-in blueprints, `blueprints/`, as the `paved_testing` helpers take it.
pub fn blueprints_folder() -> PathBuf {
    repository_root().join("blueprints")
}

/// The repository's root folder.
pub fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Strings that must survive emission unchanged: template markers and their escapes, quotes,
/// backslashes, newlines, control characters and attempts to close the string or the block.
pub const HOSTILE_SAMPLES: &[&str] = &[
    "${var.secret}",
    "%{ if true }x%{ endif }",
    "$${already-escaped}",
    "$$${=",
    "${$${",
    "\"; injected = true; x = \"",
    "line one\nline two\r\n",
    "back\\slash \\n \\\"",
    "\u{0}\u{1}\u{1f}\u{7f}\u{85}",
    "\u{2028}\u{2029}é漢🙂",
    "}\n}\nresource \"aws_iam_user\" \"evil\" {\n",
    "<<EOT\nheredoc?\nEOT",
    "# not a comment // nor this /* nor */",
    "trailing $",
    "trailing %",
    "$$$${{{",
];

/// A proptest strategy for strings built from the pieces most likely to break an escaper.
pub fn hostile_string() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("${".to_owned()),
        Just("%{".to_owned()),
        Just("$${".to_owned()),
        Just("%%{".to_owned()),
        Just("$".to_owned()),
        Just("%".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("\\n".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\t".to_owned()),
        Just("\u{0}".to_owned()),
        Just("\u{1b}[31m".to_owned()),
        Just("\u{7f}".to_owned()),
        Just("\u{2028}".to_owned()),
        Just("é漢🙂".to_owned()),
        Just("\" }\nresource \"x\" \"y\" {".to_owned()),
        Just("<<EOT\n".to_owned()),
        Just("#".to_owned()),
        Just("/*".to_owned()),
        "[a-z =]{0,4}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// The example stack file, `examples/orders/stack.toml`.
pub fn example_stack_file() -> PathBuf {
    repository_root().join("examples/orders/stack.toml")
}

/// The event-driven example stack file, `examples/fulfilment/stack.toml`.
pub fn fulfilment_stack_file() -> PathBuf {
    repository_root().join("examples/fulfilment/stack.toml")
}

/// Composes `stack_file` with its modules taken from `source`, writing the result to `out`.
pub fn compose_stack(stack_file: &Path, source: paved_stack::ModuleSource, out: &Path) -> paved_module::ModuleFiles {
    let mut stack = paved_stack::read_stack_file(stack_file).unwrap_or_else(|error| panic!("{error}"));
    stack.set_source(source);
    let files = stack.compose(Catalog::builtin()).unwrap_or_else(|error| panic!("{error}")).emit().expect("emits");
    files.write_to(out, true).expect("writes");
    files
}

/// Writes `ca.pem`, `server.pem` (for IP 127.0.0.1, signed by the CA) and `server-key.pem`: a
/// throwaway CA for the HTTPS tests, made with the `openssl` CLI.
pub fn make_certificates(openssl: &Path, folder: &Path) {
    std::fs::create_dir_all(folder).expect("creates the TLS folder");
    std::fs::write(
        folder.join("server.ext"),
        "subjectAltName = IP:127.0.0.1\nbasicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = serverAuth\n",
    )
    .expect("writes the extensions");
    let run = |arguments: &[&str]| {
        let output = Command::new(openssl).current_dir(folder).args(arguments).output().expect("openssl runs");
        assert!(output.status.success(), "openssl {arguments:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    };
    let p256 = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    run(&[
        &["req", "-x509"][..],
        &p256,
        &[
            "-keyout",
            "ca-key.pem",
            "-out",
            "ca.pem",
            "-days",
            "1",
            "-subj",
            "/CN=Paved test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ],
    ]
    .concat());
    run(&[&["req"][..], &p256, &["-keyout", "server-key.pem", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]].concat());
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca-key.pem",
        "-set_serial",
        "1",
        "-days",
        "1",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
    ]);
}

pub mod moto {
    //! A real S3-compatible server for the object store tests: moto's S3 from the `.venv-moto`
    //! virtualenv (`bash .ci/install-moto.sh`), on a free port of 127.0.0.1, started once per test
    //! process by `tests/tools/moto-s3-server.py` and ended with it.

    use paved_registry::ObjectStorage;
    use std::io::{BufRead, Read, Write};
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, Mutex, OnceLock};

    /// The credentials the tests give the store. moto accepts any; they are never read from the
    /// environment in tests, so no test can reach for real ones (or for the instance metadata).
    pub const ACCESS_KEY_ID: &str = "paved-test";
    /// See [`ACCESS_KEY_ID`].
    pub const SECRET_ACCESS_KEY: &str = "paved-test-secret";
    /// The region the tests use.
    pub const REGION: &str = "us-east-1";
    /// The environment a process needs to reach the server's buckets with the test credentials.
    pub const ENVIRONMENT: [(&str, &str); 3] =
        [("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID), ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY), ("AWS_REGION", REGION)];

    /// A running moto S3 server.
    #[derive(Debug)]
    pub struct S3Server {
        endpoint: String,
        // Held so the server lives as long as the test process: it ends when its stdin closes.
        _child: Mutex<Child>,
    }

    /// The moto virtualenv: `$PAVED_MOTO_VENV`, or `.venv-moto` at the repository root.
    pub fn virtualenv() -> PathBuf {
        std::env::var_os("PAVED_MOTO_VENV")
            .map(PathBuf::from)
            .unwrap_or_else(|| super::repository_root().join(".venv-moto"))
    }

    /// The shared server, started on first use; `None` (the test is skipped, loudly) only in a
    /// quick run (`PAVED_QUICK=1`). A missing moto virtualenv fails the test.
    pub fn server() -> Option<&'static S3Server> {
        static SERVER: OnceLock<Option<S3Server>> = OnceLock::new();
        SERVER.get_or_init(start).as_ref()
    }

    fn start() -> Option<S3Server> {
        let python = super::require_tool_also_at(
            "moto-python",
            &[virtualenv().join("bin/python")],
            "`bash .ci/install-moto.sh`",
        )?;
        let log = std::env::temp_dir().join(format!("paved-moto-{}.log", std::process::id()));
        let mut child = Command::new(python)
            .arg(super::repository_root().join("tests/tools/moto-s3-server.py"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("creates the moto log"))
            .spawn()
            .expect("starts moto");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line).expect("reads the port");
        let port: u16 = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("moto did not print its port (got `{line}`); see {}", log.display()));
        Some(S3Server { endpoint: format!("http://127.0.0.1:{port}"), _child: Mutex::new(child) })
    }

    impl S3Server {
        /// `http://127.0.0.1:<port>`.
        pub fn endpoint(&self) -> &str {
            &self.endpoint
        }

        /// A new empty bucket, named uniquely for this process.
        pub fn new_bucket(&self) -> String {
            static NEXT: AtomicU32 = AtomicU32::new(0);
            let name = format!("paved-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
            let reply = self.request("PUT", &format!("/__paved/buckets/{name}"));
            assert!(reply.starts_with("HTTP/1.1 200"), "moto did not create bucket {name}: {reply}");
            name
        }

        /// How many S3 requests the server has answered so far for `bucket`.
        pub fn requests(&self, bucket: &str) -> u64 {
            let reply = self.request("GET", &format!("/__paved/requests/{bucket}"));
            let body = reply.rsplit("\r\n\r\n").next().unwrap_or_default();
            body.trim().parse().unwrap_or_else(|_| panic!("moto's request count is `{reply}`"))
        }

        /// The registry at `prefix` of `bucket`, through `object_store` with the test credentials.
        pub fn storage(&self, bucket: &str, prefix: &str) -> ObjectStorage {
            let store = object_store::aws::AmazonS3Builder::new()
                .with_endpoint(&self.endpoint)
                .with_allow_http(true)
                .with_bucket_name(bucket)
                .with_region(REGION)
                .with_access_key_id(ACCESS_KEY_ID)
                .with_secret_access_key(SECRET_ACCESS_KEY)
                .with_conditional_put(object_store::aws::S3ConditionalPut::ETagMatch)
                .build()
                .expect("an S3 client for moto");
            ObjectStorage::new(Arc::new(store), bucket, prefix).expect("a storage")
        }

        /// One plain HTTP/1.1 request; the whole reply.
        fn request(&self, method: &str, path: &str) -> String {
            let address = self.endpoint.trim_start_matches("http://");
            let mut stream = std::net::TcpStream::connect(address).expect("connects to moto");
            write!(
                stream,
                "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .expect("sends");
            let mut reply = String::new();
            stream.read_to_string(&mut reply).expect("reads the reply");
            reply
        }
    }
}

/// A stand-in for a CloudFront distribution (`tests/tools/cloudfront-emulator.mjs` under node):
/// HTTPS on 127.0.0.1 in front of an S3 origin, running a viewer-response CloudFront Function on
/// every answer. Stopped when dropped.
#[derive(Debug)]
pub struct CloudFront {
    port: u16,
    child: std::process::Child,
}

impl CloudFront {
    /// Serves `origin` (such as `http://127.0.0.1:PORT/bucket/prefix`) with the function in
    /// `function` and the certificate and key of [`make_certificates`] in `tls`.
    /// Origin requests are signed with the moto test credentials.
    pub fn start(node: &Path, origin: &str, function: &Path, tls: &Path) -> Self {
        use std::io::BufRead;
        let mut child = Command::new(node)
            .envs(moto::ENVIRONMENT)
            .arg(repository_root().join("tests/tools/cloudfront-emulator.mjs"))
            .arg(origin)
            .arg(function)
            .arg(tls.join("server.pem"))
            .arg(tls.join("server-key.pem"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("node runs the CloudFront emulator");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line).expect("reads the port");
        let port = line.trim().parse().unwrap_or_else(|_| panic!("the CloudFront emulator printed `{line}`"));
        Self { port, child }
    }

    /// `127.0.0.1:<port>`, the host part of module sources.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `https://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("https://{}", self.host())
    }
}

impl Drop for CloudFront {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The release of every catalog blueprint, as `paved publish` makes them (`platform/<name>/aws`).
pub fn catalog_releases() -> Vec<paved_registry::Release> {
    let catalog = Catalog::builtin();
    catalog
        .iter()
        .map(|definition| {
            paved_registry::Release::of_blueprint(definition, "platform", &|name| catalog.get(name).ok())
                .expect("a release")
        })
        .collect()
}

/// The catalog's current version of `blueprint`.
pub fn catalog_version(blueprint: &str) -> semver::Version {
    Catalog::builtin().get(blueprint).expect("a catalog blueprint").version.clone()
}

/// Copies the folder `from`, recursively, to `to` (created).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|error| panic!("creating {}: {error}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|error| panic!("reading {}: {error}", from.display())).flatten()
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|error| panic!("copying to {}: {error}", target.display()));
        }
    }
}

/// `key@version` of every module `terraform get` or `init` installed in `configuration`, sorted
/// (`-` for a local module), read from `.terraform/modules/modules.json`.
pub fn installed_modules(configuration: &Path) -> Vec<String> {
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(configuration.join(".terraform/modules/modules.json")).expect("manifest"),
    )
    .expect("JSON");
    let mut installed: Vec<String> = manifest["Modules"]
        .as_array()
        .expect("modules")
        .iter()
        .map(|module| {
            format!("{}@{}", module["Key"].as_str().unwrap_or_default(), module["Version"].as_str().unwrap_or("-"))
        })
        .collect();
    installed.sort();
    installed
}

/// What differs between a stack composed with vendored modules under `out` and what is
/// committed: its root (everything but `modules/`) against `golden`, which a bless run
/// (`PAVED_BLESS=1`) rewrites first, and each vendored `modules/<name>/` against the one committed
/// copy of that module, `blueprints/<name>/golden/` without its `examples/`. The stack must vendor
/// exactly the blueprints `vendors` names.
pub fn composed_root_problems(out: &Path, golden: &Path, vendors: &[&str]) -> Vec<String> {
    let (modules, root): (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) =
        read_tree(out).into_iter().partition(|(path, _)| path.starts_with("modules/"));
    if paved_testing::bless_run() {
        let _ = std::fs::remove_dir_all(golden);
        for (path, content) in &root {
            let target = golden.join(path);
            std::fs::create_dir_all(target.parent().expect("a parent")).expect("creates the golden folder");
            std::fs::write(target, content).expect("writes the golden file");
        }
    }
    let shown = golden.strip_prefix(repository_root()).unwrap_or(golden).display().to_string();
    let mut problems = tree_differences(&shown, &root, &read_tree(golden));
    let vendored: BTreeSet<&str> = modules.keys().filter_map(|path| path.split('/').nth(1)).collect();
    let expected: BTreeSet<&str> = vendors.iter().copied().collect();
    if vendored != expected {
        problems.push(format!("the stack vendors {vendored:?}, not {expected:?}"));
    }
    for name in vendored {
        let prefix = format!("modules/{name}/");
        let copy: BTreeMap<String, &Vec<u8>> = modules
            .iter()
            .filter_map(|(path, content)| Some((path.strip_prefix(&prefix)?.to_owned(), content)))
            .collect();
        let committed = read_tree(&blueprints_folder().join(name).join("golden"));
        let committed: BTreeMap<String, &Vec<u8>> = committed
            .iter()
            .filter(|(path, _)| !path.starts_with("examples/"))
            .map(|(path, content)| (path.clone(), content))
            .collect();
        problems.extend(tree_differences(&format!("vendored {prefix} vs blueprints/{name}/golden"), &copy, &committed));
    }
    problems
}
