#!/usr/bin/env bash
# Installs the pinned Checkov (.ci/requirements-checkov.txt) into a virtualenv, for the consumer
# test `tests/consumers/checkov.rs`, which finds it there.
#
#   bash .ci/install-checkov.sh
#
# The virtualenv is `$PAVED_VENV` (an absolute path) or `.venv` at the repository root. Running the
# script again is cheap: it installs only when the requirements file changed since the last install.
# Set `PYTHON` to choose the interpreter (default `python3`; the pins were made with Python 3.11).
set -euo pipefail

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
venv=${PAVED_VENV:-$repo/.venv}
requirements=$repo/.ci/requirements-checkov.txt
stamp=$venv/.paved-requirements-checkov.sha256
python=${PYTHON:-python3}
started=$SECONDS

if ! command -v "$python" >/dev/null; then
    echo "install-checkov: \`$python\` is not installed; install Python 3.11 (or set PYTHON) and rerun" >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    echo "install-checkov: Checkov needs Python 3.9 or newer; \`$python\` is $("$python" --version 2>&1)" >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "install-checkov: warning: the pins in $requirements were made with Python 3.11; \`$python\` is $("$python" --version 2>&1)" >&2
fi

# A virtualenv whose interpreter no longer runs (Python moved or upgraded) is rebuilt in place; a
# folder that is not a virtualenv is left alone.
if [[ -e $venv && ! -f $venv/pyvenv.cfg ]]; then
    echo "install-checkov: $venv exists but is not a virtualenv; remove it or set PAVED_VENV" >&2
    exit 1
fi
if ! "$venv/bin/python" -c '' 2>/dev/null; then
    echo "install-checkov: creating the virtualenv $venv"
    "$python" -m venv --clear "$venv"
fi

wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
if [[ -x $venv/bin/checkov && -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
    echo "install-checkov: $venv is up to date with $requirements"
else
    echo "install-checkov: installing $requirements into $venv"
    rm -f "$stamp"
    PIP_NO_INPUT=1 "$venv/bin/python" -m pip install \
        --disable-pip-version-check --quiet --progress-bar off \
        --requirement "$requirements"
    echo "$wanted" >"$stamp"
fi

# Offline: no policy-metadata download from the platform, no new-version check.
version=$(BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=true "$venv/bin/checkov" --version)
echo "install-checkov: checkov $version at $venv/bin/checkov ($((SECONDS - started)) s)"
