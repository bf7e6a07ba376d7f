#!/usr/bin/env bash
# Installs a pinned requirements file into a virtualenv, for the tests that run Python tools
# (`.ci/install-checkov.sh`, `.ci/install-moto.sh`):
#
#   bash .ci/install-venv.sh <requirements file> <virtualenv folder>
#
# Running it again is cheap: it installs only when the requirements file changed since the last
# install into that virtualenv. Set `PYTHON` to choose the interpreter (default `python3`; the pins
# were made with Python 3.11).
set -euo pipefail

requirements=$1
venv=$2
name=$(basename "$requirements" .txt)
stamp=$venv/.paved-$name.sha256
python=${PYTHON:-python3}

if ! command -v "$python" >/dev/null; then
    echo "install-venv: \`$python\` is not installed; install Python 3.11 (or set PYTHON) and rerun" >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    echo "install-venv: the tools need Python 3.9 or newer; \`$python\` is $("$python" --version 2>&1)" >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "install-venv: warning: the pins in $requirements were made with Python 3.11; \`$python\` is $("$python" --version 2>&1)" >&2
fi

# A virtualenv whose interpreter no longer runs (Python moved or upgraded) is rebuilt in place; a
# folder that is not a virtualenv is left alone.
if [[ -e $venv && ! -f $venv/pyvenv.cfg ]]; then
    echo "install-venv: $venv exists but is not a virtualenv; remove it or choose another folder" >&2
    exit 1
fi
if ! "$venv/bin/python" -c '' 2>/dev/null; then
    echo "install-venv: creating the virtualenv $venv"
    "$python" -m venv --clear "$venv"
fi

# The requirements file and every file it includes with `-r` (relative to the including file), so
# a change to any of them installs again.
requirements_text() {
    local file=$1 included
    cat "$file"
    while read -r included; do
        requirements_text "$(dirname "$file")/$included"
    done < <(sed -n 's/^-r[[:space:]]*//p' "$file")
}
wanted=$(requirements_text "$requirements" | sha256sum | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
    echo "install-venv: $venv is up to date with $requirements"
else
    echo "install-venv: installing $requirements into $venv"
    rm -f "$stamp"
    PIP_NO_INPUT=1 "$venv/bin/python" -m pip install \
        --disable-pip-version-check --quiet --progress-bar off \
        --requirement "$requirements"
    echo "$wanted" >"$stamp"
fi
