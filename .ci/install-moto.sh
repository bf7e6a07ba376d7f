#!/usr/bin/env bash
# Installs the pinned moto S3 server (.ci/requirements-moto.txt) into a virtualenv, for the tests
# that publish to and fetch from an S3-compatible store (`paved_tests::moto`), which find it there.
#
#   bash .ci/install-moto.sh
#
# The virtualenv is `$PAVED_MOTO_VENV` (an absolute path) or `.venv-moto` at the repository root
# (not Checkov's: the two pin different boto3 releases). Running the script again is cheap.
set -euo pipefail

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
venv=${PAVED_MOTO_VENV:-$repo/.venv-moto}
started=$SECONDS
bash "$repo/.ci/install-venv.sh" "$repo/.ci/requirements-moto.txt" "$venv"

version=$("$venv/bin/python" -c 'import moto, flask; print(moto.__version__)')
echo "install-moto: moto $version at $venv ($((SECONDS - started)) s)"
