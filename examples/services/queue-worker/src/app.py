"""The payment-gateway worker: processes each message of its SQS queue.

SQS invokes `handler` with a batch of messages. Each is handled on its own: the ones that fail are
reported back (partial batch response), so SQS retries only those, and after the queue's
`max_receive_count` receives moves them to the dead-letter queue. Powertools logs JSON with each
message's correlation id, traces with X-Ray and emits CloudWatch metrics.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from settings import Settings

logger = Logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)


class InvalidMessage(ValueError):
    """A message whose body is not a JSON object."""


@functools.cache
def settings() -> Settings:
    return Settings.from_environment()


def correlation_id(record: SQSRecord) -> str:
    """The message's `correlation_id` attribute when the producer set one, else its message id."""
    attribute = record.raw_event.get("messageAttributes", {}).get("correlation_id", {})
    return attribute.get("stringValue") or record.message_id


def handle(message: dict[str, Any]) -> None:
    """The work for one message. Raise to have the message retried (then dead-lettered)."""
    logger.info("handled a message", extra={"keys": sorted(message)})


@tracer.capture_method
def process(record: SQSRecord) -> None:
    logger.set_correlation_id(correlation_id(record))
    try:
        message = json.loads(record.body)
    except json.JSONDecodeError as error:
        raise InvalidMessage(f"message {record.message_id} is not JSON: {error}") from error
    if not isinstance(message, dict):
        raise InvalidMessage(f"message {record.message_id} is not a JSON object")
    handle(message)
    metrics.add_metric(name="MessagesProcessed", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    settings()  # fail at once, with the variable's name, when the environment is incomplete
    return process_partial_response(event=event, record_handler=process, processor=processor, context=context)
