"""The payment-gateway consumer: processes the EventBridge events its bus routes to its SQS queue.

The bus `payment-gateway-events` sends every event whose `source` is `acme.payment-gateway`
to the queue `payment-gateway`, which invokes `handler` with batches of messages, each the whole event as
JSON. Each event is handled on its own: the ones that fail are reported back (partial batch
response), so SQS retries only those, and after the queue's `max_receive_count` receives moves
them to the dead-letter queue. Powertools logs JSON with each event's correlation id, traces with
X-Ray and emits CloudWatch metrics.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from settings import Settings

logger = Logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)

# The fields of an EventBridge event this consumer reads, and their JSON types.
EVENT_FIELDS = {"id": str, "source": str, "detail-type": str, "detail": dict}


class InvalidEvent(ValueError):
    """A message whose body is not an EventBridge event."""


@functools.cache
def settings() -> Settings:
    return Settings.from_environment()


def event_of(record: SQSRecord) -> EventBridgeEvent:
    """The EventBridge event a message carries: its body is the event, as EventBridge sent it."""
    try:
        body = json.loads(record.body)
    except json.JSONDecodeError as error:
        raise InvalidEvent(f"message {record.message_id} is not JSON: {error}") from error
    if not isinstance(body, dict):
        raise InvalidEvent(f"message {record.message_id} is not a JSON object")
    for field, kind in EVENT_FIELDS.items():
        if not isinstance(body.get(field), kind):
            raise InvalidEvent(
                f"message {record.message_id} is not an EventBridge event: `{field}` is missing or not a "
                f"{'JSON object' if kind is dict else 'string'}"
            )
    return EventBridgeEvent(body)


def correlation_id(event: EventBridgeEvent) -> str:
    """The `correlation_id` of the event's detail when the producer set one, else the event's id."""
    value = event.detail.get("correlation_id")
    return value if isinstance(value, str) and value else event.get_id


def handle(event: EventBridgeEvent) -> None:
    """The work for one event. Raise to have its message retried (then dead-lettered)."""
    logger.info(
        "handled an event",
        extra={"source": event.source, "detail_type": event.detail_type, "keys": sorted(event.detail)},
    )


@tracer.capture_method
def process(record: SQSRecord) -> None:
    event = event_of(record)
    logger.set_correlation_id(correlation_id(event))
    handle(event)
    metrics.add_metric(name="EventsProcessed", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    settings()  # fail at once, with the variable's name, when the environment is incomplete
    return process_partial_response(event=event, record_handler=process, processor=processor, context=context)
