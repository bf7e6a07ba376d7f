"""Unit tests of the job: runs as Scheduler starts them, no AWS."""

from __future__ import annotations

import pytest

import app
from conftest import metric_values

EVENT = {"execution_id": "run-1", "scheduled_time": "2025-01-01T02:00:00Z"}


def test_a_run_reports_what_it_did(lambda_context):
    result = app.handler(EVENT, lambda_context)
    assert result == {"service": "payment-gateway", "status": "done", "scheduled_time": "2025-01-01T02:00:00Z"}


def test_logs_carry_the_execution_id_and_a_metric_is_emitted(lambda_context, printed):
    app.handler(EVENT, lambda_context)
    records = printed()
    ran = [record for record in records if record.get("message") == "the job ran"]
    assert ran and ran[0]["correlation_id"] == "run-1"
    assert metric_values(records, "JobRuns") == [1.0]


def test_a_failing_run_raises_so_lambda_retries_then_dead_letters_it(lambda_context, monkeypatch, printed):
    # Lambda's asynchronous invocation retries and dead-letters only a run that fails: the handler
    # must let the error out, not log it and return.
    def fail(scheduled_time: str) -> dict:
        raise RuntimeError("the upstream system is down")

    monkeypatch.setattr(app, "run", fail)
    with pytest.raises(RuntimeError, match="upstream"):
        app.handler(EVENT, lambda_context)
    assert metric_values(printed(), "JobRuns") == []
