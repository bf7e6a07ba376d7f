//! A throwaway certificate authority and server certificate, so that `paved registry serve
//! --self-signed` serves HTTPS that Terraform and `paved fetch` accept once told to trust the CA
//! (`SSL_CERT_FILE`).
//!
//! Each call makes a new CA (ECDSA P-256) and a server certificate it signs for the given hosts
//! (IP addresses and DNS names), and writes the CA certificate, the server certificate and the
//! server key into a folder. The CA's own key is never written, so nothing else can ever be signed
//! with it: trusting `ca.pem` trusts this one server certificate only.

use std::path::{Path, PathBuf};

use crate::serve::ServeError;

/// The files [`self_signed`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfSigned {
    /// The CA certificate to trust (`SSL_CERT_FILE`, `--ca-cert`).
    pub ca_certificate: PathBuf,
    /// The server certificate (PEM).
    pub certificate: PathBuf,
    /// The server's private key (PKCS#8 PEM, readable by its owner only).
    pub key: PathBuf,
}

/// Makes a throwaway CA and a server certificate for `hosts` (such as `127.0.0.1` and
/// `localhost`), and writes them to `folder` (created) as `ca.pem`, `server.pem` and
/// `server-key.pem`, replacing earlier ones.
pub fn self_signed(folder: &Path, hosts: &[String]) -> Result<SelfSigned, ServeError> {
    let failed = |reason: String| ServeError::SelfSigned { folder: folder.to_owned(), reason };
    let (ca_pem, certificate_pem, key_pem) = generate(hosts).map_err(|error| failed(error.to_string()))?;
    std::fs::create_dir_all(folder).map_err(|error| failed(format!("cannot create the folder: {error}")))?;
    let files = SelfSigned {
        ca_certificate: folder.join("ca.pem"),
        certificate: folder.join("server.pem"),
        key: folder.join("server-key.pem"),
    };
    for (path, content, private) in [
        (&files.ca_certificate, &ca_pem, false),
        (&files.certificate, &certificate_pem, false),
        (&files.key, &key_pem, true),
    ] {
        write_file(path, content.as_bytes(), private)
            .map_err(|error| failed(format!("cannot write `{}`: {error}", path.display())))?;
    }
    Ok(files)
}

/// The CA certificate, the server certificate and the server key, as PEM.
fn generate(hosts: &[String]) -> Result<(String, String, String), rcgen::Error> {
    use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose};
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.distinguished_name.push(DnType::CommonName, "Paved throwaway registry CA");
    ca_params.key_usages =
        vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let ca = ca_params.self_signed(&ca_key)?;

    let server_key = KeyPair::generate()?;
    let mut params = CertificateParams::new(hosts.to_vec())?;
    params.distinguished_name.push(DnType::CommonName, hosts.first().map_or("localhost", String::as_str));
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let certificate = params.signed_by(&server_key, &ca, &ca_key)?;
    Ok((ca.pem(), certificate.pem(), server_key.serialize_pem()))
}

/// Writes `bytes` to `path` through a temporary file and a rename; `private` files are readable by
/// their owner only.
fn write_file(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    use std::io::Write as _;
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new().prefix(".paved-").suffix(".tmp").tempfile_in(folder)?;
    file.write_all(bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file().set_permissions(std::fs::Permissions::from_mode(if private { 0o600 } else { 0o644 }))?;
    }
    #[cfg(not(unix))]
    let _ = private;
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
}
