"""Unit tests of the HTTP API: requests as API Gateway sends them, a fake table, no AWS."""

from __future__ import annotations

import json
from typing import Any

import pytest

import app
from conftest import metric_values
from settings import MissingSetting


class FakeTable:
    """An in-memory stand-in for the DynamoDB table (the two calls the API makes)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], dict[str, Any]] = {}

    def get_item(self, Key: dict[str, str]) -> dict[str, Any]:
        found = self.items.get((Key[app.PARTITION_KEY], Key[app.SORT_KEY]))
        return {} if found is None else {"Item": found}

    def put_item(self, Item: dict[str, Any]) -> dict[str, Any]:
        self.items[(Item[app.PARTITION_KEY], Item[app.SORT_KEY])] = Item
        return {}


@pytest.fixture
def table(monkeypatch) -> FakeTable:
    fake = FakeTable()
    monkeypatch.setattr(app, "table", lambda: fake)
    return fake


def request(method: str, path: str, body: str | None = None, request_id: str = "request-1") -> dict[str, Any]:
    """An API Gateway HTTP API (payload v2) event."""
    return {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json"},
        "requestContext": {
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1"},
            "requestId": request_id,
            "stage": "$default",
        },
        "body": body,
        "isBase64Encoded": False,
    }


def test_health(lambda_context, table):
    response = app.handler(request("GET", "/health"), lambda_context)
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"status": "ok"}


def test_an_item_put_can_be_read_back(lambda_context, table):
    put = app.handler(request("PUT", "/items/42", json.dumps({"colour": "blue"})), lambda_context)
    assert put["statusCode"] == 200
    got = app.handler(request("GET", "/items/42"), lambda_context)
    assert got["statusCode"] == 200
    assert json.loads(got["body"]) == {"id": "42", "item": {"colour": "blue"}}


def test_a_missing_item_is_404(lambda_context, table):
    response = app.handler(request("GET", "/items/nothing"), lambda_context)
    assert response["statusCode"] == 404


@pytest.mark.parametrize("body", ["not json", "[1, 2]", None])
def test_a_body_that_is_not_a_json_object_is_400(lambda_context, table, body):
    response = app.handler(request("PUT", "/items/42", body), lambda_context)
    assert response["statusCode"] == 400
    assert table.items == {}


def test_logs_carry_the_request_id_and_a_metric_is_emitted(lambda_context, table, printed):
    app.handler(request("PUT", "/items/7", json.dumps({"a": 1}), request_id="request-7"), lambda_context)
    records = printed()
    stored = [record for record in records if record.get("message") == "stored an item"]
    assert stored and stored[0]["correlation_id"] == "request-7"
    assert stored[0]["service"] == "payment-gateway"
    assert metric_values(records, "ItemsStored") == [1.0]


def test_settings_name_a_missing_variable(monkeypatch):
    monkeypatch.delenv("TABLE_NAME", raising=False)
    with pytest.raises(MissingSetting, match="TABLE_NAME"):
        app.ApiSettings.from_environment()
