//! `acme-private-bucket`: a private, encrypted, versioned S3 bucket with access logging and a
//! lifecycle policy.

use paved_blueprint::{Blueprint, Definition, KmsKeyArn, Parts, RoleName, Wire};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

paved_blueprint::value_kind! {
    /// The ARN of an Acme private bucket.
    pub AcmeBucketArn => "acme-bucket-arn";
    /// The name of an Acme private bucket.
    pub AcmeBucketName => "acme-bucket-name";
}

paved_blueprint::constrained_string! {
    /// What an Acme bucket holds, in its name: the bucket is `acme-<label>-<account ID>`, and its
    /// access-log bucket adds `-access-logs`, within S3's 63 characters.
    BucketLabel {
        what: "bucket label",
        pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        length: 3 ..= 33,
        rule: "use 3 to 33 lowercase letters and digits in words joined by single `-`, starting with a letter (the bucket is `acme-<name>-<account ID>` and its log bucket adds `-access-logs`, within S3's 63 characters)",
    }
}

/// Inputs of `acme-private-bucket`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcmePrivateBucketInputs {
    /// What the bucket holds: the bucket is named `acme-<name>-<account ID>`, and its access logs go to the bucket of that name with `-access-logs` added.
    pub name: BucketLabel,
    /// KMS key that encrypts the objects; the AWS managed key `aws/s3` when null.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "encryption-key"))]
    pub kms_key_arn: Option<KmsKeyArn>,
    /// Days S3 keeps an object version after a newer version replaces it or it is deleted.
    #[serde(default = "default_noncurrent_version_days")]
    #[schemars(range(min = 1, max = 3650))]
    #[schemars(extend("x-paved-governs" = "acme-noncurrent-version-days"))]
    pub noncurrent_version_days: u32,
    /// Days S3 keeps the access logs.
    #[serde(default = "default_access_log_retention_days")]
    #[schemars(range(min = 1, max = 3650))]
    pub access_log_retention_days: u32,
    /// IAM roles allowed to list the bucket and read its objects (and nothing else).
    #[serde(default)]
    pub reader_role_names: Vec<Wire<RoleName>>,
    /// IAM roles allowed to write objects (and nothing else).
    #[serde(default)]
    pub writer_role_names: Vec<Wire<RoleName>>,
}

fn default_noncurrent_version_days() -> u32 {
    90
}
fn default_access_log_retention_days() -> u32 {
    365
}

impl AcmePrivateBucketInputs {
    /// Acme's defaults for a bucket holding `name`.
    pub fn new(name: BucketLabel) -> Self {
        Self {
            name,
            kms_key_arn: None,
            noncurrent_version_days: default_noncurrent_version_days(),
            access_log_retention_days: default_access_log_retention_days(),
            reader_role_names: Vec::new(),
            writer_role_names: Vec::new(),
        }
    }
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `AcmePrivateBucket` instance.
    pub struct AcmePrivateBucketOutputs {
        /// ARN of the bucket.
        bucket_arn: AcmeBucketArn = "aws_s3_bucket.this.arn",
        /// Name of the bucket.
        bucket_name: AcmeBucketName = "aws_s3_bucket.this.bucket",
    }
}

/// The README's "On AWS" section.
const NOTES: &str = "\
What AWS would refuse or do differently, and where this module handles it:

| Constraint | Enforced by |
|------------|-------------|
| Bucket names are 3–63 characters, unique across every AWS account; S3 reserves some prefixes (`xn--`, `sthree-`, `amzn-s3-demo-`) and suffixes (`-s3alias`, `--ol-s3`, `--x-s3`, `--table-s3`) | the name is built as `acme-<name>-<account ID>` (+ `-access-logs` for the log bucket) from a `name` of at most 33 characters in words joined by single `-`: Rust and `validation` on `name` |
| Lifecycle days are whole numbers of at least 1 | Rust and `validation` on `noncurrent_version_days`, `access_log_retention_days` |
| An expiration may not combine `ExpiredObjectDeleteMarker` with `Days` | the bucket's rule removes expired delete markers (no days); the log bucket's rule expires logs by days |
| Server access logs are delivered only to a bucket in the same account and region whose default encryption is SSE-S3, and only if its bucket policy lets `logging.s3.amazonaws.com` write | the module creates that bucket with SSE-S3 and a policy allowing `s3:PutObject` under this bucket's prefix only, for this bucket (`aws:SourceArn`) and account (`aws:SourceAccount`) |
| Logging is accepted once the log bucket's policy exists; a lifecycle rule on noncurrent versions needs versioning first; a bucket policy cannot be put while the public access block is being set | `depends_on` in the template |

