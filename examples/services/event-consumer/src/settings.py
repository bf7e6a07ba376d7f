"""Typed settings of the payment-gateway functions, read from the environment Lambda gives them.

The blueprints set the Powertools variables (service name, metrics namespace, log level) on every
function; tests/conftest.py sets the same for the unit tests.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


class MissingSetting(RuntimeError):
    """An environment variable a function needs is not set."""


def required(environ: Mapping[str, str], name: str) -> str:
    """The value of the environment variable `name`, which must be set and not empty."""
    value = environ.get(name, "")
    if not value:
        raise MissingSetting(
            f"the environment variable {name} is not set; the function's blueprint sets it in Lambda "
            "(see infra/stack.toml), and tests/conftest.py sets it for the unit tests"
        )
    return value


@dataclass(frozen=True)
class Settings:
    """What every function of the service reads from its environment."""

    service_name: str
    metrics_namespace: str
    log_level: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            service_name=required(environ, "POWERTOOLS_SERVICE_NAME"),
            metrics_namespace=required(environ, "POWERTOOLS_METRICS_NAMESPACE"),
            log_level=environ.get("POWERTOOLS_LOG_LEVEL", "INFO"),
        )
