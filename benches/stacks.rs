//! Generated stack files for measuring composition and checks at scale.

use std::fmt::Write as _;

/// A stack file of `count` services: workers (`baseline-lambda`) and the SQS queues feeding them
/// (`sqs-redrive`, wired to their worker's function and role), half and half (one more worker when
/// `count` is odd), with development and production environments and a production override per
/// worker.
///
/// ```text
/// cargo run -q -p paved-benches --bin generate-stack -- 1000 > /tmp/stack-1000.toml
/// ```
pub fn scale_stack(count: usize) -> String {
    let mut text = String::from(
        r#"[stack]
name = "scale"
owner = "team-scale"
system = "benchmarks"
lifecycle = "experimental"

[environments.development]
region = "eu-west-1"
tags = { Environment = "development", Department = "platform", Service = "scale" }

[environments.production]
region = "eu-west-1"
tags = { Environment = "production", Department = "platform", Service = "scale" }
"#,
    );
    let workers = count.div_ceil(2);
    for index in 0..workers {
        let _ = write!(
            text,
            r#"
[instances.worker{index}]
blueprint = "baseline-lambda"
inputs = {{ function_name = "worker-{index}", package_file = "build/worker-{index}.zip" }}
environments.production.inputs = {{ memory_size = 1024 }}
"#
        );
    }
    for index in 0..count / 2 {
        let _ = write!(
            text,
            r#"
[instances.queue{index}]
blueprint = "sqs-redrive"
inputs = {{ queue_name = "queue-{index}", consumer = {{ function_name = {{ ref = "worker{index}.function_name" }}, role_name = {{ ref = "worker{index}.role_name" }} }} }}
"#
        );
    }
    text
}

/// A stack file of one scheduled job whose `payload` map has `keys` entries (`KEY_<i> =
/// "value-<i>"`), in one environment: the size of a map input, not the number of instances.
/// (`payload` has no size rule; `environment_variables` must fit in Lambda's 4 KB.)
pub fn map_input_stack(keys: usize) -> String {
    let mut text = String::from(
        r#"[stack]
name = "map-input"
owner = "team-scale"
system = "benchmarks"
lifecycle = "experimental"

[environments.development]
region = "eu-west-1"
tags = { Environment = "development", Department = "platform", Service = "map-input" }

[instances.job]
blueprint = "scheduled-lambda"

[instances.job.inputs]
name = "map-job"
schedule_expression = "rate(1 hour)"
function = { package_file = "build/job.zip" }

[instances.job.inputs.payload]
"#,
    );
    for index in 0..keys {
        let _ = writeln!(text, "KEY_{index} = \"value-{index}\"");
    }
    text
}