**Review notes** (the questions every blueprint answers before a version is published):

- *Values and combinations.* Names are built so they cannot clash across accounts or hit S3's \
reserved prefixes and suffixes; days are bounded 1–3,650. Within one account a name is taken once \
in every region: environments (or regions) sharing an account need their own `name`, through the \
stack's per-environment inputs. Versioning is always on, and the \
lifecycle removes noncurrent versions after `noncurrent_version_days` (Acme's policy sets a \
minimum, `ACME_BUCKET_NONCURRENT_DAYS`), expired delete markers, and multipart uploads left \
incomplete for 7 days.
- *IAM.* Readers may `s3:ListBucket` on the bucket and `s3:GetObject`/`s3:GetObjectVersion` on \
its objects; writers `s3:PutObject`/`s3:AbortMultipartUpload` on its objects; nothing else, and \
never `*`. With `kms_key_arn`, readers may `kms:Decrypt` and writers `kms:GenerateDataKey` and \
`kms:Decrypt` (completing a multipart upload reads the parts back), only through S3 \
(`kms:ViaService`) and only for this bucket (`kms:EncryptionContext:aws:s3:arn`, the context S3 \
uses with bucket keys). The key's policy must let the account's IAM policies grant it (the default \
key policy does). Without `kms_key_arn` objects are encrypted with the AWS managed key `aws/s3`, \
which every principal of the account may use through S3, so no grant is needed.
- *Run time.* S3 Bucket Keys are on, so S3 calls KMS per bucket key, not per object. Log delivery \
is best effort and can lag by hours (S3's documented behaviour); use CloudTrail data events when \
every request must be recorded.
- *Apply order.* New buckets already block public access and encrypt with SSE-S3 before the \
module's configuration applies (S3's defaults since 2023), so the moments before it completes \
expose nothing. Every bucket policy denies requests without TLS, and the bucket's also denies TLS \
before 1.2.
- *Only what was asked for.* The module creates the bucket and its access-log bucket (access \
logging is a secure default with no input to turn it off); role policies only for the roles \
listed; no KMS key (pass one). `force_destroy` stays off: `terraform destroy` fails while the \
bucket holds objects, so data is never deleted by accident.

**Checkov skips** (inline, each with its reason): `CKV_AWS_144` (cross-region replication needs a \
second bucket in another region) and `CKV2_AWS_62` (event notifications) on both buckets; on the \
access-log bucket, `CKV_AWS_18` (it does not log its own access into itself) and `CKV_AWS_145` \
(server access logging cannot deliver to an SSE-KMS bucket).
";

/// The `acme-private-bucket` blueprint.
pub struct AcmePrivateBucket;

impl Blueprint for AcmePrivateBucket {
    type Outputs = AcmePrivateBucketOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        AcmePrivateBucketOutputs::new(instance)
    }

    type Inputs = AcmePrivateBucketInputs;

    fn definition() -> Definition {
        let mut example = AcmePrivateBucketInputs::new(BucketLabel::new("orders-archive").expect("valid example"));
        example.writer_role_names = vec![Wire::from(RoleName::new("orders-api").expect("valid example"))];
        Definition::build(Parts {
            name: "acme-private-bucket",
            version: "1.0.0",
            summary: "A private, encrypted, versioned S3 bucket with access logging and a lifecycle policy.",
            description: "An S3 bucket that is private (public access blocked, ACLs disabled, HTTPS and TLS 1.2 \
                required), encrypted with KMS (the AWS managed key, or a key of yours) with S3 Bucket Keys, and \
                versioned, with a lifecycle that removes noncurrent versions after a governed number of days, expired \
                delete markers and incomplete uploads. Its server access logs go to a bucket of their own (SSE-S3, \
                versioned, private, expiring), which only S3 log delivery for this bucket may write. Roles listed as \
                readers or writers get exactly the S3 (and KMS) permissions that needs on this bucket.",
            notes: NOTES,
            outputs: AcmePrivateBucketOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the acme-private-bucket definition is consistent")
    }
}
