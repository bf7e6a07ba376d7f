//! Test-only blueprints with map and list outputs, added to the built-in catalog as a platform
//! team adds its own: `queue-set` makes one queue per key of its map input `queues` and outputs
//! their ARNs and URLs keyed the same way (plus a list whose order Terraform decides, and one
//! single value); `queue-router` takes a whole map of queue ARNs.

#![allow(unreachable_pub, dead_code)]

use paved_blueprint::{Blueprint, Definition, ListOf, MapOf, Parts, ResourceName, Wire, WireMap, kinds};
use paved_catalog::Catalog;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

paved_blueprint::constrained_string! {
    /// The ARN of an SQS queue, given or wired.
    QueueArn {
        what: "SQS queue ARN",
        pattern: "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
        length: 20 ..= 256,
        rule: "use a queue ARN such as `arn:aws:sqs:eu-west-1:111122223333:orders`",
        kind: kinds::QueueArn,
    }
}

paved_blueprint::outputs! {
    /// Outputs of `queue-set`.
    pub struct QueueSetOutputs {
        /// ARN of each queue, by its key in `queues`.
        queue_arns: MapOf<kinds::QueueArn> = "{ for key, queue in aws_sqs_queue.this : key => queue.arn }" keys from queues,
        /// URL of each queue, by its key in `queues`.
        queue_urls: MapOf<kinds::QueueUrl> = "{ for key, queue in aws_sqs_queue.this : key => queue.url }" keys from queues,
        /// ARNs of the queues, in the order Terraform lists them.
        all_queue_arns: ListOf<kinds::QueueArn> = "[for queue in aws_sqs_queue.this : queue.arn]",
        /// ARN of the dead-letter queue every queue redrives to.
        dead_letter_queue_arn: kinds::QueueArn = "aws_sqs_queue.dead_letter.arn",
    }
}

paved_blueprint::outputs! {
    /// Outputs of `queue-router`.
    pub struct RouterOutputs {
        /// The queue each message type goes to, by its key in `targets`.
        routes: MapOf<kinds::QueueArn> = "{ for key, arn in local.targets : key => arn }" keys from targets,
        /// The queues tried in turn when a type has no route, one per item of `fallbacks`.
        fallback_arns: ListOf<kinds::QueueArn> = "[for arn in local.fallbacks : arn]" keys from fallbacks,
    }
}

/// One queue of `queue-set`.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueSettings {
    /// Seconds a received message stays hidden from other consumers.
    #[schemars(range(min = 0, max = 43200))]
    pub visibility_timeout_seconds: u32,
}

/// Inputs of `queue-set`.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueSetInputs {
    /// Prefix of every queue's name.
    pub name_prefix: ResourceName,
    /// The queues, by key; each is named `<name_prefix>-<key>`.
    pub queues: BTreeMap<String, QueueSettings>,
}

/// Inputs of `queue-router`.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouterInputs {
    /// The queue to route each message type to, by type.
    pub targets: WireMap<QueueArn>,
    /// The queues tried in turn when a type has no route.
    #[serde(default)]
    pub fallbacks: Vec<Wire<QueueArn>>,
}

const QUEUE_SET_MAIN: &str = r#"resource "aws_sqs_queue" "dead_letter" {
  name                    = "${var.name_prefix}-dead-letter"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "this" {
  for_each = var.queues

  name                       = "${var.name_prefix}-${each.key}"
  visibility_timeout_seconds = each.value.visibility_timeout_seconds
  sqs_managed_sse_enabled    = true
  redrive_policy             = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dead_letter.arn, maxReceiveCount = 5 })
}
"#;

const ROUTER_MAIN: &str = "locals {\n  targets   = var.targets\n  fallbacks = var.fallbacks\n}\n";

/// `queue-set`, known to Rust by its inputs type.
pub struct QueueSet;

impl Blueprint for QueueSet {
    type Inputs = QueueSetInputs;
    type Outputs = QueueSetOutputs;
    fn outputs(instance: &str) -> QueueSetOutputs {
        QueueSetOutputs::new(instance)
    }
    fn definition() -> Definition {
        queue_set()
    }
}

/// `queue-router`, known to Rust by its inputs type.
pub struct QueueRouter;

impl Blueprint for QueueRouter {
    type Inputs = RouterInputs;
    type Outputs = RouterOutputs;
    fn outputs(instance: &str) -> RouterOutputs {
        RouterOutputs::new(instance)
    }
    fn definition() -> Definition {
        queue_router()
    }
}

/// The `queue-set` blueprint.
pub fn queue_set() -> Definition {
    let queues = BTreeMap::from([("orders".to_owned(), QueueSettings { visibility_timeout_seconds: 60 })]);
    Definition::build(Parts {
        name: "queue-set",
        version: "1.0.0",
        summary: "SQS queues, one per key.",
        description: "SQS queues, one per key of `queues`, sharing one dead-letter queue.",
        notes: "",
        outputs: QueueSetOutputs::declarations(),
        example: QueueSetInputs { name_prefix: ResourceName::new("orders").expect("a valid name"), queues },
        main_template: QUEUE_SET_MAIN,
    })
    .expect("the queue-set definition builds")
}

/// The `queue-router` blueprint.
pub fn queue_router() -> Definition {
    let orders = QueueArn::new("arn:aws:sqs:eu-west-1:111122223333:orders").expect("a valid ARN");
    Definition::build(Parts {
        name: "queue-router",
        version: "1.0.0",
        summary: "Routes messages to queues by type.",
        description: "Routes messages to queues by type.",
        notes: "",
        outputs: RouterOutputs::declarations(),
        example: RouterInputs {
            targets: [("orders".to_owned(), Wire::Value(orders))].into_iter().collect(),
            fallbacks: Vec::new(),
        },
        main_template: ROUTER_MAIN,
    })
    .expect("the queue-router definition builds")
}

/// Paved's built-in blueprints plus `queue-set` and `queue-router`.
pub fn catalog() -> Catalog {
    Catalog::builder().with_builtin().add::<QueueSet>().add::<QueueRouter>().build().expect("the test catalog builds")
}

/// A stack wiring one queue's ARN into a function's dead-letter target, another's URL into an
/// environment variable, and the whole map into a router.
pub const STACK: &str = r#"[stack]
name = "orders"
owner = "team-orders"
system = "commerce"
lifecycle = "production"

[source]
mode = "registry"
registry = "registry.example.com/platform"

[environments.development]
region = "eu-west-1"
tags = { Environment = "development", Department = "retail", Service = "orders" }

[environments.production]
region = "eu-west-1"
tags = { Environment = "production", Department = "retail", Service = "orders" }

[instances.queues]
blueprint = "queue-set"
[instances.queues.inputs]
name_prefix = "orders"
queues = { orders = { visibility_timeout_seconds = 60 }, refunds = { visibility_timeout_seconds = 120 } }

[instances.worker]
blueprint = "baseline-lambda"
[instances.worker.inputs]
function_name = "orders-worker"
package_file = "build/worker.zip"
dead_letter_target_arn = { ref = "queues.queue_arns.orders" }
environment_variables = { REFUNDS_QUEUE_URL = { ref = "queues.queue_urls.refunds" } }

[instances.router]
blueprint = "queue-router"
inputs = { targets = { ref = "queues.queue_arns" } }
"#;
