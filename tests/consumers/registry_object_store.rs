//! The registry on object storage, end to end and as a team deploys it: the catalog published to
//! an S3 bucket (moto's S3 server) under a prefix, served over HTTPS by a CloudFront stand-in
//! (`tests/tools/cloudfront-emulator.mjs`) whose origin is that prefix and which runs the
//! `cloudfront-function.js` Paved published, then fetched by Paved's client and installed by the
//! real `terraform get`. It also measures a publish of the catalog: time and S3 requests.

use paved_registry::{Client, ClientOptions, ObjectStorage, PublishOutcome, Storage, publish_many_to};
use paved_tests::{CloudFront, catalog_releases, moto, require_tool};
use std::time::Instant;

/// The cache policy of files that never change (archives and download documents).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Publishes `releases` to `storage`, printing the time and how many S3 requests it took.
fn measured_publish(
    server: &moto::S3Server,
    bucket: &str,
    storage: &ObjectStorage,
    releases: &[paved_registry::Release],
    what: &str,
) -> Vec<PublishOutcome> {
    let (requests, started) = (server.requests(bucket), Instant::now());
    let outcomes = publish_many_to(storage, releases).expect("publishes");
    let (elapsed, requests) = (started.elapsed(), server.requests(bucket) - requests);
    eprintln!(
        "{what}: {} modules in {:.0} ms, {requests} S3 requests ({:.1} per module)",
        releases.len(),
        elapsed.as_secs_f64() * 1000.0,
        requests as f64 / releases.len() as f64
    );
    outcomes.into_iter().map(|outcome| outcome.expect("not refused")).collect()
}

#[test]
fn the_catalog_on_s3_behind_cloudfront_is_fetched_by_paved_and_installed_by_terraform() {
    let Some(server) = moto::server() else { return };
    let Some(node) = require_tool("node") else { return };
    let Some(openssl) = require_tool("openssl") else { return };
    let Some(terraform) = require_tool("terraform") else { return };
    let scratch = tempfile::tempdir().expect("dir");
    let bucket = server.new_bucket();
    let storage = server.storage(&bucket, "modules");

    let releases = catalog_releases();
    let first = measured_publish(server, &bucket, &storage, &releases, "first publish of the catalog to S3");
    assert!(first.iter().all(|outcome| matches!(outcome, PublishOutcome::Published { .. })), "{first:?}");
    let again = measured_publish(server, &bucket, &storage, &releases, "republish of the unchanged catalog to S3");
    assert!(again.iter().all(|outcome| matches!(outcome, PublishOutcome::Unchanged { .. })), "{again:?}");

    // The function as Paved published it, attached to the distribution.
    let function = scratch.path().join("cloudfront-function.js");
    let stored = storage.read("cloudfront-function.js").expect("reads").expect("published");
    std::fs::write(&function, stored.bytes).expect("writes");
    let tls = scratch.path().join("tls");
    paved_tests::make_certificates(&openssl, &tls);
    let cloudfront = CloudFront::start(&node, &format!("{}/{bucket}/modules", server.endpoint()), &function, &tls);

    let options = ClientOptions { ca_cert: Some(tls.join("ca.pem")), ..ClientOptions::default() };
    let client = Client::new(&cloudfront.url(), options).expect("a client");
    let address = "platform/sqs-redrive/aws".parse().expect("valid");
    let queue = paved_tests::catalog_version("sqs-redrive");
    let location = client.download_location(&address, &queue).expect("a location");
    assert!(location.url.as_str().ends_with(&format!("/archives/platform/sqs-redrive/aws/sqs-redrive-{queue}.tar.gz")));
    let out = scratch.path().join("vendor/queue");
    let fetched = client.fetch("platform/sqs-redrive/aws", &format!("~> {}.0", queue.major), &out).expect("fetches");
    assert_eq!(fetched.version, queue);
    assert_eq!(
        std::fs::read_to_string(out.join("main.tf")).expect("extracted"),
        std::fs::read_to_string(paved_tests::repository_root().join("blueprints/sqs-redrive/golden/main.tf"))
            .expect("golden"),
    );

    // What viewers get: each file with its content type and cache policy, as uploaded.
    let http = reqwest::blocking::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(&std::fs::read(tls.join("ca.pem")).expect("CA")).expect("a certificate"),
        )
        .build()
        .expect("an HTTP client");
    let function_address: paved_registry::ModuleAddress = "platform/baseline-lambda/aws".parse().expect("valid");
    let function_version = paved_tests::catalog_version("baseline-lambda");
    for (path, content_type, cache) in [
        (".well-known/terraform.json".to_owned(), "application/json", "no-cache"),
        ("index.json".to_owned(), "application/json", "no-cache"),
        (function_address.versions_path(), "application/json", "no-cache"),
        (function_address.download_path(&function_version), "application/json", IMMUTABLE),
        (function_address.archive_path(&function_version), "application/gzip", IMMUTABLE),
        ("cloudfront-function.js".to_owned(), "text/javascript; charset=utf-8", "no-cache"),
        ("index.html".to_owned(), "text/html; charset=utf-8", "no-cache"),
    ] {
        let response = http.head(format!("{}/{path}", cloudfront.url())).send().expect("HEAD");
        assert_eq!(response.status(), 200, "{path}");
        let header = |name: &str| response.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
        assert_eq!(header("content-type").as_deref(), Some(content_type), "{path}");
        assert_eq!(header("cache-control").as_deref(), Some(cache), "{path}");
    }

    // Terraform reads the location only from the function's X-Terraform-Get header, and refuses
    // a discovery document that is not `application/json`.
    super::registry_terraform::assert_terraform_installs_the_example_stack(
        &terraform,
        &cloudfront.host(),
        &tls.join("ca.pem"),
        &scratch.path().join("orders"),
    );
}
