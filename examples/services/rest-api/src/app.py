"""The payment-gateway HTTP API: a health check, and JSON items kept in the service's DynamoDB table.

API Gateway (HTTP API, payload v2) invokes `handler`. Powertools routes each request, logs JSON with
the request id as correlation id, traces with X-Ray, and emits CloudWatch metrics.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, NotFoundError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from settings import Settings, required

logger = Logger()
tracer = Tracer()
metrics = Metrics()
api = APIGatewayHttpResolver()

# The table's keys: the sync-api-dynamodb blueprint's `hash_key` and `range_key` defaults.
PARTITION_KEY = "pk"
SORT_KEY = "sk"
ITEM = "item"


@dataclass(frozen=True)
class ApiSettings(Settings):
    """The API function's settings: the common ones and its table."""

    table_name: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> ApiSettings:
        common = Settings.from_environment(environ)
        return cls(**asdict(common), table_name=required(environ, "TABLE_NAME"))


@functools.cache
def settings() -> ApiSettings:
    return ApiSettings.from_environment()


@functools.cache
def table() -> Any:
    """The service's DynamoDB table, made on first use (the tests replace it)."""
    return boto3.resource("dynamodb").Table(settings().table_name)


@api.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@api.get("/items/<item_id>")
@tracer.capture_method
def get_item(item_id: str) -> dict[str, Any]:
    found = table().get_item(Key={PARTITION_KEY: item_id, SORT_KEY: ITEM}).get("Item")
    if found is None:
        raise NotFoundError(f"there is no item {item_id!r}")
    return {"id": item_id, "item": json.loads(found["document"])}


@api.put("/items/<item_id>")
@tracer.capture_method
def put_item(item_id: str) -> dict[str, Any]:
    body = api.current_event.decoded_body
    try:
        document = json.loads(body or "")
    except json.JSONDecodeError as error:
        raise BadRequestError(f"the body is not JSON: {error}") from error
    if not isinstance(document, dict):
        raise BadRequestError("the body must be a JSON object")
    item = {PARTITION_KEY: item_id, SORT_KEY: ITEM, "document": json.dumps(document, sort_keys=True)}
    table().put_item(Item=item)
    metrics.add_metric(name="ItemsStored", unit=MetricUnit.Count, value=1)
    logger.info("stored an item", extra={"item_id": item_id})
    return {"id": item_id, "item": document}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return api.resolve(event, context)
