"""The payment-gateway job, run on a schedule by EventBridge Scheduler.

Scheduler invokes `handler` with the payload set in infra/stack.toml: the run's `execution_id`
(the logs' correlation id) and its `scheduled_time`. Powertools logs JSON, traces with X-Ray and
emits CloudWatch metrics. Scheduler invokes the function asynchronously: a run that raises (or
times out) is retried by Lambda twice, then its event goes to the job's dead-letter queue (the
function's on-failure destination) and the dead-letter alarm fires. Scheduler's own retries cover
only invocations it could not make.
"""

from __future__ import annotations

import functools
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from settings import Settings

logger = Logger()
tracer = Tracer()
metrics = Metrics()


@functools.cache
def settings() -> Settings:
    return Settings.from_environment()


@tracer.capture_method
def run(scheduled_time: str) -> dict[str, Any]:
    """The job's work. Raise to fail the run: Lambda retries it twice, then dead-letters its event."""
    logger.info("the job ran", extra={"scheduled_time": scheduled_time})
    return {"status": "done", "scheduled_time": scheduled_time}


@logger.inject_lambda_context(correlation_id_path="execution_id")
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, str], context: LambdaContext) -> dict[str, Any]:
    result = run(event.get("scheduled_time", ""))
    metrics.add_metric(name="JobRuns", unit=MetricUnit.Count, value=1)
    return {"service": settings().service_name, **result}
