//! Two test-only blueprints that need the provider alias `aws.us_east_1`, for the tests of
//! provider aliases (included with `#[path]` by the consumer tests and `paved-stack`'s tests):
//!
//! * `cloudfront-alarms`: an alarm on a CloudFront distribution's 5xx error rate and its SNS
//!   topic, both in `us-east-1` (CloudFront publishes its metrics only there, and an alarm's
//!   actions must be in the alarm's region);
//! * `edge-alerting`: nests `cloudfront-alarms` (passing the alias through) and delivers its
//!   alarms to a queue in the stack's own region.

use paved_blueprint::{AliasedProvider, Definition, Parts, ResourceName, kinds};
use paved_catalog::Catalog;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

paved_blueprint::constrained_string! {
    /// The ID of a CloudFront distribution, such as `E2QWRUHAPOMQZL`.
    DistributionId {
        what: "CloudFront distribution ID",
        pattern: "^E[A-Z0-9]{9,19}$",
        length: 10 ..= 20,
        rule: "use the distribution's ID: `E` then 9 to 19 uppercase letters and digits",
    }
}

paved_blueprint::outputs! {
    /// Outputs of `cloudfront-alarms`.
    pub struct AlarmsOutputs {
        /// ARN of the topic the alarm notifies (in us-east-1).
        topic_arn: kinds::TopicArn = "aws_sns_topic.alarms.arn",
        /// ARN of the 5xx error rate alarm (in us-east-1).
        alarm_arn: kinds::AlarmArn = "aws_cloudwatch_metric_alarm.error_rate.arn",
    }
}

paved_blueprint::outputs! {
    /// Outputs of `edge-alerting`.
    pub struct AlertingOutputs {
        /// ARN of the queue the alarms are delivered to (in the stack's region).
        queue_arn: kinds::QueueArn = "aws_sqs_queue.alerts.arn",
        /// ARN of the alarms' topic (in us-east-1).
        topic_arn: kinds::TopicArn = "module.alarms.topic_arn",
    }
}

/// Inputs of `cloudfront-alarms`.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct AlarmsInputs {
    /// Prefix of the topic and alarm names.
    pub name: ResourceName,
    /// The distribution to watch.
    pub distribution_id: DistributionId,
    /// The 5xx error rate, in percent, above which the alarm fires.
    #[schemars(range(min = 1, max = 100))]
    pub error_rate_threshold: u32,
}

/// Inputs of `edge-alerting`.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct AlertingInputs {
    /// Prefix of every name.
    pub name: ResourceName,
    /// The distribution to watch.
    pub distribution_id: DistributionId,
}

const ALARMS_TEMPLATE: &str = r#"resource "aws_sns_topic" "alarms" {
  provider = aws.us_east_1

  name              = "${var.name}-edge-alarms"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_cloudwatch_metric_alarm" "error_rate" {
  provider = aws.us_east_1

  alarm_name          = "${var.name}-edge-5xx-error-rate"
  alarm_description   = "CloudFront distribution ${var.distribution_id} answers more than ${var.error_rate_threshold} percent of requests with a 5xx status."
  namespace           = "AWS/CloudFront"
  metric_name         = "5xxErrorRate"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.error_rate_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]

  dimensions = {
    DistributionId = var.distribution_id
    Region         = "Global"
  }
}
"#;

/// `edge-alerting`'s template; `PROVIDERS` is replaced by the nested module's `providers`.
const ALERTING_TEMPLATE: &str = r#"module "alarms" {
  source = "./modules/cloudfront-alarms"
PROVIDERS
  name                 = var.name
  distribution_id      = var.distribution_id
  error_rate_threshold = 5
}

resource "aws_sqs_queue" "alerts" {
  name                    = "${var.name}-edge-alerts"
  sqs_managed_sse_enabled = true
}

data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "AlarmTopicDelivers"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.alerts.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [module.alarms.topic_arn]
    }
  }
}

resource "aws_sqs_queue_policy" "alerts" {
  queue_url = aws_sqs_queue.alerts.id
  policy    = data.aws_iam_policy_document.alerts.json
}

resource "aws_sns_topic_subscription" "alerts" {
  provider = aws.us_east_1

  topic_arn = module.alarms.topic_arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.alerts.arn
}
"#;

/// The `providers` argument `edge-alerting` passes to its nested module, written by hand.
pub const ALERTING_PROVIDERS: &str =
    "  providers = {\n    aws           = aws\n    aws.us_east_1 = aws.us_east_1\n  }\n";

/// The same argument derived by the `providers` helper from the nested blueprint's aliases.
pub const ALERTING_PROVIDERS_HELPER: &str = "  {{providers \"cloudfront-alarms\"}}\n";

/// The alias both blueprints need.
pub fn us_east_1() -> AliasedProvider {
    AliasedProvider::pinned(
        "us_east_1",
        "us-east-1",
        "CloudFront publishes its metrics only in us-east-1, and an alarm and the topic it notifies must be in the region of the metric.",
    )
}

fn example_distribution() -> DistributionId {
    DistributionId::new("E2QWRUHAPOMQZL").expect("a valid distribution ID")
}

/// `cloudfront-alarms`, needing `aws.us_east_1`.
pub fn cloudfront_alarms() -> Definition {
    Definition::build(Parts {
        name: "cloudfront-alarms",
        version: "1.0.0",
        summary: "An alarm on a CloudFront distribution's 5xx error rate, in us-east-1.",
        description: "Watches a CloudFront distribution's 5xx error rate and notifies an SNS topic, both in us-east-1.",
        notes: "",
        outputs: AlarmsOutputs::declarations(),
        example: AlarmsInputs {
            name: ResourceName::new("shop").expect("a valid name"),
            distribution_id: example_distribution(),
            error_rate_threshold: 5,
        },
        main_template: ALARMS_TEMPLATE,
    })
    .and_then(|definition| definition.with_provider_alias(us_east_1()))
    .expect("cloudfront-alarms builds")
}

/// `edge-alerting` with `providers` (the argument passing the alias to its nested module, or
/// nothing) in its nested module block, declaring the alias when `declares` is set.
pub fn edge_alerting_with(providers: &'static str, declares: bool) -> Definition {
    let template: &'static str = Box::leak(ALERTING_TEMPLATE.replace("PROVIDERS\n", providers).into_boxed_str());
    let definition = Definition::build(Parts {
        name: "edge-alerting",
        version: "1.0.0",
        summary: "CloudFront 5xx alarms delivered to a queue in the stack's region.",
        description: "Alarms on a CloudFront distribution's 5xx error rate (in us-east-1) delivered to an encrypted queue in the stack's own region.",
        notes: "",
        outputs: AlertingOutputs::declarations(),
        example: AlertingInputs {
            name: ResourceName::new("shop").expect("a valid name"),
            distribution_id: example_distribution(),
        },
        main_template: template,
    })
    .expect("edge-alerting builds");
    match declares {
        true => definition.with_provider_alias(us_east_1()).expect("one alias"),
        false => definition,
    }
}

/// `edge-alerting` as it should be: declaring the alias and passing it through (the `providers`
/// helper prints the argument).
pub fn edge_alerting() -> Definition {
    edge_alerting_with(ALERTING_PROVIDERS_HELPER, true)
}

/// Paved's built-in blueprints and the two above.
pub fn edge_catalog() -> Catalog {
    Catalog::builder()
        .with_builtin()
        .add_definition(cloudfront_alarms())
        .add_definition(edge_alerting())
        .build()
        .expect("the edge test catalog builds")
}
