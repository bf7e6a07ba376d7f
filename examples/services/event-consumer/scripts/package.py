#!/usr/bin/env python3
"""Builds the Lambda deployment package: src/ and requirements.txt, as one zip file.

    python3 scripts/package.py --out build/<service>.zip

The dependencies are wheels for Lambda's arm64 Python 3.12 runtime (the blueprints' defaults),
whatever machine builds them. The zip is deterministic (sorted entries, fixed times and modes): an
unchanged service gives the same bytes, so Terraform's source_code_hash, and the function, stay as
they are.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEELS_FOR_LAMBDA = [
    "--platform", "manylinux2014_aarch64",
    "--implementation", "cp",
    "--python-version", "3.12",
    "--only-binary=:all:",
]
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="the zip file to write")
    parser.add_argument(
        "--no-dependencies",
        action="store_true",
        help="package src/ alone (a quick check of the layout, without PyPI)",
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        staging = Path(folder)
        if not arguments.no_dependencies:
            subprocess.run(
                [
                    sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--no-deps", "--no-compile", "--target", str(staging), *WHEELS_FOR_LAMBDA,
                    "--requirement", str(ROOT / "requirements.txt"),
                ],
                check=True,
            )
        shutil.copytree(
            ROOT / "src", staging, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
        files = sorted(path for path in staging.rglob("*") if path.is_file())
        arguments.out.parent.mkdir(parents=True, exist_ok=True)
        partial = arguments.out.with_name(arguments.out.name + ".partial")
        with zipfile.ZipFile(partial, "w") as archive:
            for path in files:
                entry = zipfile.ZipInfo(path.relative_to(staging).as_posix(), FIXED_TIME)
                entry.external_attr = 0o644 << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, path.read_bytes())
        partial.replace(arguments.out)
    print(f"packaged {len(files)} files into {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
