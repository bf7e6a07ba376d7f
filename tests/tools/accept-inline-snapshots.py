#!/usr/bin/env python3
"""Writes pending insta inline snapshots (`.<file>.pending-snap`) into their source files.

The same as `cargo insta accept` for inline snapshots, for machines without cargo-insta:

    INSTA_UPDATE=always INSTA_FORCE_PASS=1 cargo test -p paved-stack --test errors
    python3 tests/tools/accept-inline-snapshots.py crates/paved-stack/tests/errors.rs
"""
import json
import pathlib
import sys


def literal(snapshot: str) -> str:
    """An `@r"..."` raw string holding `snapshot`, indented as insta writes multi-line ones."""
    hashes = "#" * next(n for n in range(0, 10) if '"' + "#" * n not in snapshot)
    if "\n" not in snapshot:
        return f'@r{hashes}"{snapshot}"{hashes}'
    body = "\n".join(("    " + line) if line else "" for line in snapshot.split("\n"))
    return f'@r{hashes}"\n{body}\n    "{hashes}'


def find_snapshot_argument(source: str, start: int) -> tuple[int, int]:
    """The span of the `@…` literal of the assertion that starts at offset `start`."""
    at = source.index("@", start)
    position = at + 1
    if source[position] == "r":
        position += 1
        hashes = 0
        while source[position] == "#":
            hashes += 1
            position += 1
        end = source.index('"' + "#" * hashes, position + 1) + 1 + hashes
    else:
        position += 1
        while source[position] != '"':
            position += 2 if source[position] == "\\" else 1
        end = position + 1
    return at, end


def main(path: str) -> None:
    source_path = pathlib.Path(path)
    pending = source_path.with_name(f".{source_path.name}.pending-snap")
    entries = {}
    for line in pending.read_text().splitlines():
        entry = json.loads(line)
        if entry.get("new"):
            entries[entry["line"]] = entry["new"]["snapshot"]
    source = source_path.read_text()
    line_starts = [0] + [index + 1 for index, character in enumerate(source) if character == "\n"]
    for line in sorted(entries, reverse=True):
        start, end = find_snapshot_argument(source, line_starts[line - 1])
        source = source[:start] + literal(entries[line]) + source[end:]
    source_path.write_text(source)
    pending.unlink()
    print(f"accepted {len(entries)} inline snapshots in {path}")


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        main(argument)
