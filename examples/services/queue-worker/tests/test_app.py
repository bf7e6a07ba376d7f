"""Unit tests of the worker: batches as SQS sends them, no AWS."""

from __future__ import annotations

import json
from typing import Any

import pytest

import app
from conftest import metric_values


def message(message_id: str, body: str, correlation_id: str | None = None) -> dict[str, Any]:
    """One SQS record as Lambda receives it."""
    attributes = {}
    if correlation_id is not None:
        attributes["correlation_id"] = {"stringValue": correlation_id, "dataType": "String"}
    return {
        "messageId": message_id,
        "receiptHandle": f"handle-{message_id}",
        "body": body,
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": attributes,
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:eu-west-1:111122223333:payment-gateway",
        "awsRegion": "eu-west-1",
    }


def batch(*records: dict[str, Any]) -> dict[str, Any]:
    return {"Records": list(records)}


def test_a_good_batch_reports_no_failure(lambda_context, printed):
    event = batch(message("m-1", json.dumps({"order": 1})), message("m-2", json.dumps({"order": 2})))
    assert app.handler(event, lambda_context) == {"batchItemFailures": []}
    assert metric_values(printed(), "MessagesProcessed") == [1.0, 1.0]


def test_only_the_failed_message_is_retried(lambda_context):
    event = batch(message("good", json.dumps({"order": 1})), message("bad", "not json"))
    assert app.handler(event, lambda_context) == {"batchItemFailures": [{"itemIdentifier": "bad"}]}


def test_a_body_that_is_not_an_object_fails_its_message(lambda_context):
    event = batch(message("list", "[1]"), message("good", "{}"))
    assert app.handler(event, lambda_context) == {"batchItemFailures": [{"itemIdentifier": "list"}]}


def test_logs_carry_the_correlation_id(lambda_context, printed):
    app.handler(batch(message("m-3", "{}", correlation_id="order-77"), message("m-4", "{}")), lambda_context)
    handled = [record for record in printed() if record.get("message") == "handled a message"]
    assert [record["correlation_id"] for record in handled] == ["order-77", "m-4"]
    assert {record["service"] for record in handled} == {"payment-gateway"}


def test_work_that_raises_fails_the_message(lambda_context, monkeypatch):
    def refuse(message: dict[str, Any]) -> None:
        if message.get("refuse"):
            raise RuntimeError("refused")

    monkeypatch.setattr(app, "handle", refuse)
    event = batch(message("ok", "{}"), message("no", json.dumps({"refuse": True})))
    assert app.handler(event, lambda_context) == {"batchItemFailures": [{"itemIdentifier": "no"}]}


def test_a_batch_that_fails_whole_raises(lambda_context):
    with pytest.raises(Exception, match="All records failed"):
        app.handler(batch(message("bad", "not json")), lambda_context)
