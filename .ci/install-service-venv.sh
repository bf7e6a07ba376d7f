#!/usr/bin/env bash
# Installs what the unit tests of a scaffolded service need (.ci/requirements-service.txt: pytest,
# AWS Lambda Powertools, boto3, pinned) into a virtualenv, for the consumer test
# `tests/consumers/services.rs`, which runs each generated repository's pytest suite with it.
#
#   bash .ci/install-service-venv.sh
#
# The virtualenv is `$PAVED_SERVICE_VENV` (an absolute path) or `.venv-service` at the repository
# root (not Checkov's: the two pin different boto3 releases). Running the script again is cheap.
set -euo pipefail

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
venv=${PAVED_SERVICE_VENV:-$repo/.venv-service}
started=$SECONDS
bash "$repo/.ci/install-venv.sh" "$repo/.ci/requirements-service.txt" "$venv"

version=$("$venv/bin/python" -m pytest --version 2>&1)
echo "install-service-venv: $version at $venv/bin/python ($((SECONDS - started)) s)"
