"""Shared test setup: the function's environment, without AWS.

The tests need no AWS account and no network: AWS clients are replaced by fakes in each test, the
credentials below are fake, and every AWS endpoint points at a closed local port, so a call that
slips through fails at once instead of reaching a real account. Tracing is off (no X-Ray daemon).
"""

from __future__ import annotations

import io
import json
import logging
import os
from dataclasses import dataclass

import pytest

TEST_ENVIRONMENT = {
    "POWERTOOLS_SERVICE_NAME": "payment-gateway",
    "POWERTOOLS_METRICS_NAMESPACE": "payment-gateway",
    "POWERTOOLS_LOG_LEVEL": "INFO",
    "POWERTOOLS_TRACE_DISABLED": "1",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
}
for _name in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
    os.environ.pop(_name, None)
os.environ.update(TEST_ENVIRONMENT)


@dataclass
class FakeLambdaContext:
    """The attributes of Lambda's context object that Powertools reads."""

    function_name: str = "payment-gateway"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:111122223333:function:payment-gateway"
    aws_request_id: str = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()


def json_lines(text: str) -> list[dict]:
    """Every JSON object printed on its own line (Powertools' logs and metrics)."""
    found = []
    for line in text.splitlines():
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            found.append(value)
    return found


@pytest.fixture
def printed(capsys):
    """A function returning the JSON objects printed so far: log records and metrics (EMF).

    Powertools' logger writes to the stream it found when the module was imported; for the test, it
    writes to one the test reads.
    """
    stream = io.StringIO()
    handlers = logging.getLogger(TEST_ENVIRONMENT["POWERTOOLS_SERVICE_NAME"]).handlers
    previous = [handler.setStream(stream) for handler in handlers]
    yield lambda: json_lines(stream.getvalue() + capsys.readouterr().out)
    for handler, old in zip(handlers, previous):
        handler.setStream(old)


def metric_values(records: list[dict], name: str) -> list[float]:
    """Every value of the metric `name` in the EMF documents among `records`."""
    values = []
    for record in records:
        if "_aws" in record and name in record:
            value = record[name]
            values.extend(value if isinstance(value, list) else [value])
    return values
