#!/usr/bin/env bash
# Installs the pinned Checkov (.ci/requirements-checkov.txt) into a virtualenv, for the consumer
# test `tests/consumers/checkov.rs`, which finds it there.
#
#   bash .ci/install-checkov.sh
#
# The virtualenv is `$PAVED_VENV` (an absolute path) or `.venv` at the repository root. Running the
# script again is cheap (see `.ci/install-venv.sh`).
set -euo pipefail

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
venv=${PAVED_VENV:-$repo/.venv}
started=$SECONDS
bash "$repo/.ci/install-venv.sh" "$repo/.ci/requirements-checkov.txt" "$venv"

# Offline: no policy-metadata download from the platform, no new-version check.
version=$(BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=true "$venv/bin/checkov" --version)
echo "install-checkov: checkov $version at $venv/bin/checkov ($((SECONDS - started)) s)"
