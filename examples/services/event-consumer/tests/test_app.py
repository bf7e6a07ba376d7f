"""Unit tests of the consumer: EventBridge events in SQS batches as Lambda receives them, no AWS."""

from __future__ import annotations

import json
from typing import Any

import pytest

import app
from conftest import metric_values

SOURCE = "acme.payment-gateway"


def event(event_id: str, detail: Any, detail_type: str = "OrderPlaced", source: str = SOURCE) -> dict[str, Any]:
    """An EventBridge event as the bus delivers it to an SQS target (the message body)."""
    return {
        "version": "0",
        "id": event_id,
        "detail-type": detail_type,
        "source": source,
        "account": "111122223333",
        "time": "2026-11-23T10:00:00Z",
        "region": "eu-west-1",
        "resources": [],
        "detail": detail,
    }


def message(message_id: str, body: str) -> dict[str, Any]:
    """One SQS record as Lambda receives it."""
    return {
        "messageId": message_id,
        "receiptHandle": f"handle-{message_id}",
        "body": body,
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:eu-west-1:111122223333:payment-gateway",
        "awsRegion": "eu-west-1",
    }


def carrying(message_id: str, value: dict[str, Any]) -> dict[str, Any]:
    return message(message_id, json.dumps(value))


def batch(*records: dict[str, Any]) -> dict[str, Any]:
    return {"Records": list(records)}


def test_a_good_batch_reports_no_failure(lambda_context, printed):
    records = batch(carrying("m-1", event("e-1", {"order": 1})), carrying("m-2", event("e-2", {"order": 2})))
    assert app.handler(records, lambda_context) == {"batchItemFailures": []}
    assert metric_values(printed(), "EventsProcessed") == [1.0, 1.0]


def test_the_handler_sees_the_event_fields(lambda_context, monkeypatch):
    seen = []
    monkeypatch.setattr(app, "handle", lambda received: seen.append((received.source, received.detail_type, received.detail)))
    app.handler(batch(carrying("m-1", event("e-1", {"order": 7}, detail_type="OrderShipped"))), lambda_context)
    assert seen == [(SOURCE, "OrderShipped", {"order": 7})]


def test_only_the_failed_message_is_retried(lambda_context):
    records = batch(carrying("good", event("e-1", {})), message("bad", "not json"))
    assert app.handler(records, lambda_context) == {"batchItemFailures": [{"itemIdentifier": "bad"}]}


@pytest.mark.parametrize(
    "body",
    [
        "[1]",
        json.dumps({"order": 1}),
        json.dumps({**event("e-1", {}), "detail": "text"}),
        json.dumps({key: value for key, value in event("e-1", {}).items() if key != "detail-type"}),
        json.dumps({**event("e-1", {}), "source": 7}),
    ],
    ids=["not an object", "not an event", "detail not an object", "no detail-type", "source not a string"],
)
def test_a_message_that_is_not_an_event_fails_alone(lambda_context, body):
    records = batch(message("odd", body), carrying("good", event("e-2", {})))
    assert app.handler(records, lambda_context) == {"batchItemFailures": [{"itemIdentifier": "odd"}]}


def test_the_error_names_the_message_and_the_field():
    with pytest.raises(app.InvalidEvent, match=r"message odd is not an EventBridge event: `detail` is missing"):
        app.event_of(app.SQSRecord(message("odd", json.dumps({"id": "e", "source": SOURCE, "detail-type": "X"}))))


def test_logs_carry_the_correlation_id(lambda_context, printed):
    records = batch(
        carrying("m-3", event("e-3", {"correlation_id": "order-77"})),
        carrying("m-4", event("e-4", {})),
    )
    app.handler(records, lambda_context)
    handled = [record for record in printed() if record.get("message") == "handled an event"]
    assert [record["correlation_id"] for record in handled] == ["order-77", "e-4"]
    assert {record["service"] for record in handled} == {"payment-gateway"}
    assert {record["detail_type"] for record in handled} == {"OrderPlaced"}


def test_work_that_raises_fails_the_message(lambda_context, monkeypatch):
    def refuse(received) -> None:
        if received.detail.get("refuse"):
            raise RuntimeError("refused")

    monkeypatch.setattr(app, "handle", refuse)
    records = batch(carrying("ok", event("e-1", {})), carrying("no", event("e-2", {"refuse": True})))
    assert app.handler(records, lambda_context) == {"batchItemFailures": [{"itemIdentifier": "no"}]}


def test_a_batch_that_fails_whole_raises(lambda_context):
    with pytest.raises(Exception, match="All records failed"):
        app.handler(batch(message("bad", "not json")), lambda_context)
