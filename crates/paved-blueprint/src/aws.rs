//! Closed sets of AWS settings.

use crate::closed_set;

closed_set! {
    /// A Lambda runtime approved for the paved road: supported by AWS, with no deprecation date
    /// announced within a year. Deprecated runtimes (such as `nodejs18.x` and `python3.9`) are not members.
    Runtime ("Lambda runtime") {
        /// Python 3.13.
        Python313 => "python3.13",
        /// Python 3.12.
        Python312 => "python3.12",
        /// Python 3.11.
        Python311 => "python3.11",
        /// Node.js 22.
        Nodejs22 => "nodejs22.x",
        /// Node.js 20.
        Nodejs20 => "nodejs20.x",
        /// Java 21.
        Java21 => "java21",
        /// Java 17.
        Java17 => "java17",
        /// .NET 8.
        Dotnet8 => "dotnet8",
        /// Ruby 3.3.
        Ruby33 => "ruby3.3",
        /// OS-only runtime on Amazon Linux 2023 (Rust, Go, custom runtimes).
        ProvidedAl2023 => "provided.al2023",
    }
}

closed_set! {
    /// The instruction set a Lambda function runs on.
    Architecture ("Lambda architecture") {
        /// AWS Graviton (the paved-road default: cheaper per GB-second).
        Arm64 => "arm64",
        /// x86-64.
        X86_64 => "x86_64",
    }
}

closed_set! {
    /// The application log level passed to Powertools and Lambda's JSON logging.
    LogLevel ("log level") {
        /// Everything.
        Debug => "DEBUG",
        /// Normal operation.
        Info => "INFO",
        /// Warnings and errors.
        Warn => "WARN",
        /// Errors only.
        Error => "ERROR",
    }
}

closed_set! {
    /// X-Ray tracing mode of a Lambda function.
    TracingMode ("tracing mode") {
        /// Sample and trace requests (the paved-road default).
        Active => "Active",
        /// Trace only requests that arrive with a sampled trace header.
        PassThrough => "PassThrough",
    }
}

closed_set! {
    /// How an HTTP API route authorises callers.
    AuthorizationType ("route authorization type") {
        /// Callers sign requests with SigV4 (the paved-road default).
        AwsIam => "AWS_IAM",
        /// No authorization: the route is public. Only by explicit choice.
        None => "NONE",
    }
}

/// How many days CloudWatch keeps log events: one of the values CloudWatch Logs accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct LogRetentionDays(u16);

impl LogRetentionDays {
    /// The retention periods CloudWatch Logs accepts, in days.
    pub const ALLOWED: &'static [u16] =
        &[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
    /// One year: the paved-road default, and the minimum most compliance frameworks ask for.
    pub const ONE_YEAR: Self = Self(365);

    /// Validates a retention period.
    pub fn new(days: u16) -> Result<Self, crate::ValueError> {
        if Self::ALLOWED.contains(&days) {
            Ok(Self(days))
        } else {
            Err(crate::ValueError {
                what: "log retention",
                value: days.to_string(),
                rule: "use a period CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days",
            })
        }
    }

    /// The number of days.
    pub const fn days(self) -> u16 {
        self.0
    }
}

impl Default for LogRetentionDays {
    fn default() -> Self {
        Self::ONE_YEAR
    }
}

impl<'de> serde::Deserialize<'de> for LogRetentionDays {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::new(u16::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for LogRetentionDays {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LogRetentionDays".into()
    }
    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "description": "log retention in days",
            "enum": Self::ALLOWED,
        })
    }
}

closed_set! {
    /// What a DynamoDB stream records of each changed item.
    StreamViewType ("DynamoDB stream view type") {
        /// The item as it is after the change.
        NewImage => "NEW_IMAGE",
        /// The item as it was before the change.
        OldImage => "OLD_IMAGE",
        /// The item before and after the change.
        NewAndOldImages => "NEW_AND_OLD_IMAGES",
        /// The key attributes of the changed item only.
        KeysOnly => "KEYS_ONLY",
    }
}

closed_set! {
    /// Where an event source mapping starts reading a DynamoDB stream.
    StreamStartingPosition ("stream starting position") {
        /// The oldest record still in the stream (kept 24 hours): nothing recorded before the mapping is missed.
        TrimHorizon => "TRIM_HORIZON",
        /// Only records written after the mapping starts.
        Latest => "LATEST",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_from_str_display_and_serde_agree_for_every_member() {
        for runtime in Runtime::ALL {
            assert_eq!(runtime.as_str().parse::<Runtime>(), Ok(*runtime));
            assert_eq!(runtime.to_string(), runtime.as_str());
            assert_eq!(serde_json::to_value(runtime).unwrap(), runtime.as_str());
        }
    }

    #[test]
    fn a_deprecated_runtime_is_refused_with_the_approved_list() {
        let error = "nodejs18.x".parse::<Runtime>().unwrap_err();
        assert!(error.to_string().starts_with("`nodejs18.x` is not a valid Lambda runtime: use one of `python3.13`"));
    }

    #[test]
    fn retention_must_be_a_cloudwatch_period() {
        assert!(LogRetentionDays::new(365).is_ok());
        assert!(LogRetentionDays::new(366).is_err());
        assert!(serde_json::from_value::<LogRetentionDays>(serde_json::json!(2)).is_err());
    }
}

closed_set! {
    /// Where a service is in its life, as Backstage's catalog names it.
    Lifecycle ("lifecycle") {
        /// Early, not yet relied upon.
        Experimental => "experimental",
        /// Relied upon by users.
        Production => "production",
        /// Being retired.
        Deprecated => "deprecated",
    }
}
