#!/usr/bin/env python3
"""Times Paved against the tools users would pick instead, whole process, on this machine:

    python3 benches/peers/run.py                   # everything, 10 alternating runs of each
    python3 benches/peers/run.py --runs 5 --work /tmp/peers --checkov .venv/bin/checkov
    python3 benches/peers/run.py --runs 3 --parts fulfilment   # only the event-driven comparison

1. Installs the pinned AWS CDK and AWS Solutions Constructs (benches/peers/package.json and
   package-lock.json) and, unless --checkov names one, the pinned Checkov
   (.ci/requirements-checkov.txt, through .ci/install-checkov.sh) into a temporary folder (or
   --work, kept and reused), and builds `paved` in release mode.
2. Runs, alternating, round after round: `cdk synth` of benches/peers/app.js, `paved compose` of
   the same infrastructure (benches/peers/orders-api.toml) and of the whole example stack;
   then Checkov over the composed example (as the consumer test runs it in CI) and `paved check`
   of the example against the example policy.
2b. The event-driven comparison, the same way: `cdk synth` of benches/peers/fulfilment.js (AWS
   Solutions Constructs) against `paved compose` of examples/fulfilment/stack.toml, `paved check` of
   it, and Checkov over both outputs at their defaults (CloudFormation for the CDK's, Terraform for
   Paved's): passed, failed and skipped checks of each, and which checks failed.
3. Times `paved compose` and `paved check` of generated stacks of 1, 10, 100 and 1,000 services
   (and, with --checkov-services N, Checkov once over the composed N-service stack).
4. Prints medians, ratios and peak memory as Markdown, and writes them with the machine, the load
   and the tool versions to target/peers/results.json.

Offline: CDK_DISABLE_VERSION_CHECK, CDK_DISABLE_CLI_TELEMETRY and --no-notices for the CDK;
BC_SKIP_MAPPING and CKV_SKIP_PACKAGE_UPDATE_CHECK for Checkov. npm installs with
`npm install --no-save` from the committed lock: `npm ci` refuses the lock because of an npm bug
with bundled dependencies (npm/cli#9821: @aws-solutions-constructs/core bundles npmlog).
"""
import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
AS_OF = "2026-11-23"
SERVICES = [1, 10, 100, 1000]
CDK_FILES = ["package.json", "package-lock.json", ".npmrc", "app.js", "fulfilment.js"]
# The workflow definition fulfilment.js reads: the example's, so both sides run the same ASL.
WORKFLOW_DEFINITION = REPO / "examples" / "fulfilment" / "workflows" / "fulfil.asl.json"
PARTS = ("orders", "fulfilment", "scale")
# Variables that would change what Checkov checks or make it reach the network (as the consumer test).
CHECKOV_VARIABLES = ("CKV_", "CHECKOV_", "BC_", "PRISMA_", "DOWNLOAD_EXTERNAL_MODULES", "EXTERNAL_MODULES_DIR", "LOG_LEVEL")


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(command, cwd=None, env=None, ok=(0,)):
    """Runs `command` untimed (installs, warm-up); exits on an unexpected status."""
    process = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    if process.returncode not in ok:
        sys.exit(f"{' '.join(map(str, command))} ended with {process.returncode}:\n{process.stderr.decode(errors='replace')[-4000:]}")


class Timer:
    """Times commands and records their peak memory (ru_maxrss of each child, through wait4)."""

    def __init__(self):
        self.samples = {}

    def time(self, label, command, cwd=None, env=None, ok=(0,)):
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        stderr = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in ok:
            sys.exit(f"{label}: {' '.join(map(str, command))} ended with {process.returncode}:\n{stderr.decode(errors='replace')[-4000:]}")
        entry = self.samples.setdefault(label, {"seconds": [], "peak_mb": 0.0})
        entry["seconds"].append(seconds)
        # ru_maxrss is in kilobytes on Linux; it covers the direct child (node, python, paved).
        entry["peak_mb"] = max(entry["peak_mb"], usage.ru_maxrss / 1024)
        return seconds

    def median(self, label):
        return statistics.median(self.samples[label]["seconds"])


def output(command, cwd=None, env=None):
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout.strip()


def checkov_environment(home):
    env = {name: value for name, value in os.environ.items() if not name.startswith(CHECKOV_VARIABLES)}
    env.update(HOME=str(home), BC_SKIP_MAPPING="TRUE", CKV_SKIP_PACKAGE_UPDATE_CHECK="true")
    return env


def checkov_command(checkov, framework="terraform"):
    command = [str(checkov), "--directory", ".", "--framework", framework, "--output", "json", "--skip-download"]
    if framework == "terraform":
        command += ["--download-external-modules", "false"]
    return command


def checkov_verdict(checkov, folder, env, framework):
    """Checkov's summary over `folder` (passed, failed, skipped, resources) and its failed checks by id."""
    process = subprocess.run(checkov_command(checkov, framework), cwd=folder, env=env, stdin=subprocess.DEVNULL,
                             capture_output=True, text=True)
    if process.returncode not in (0, 1):
        sys.exit(f"checkov over {folder} ended with {process.returncode}:\n{process.stderr[-4000:]}")
    reports = json.loads(process.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    verdict = {"passed": 0, "failed": 0, "skipped": 0, "resources": 0, "failed_checks": {}, "skipped_checks": {}}
    for report in reports:
        summary = report["summary"]
        for field in ("passed", "failed", "skipped"):
            verdict[field] += summary[field]
        verdict["resources"] += summary["resource_count"]
        for field, results in (("failed_checks", "failed_checks"), ("skipped_checks", "skipped_checks")):
            for result in report["results"][results]:
                entry = verdict[field].setdefault(result["check_id"], {"name": result["check_name"], "count": 0})
                entry["count"] += 1
    if verdict["resources"] == 0:
        sys.exit(f"checkov found no {framework} resources in {folder}")
    return verdict


def install_cdk(work):
    folder = work / "cdk"
    folder.mkdir(parents=True, exist_ok=True)
    for name in CDK_FILES:
        shutil.copyfile(HERE / name, folder / name)
    shutil.copyfile(WORKFLOW_DEFINITION, folder / WORKFLOW_DEFINITION.name)
    stamp = folder / ".installed"
    wanted = hashlib.sha256((HERE / "package-lock.json").read_bytes()).hexdigest()
    if not (stamp.exists() and stamp.read_text() == wanted and (folder / "node_modules" / ".bin" / "cdk").exists()):
        log(f"peers: installing the AWS CDK into {folder}")
        run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder)
        stamp.write_text(wanted)
    return folder


def install_checkov(work):
    venv = work / "venv"
    log(f"peers: installing Checkov into {venv}")
    subprocess.run(["bash", str(REPO / ".ci" / "install-checkov.sh")], env={**os.environ, "PAVED_VENV": str(venv)},
                   check=True, stdout=sys.stderr)
    return venv / "bin" / "checkov"


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": round(int(memory) / 1024 / 1024, 1),
            "kernel": platform.release()}


def ratio(slow, fast):
    return f"{slow / fast:,.0f}×"


def cdk_synth(folder, app, out):
    return [str(folder / "node_modules" / ".bin" / "cdk"), "synth", "--app", f"node {app}", "--quiet", "--no-notices", "--output", str(out)]


def orders_comparison(runs, timer, cdk, cdk_folder, cdk_env, compose, check, work, checkov, checkov_env):
    """The orders API in the CDK against the same instance and the whole orders example in Paved."""
    example = REPO / "examples" / "orders" / "stack.toml"
    api_stack = HERE / "orders-api.toml"
    composed_example = work / "paved-example"
    # Warm the file cache and node's compile cache once; not counted.
    run(cdk, cwd=cdk_folder, env=cdk_env)
    run(compose(example, composed_example))
    log(f"peers: {runs} alternating rounds of cdk synth / paved compose")
    for _ in range(runs):
        timer.time("cdk synth (orders API)", cdk, cwd=cdk_folder, env=cdk_env)
        timer.time("paved compose (orders API)", compose(api_stack, work / "paved-api"))
        timer.time("paved compose (orders example)", compose(example, composed_example))

    run(checkov_command(checkov), cwd=composed_example, env=checkov_env, ok=(0, 1))
    log(f"peers: {runs} alternating rounds of Checkov / paved check")
    for _ in range(runs):
        timer.time("checkov (composed example)", checkov_command(checkov), cwd=composed_example, env=checkov_env, ok=(0, 1))
        timer.time("paved check (orders example)", check(example))


def fulfilment_comparison(runs, timer, cdk, cdk_folder, cdk_env, compose, check, work, checkov, checkov_env):
    """The event-driven fulfilment example: synth against compose, check, and Checkov on both outputs."""
    example = REPO / "examples" / "fulfilment" / "stack.toml"
    composed = work / "paved-fulfilment"
    cdk_out = Path(cdk[-1])
    run(cdk, cwd=cdk_folder, env=cdk_env)
    run(compose(example, composed))
    log(f"peers: {runs} alternating rounds of cdk synth / paved compose (fulfilment)")
    for _ in range(runs):
        timer.time("cdk synth (fulfilment)", cdk, cwd=cdk_folder, env=cdk_env)
        timer.time("paved compose (fulfilment example)", compose(example, composed))
        timer.time("paved check (fulfilment example)", check(example))
    log("peers: Checkov over both outputs (fulfilment)")
    verdicts = {
        "cdk (CloudFormation)": checkov_verdict(checkov, cdk_out, checkov_env, "cloudformation"),
        "paved (Terraform)": checkov_verdict(checkov, composed, checkov_env, "terraform"),
    }
    for _ in range(runs):
        timer.time("checkov (cdk fulfilment output)", checkov_command(checkov, "cloudformation"), cwd=cdk_out,
                   env=checkov_env, ok=(0, 1))
        timer.time("checkov (composed fulfilment example)", checkov_command(checkov), cwd=composed, env=checkov_env,
                   ok=(0, 1))
    return verdicts


def scale_comparison(arguments, timer, generate, compose, check, work, checkov, checkov_env):
    """Paved on generated stacks of 1 to 1,000 services (and Checkov once over N, when asked)."""
    log("peers: paved at scale")
    stacks = work / "stacks"
    stacks.mkdir(exist_ok=True)
    scale_runs = max(3, arguments.runs // 2)
    for count in SERVICES:
        stack = stacks / f"stack-{count}.toml"
        stack.write_text(output([str(generate), str(count)]) + "\n")
        for _ in range(scale_runs):
            timer.time(f"paved compose ({count} services)", compose(stack, work / f"scale-{count}"))
            timer.time(f"paved check ({count} services)", check(stack), ok=(0, 1))
    if arguments.checkov_services:
        count = arguments.checkov_services
        stack = stacks / f"stack-{count}.toml"
        stack.write_text(output([str(generate), str(count)]) + "\n")
        run(compose(stack, work / f"scale-{count}"))
        log(f"peers: Checkov over {count} services (once)")
        timer.time(f"checkov ({count} services)", checkov_command(checkov), cwd=work / f"scale-{count}", env=checkov_env, ok=(0, 1))
        timer.time(f"paved check ({count} services)", check(stack), ok=(0, 1))


def report(results, timer, arguments, parts):
    medians = results["medians"]
    load_before = results["load_average"]["before"]
    print(f"Machine: {results['machine']['cpus']} × {results['machine']['cpu']}, {results['machine']['memory_gib']} GiB; "
          f"load average {load_before[0]:.2f} before, {results['load_average']['after'][0]:.2f} after")
    print("Versions: " + json.dumps(results["versions"]))
    print()
    print("| Command | Median | Runs | Peak memory |")
    print("|---|---:|---:|---:|")
    for label, entry in timer.samples.items():
        print(f"| {label} | {medians[label]:.3f} s | {len(entry['seconds'])} | {entry['peak_mb']:.0f} MB |")
    print()
    print("| Comparison | Ratio of medians |")
    print("|---|---:|")
    if "orders" in parts:
        print(f"| cdk synth / paved compose, orders API | {ratio(medians['cdk synth (orders API)'], medians['paved compose (orders API)'])} |")
        print(f"| cdk synth / paved compose, whole example | {ratio(medians['cdk synth (orders API)'], medians['paved compose (orders example)'])} |")
        print(f"| checkov / paved check, example | {ratio(medians['checkov (composed example)'], medians['paved check (orders example)'])} |")
    if "fulfilment" in parts:
        print(f"| cdk synth / paved compose, fulfilment | {ratio(medians['cdk synth (fulfilment)'], medians['paved compose (fulfilment example)'])} |")
    if "scale" in parts and arguments.checkov_services:
        count = arguments.checkov_services
        print(f"| checkov / paved check, {count} services | {ratio(medians[f'checkov ({count} services)'], medians[f'paved check ({count} services)'])} |")
    if results["checkov_at_defaults"]:
        print()
        print("| Checkov at defaults (fulfilment) | Passed | Failed | Skipped | Resources | Failed checks |")
        print("|---|---:|---:|---:|---:|---|")
        for side, verdict in results["checkov_at_defaults"].items():
            failed = ", ".join(f"{check} ×{entry['count']}" for check, entry in sorted(verdict["failed_checks"].items())) or "none"
            print(f"| {side} | {verdict['passed']} | {verdict['failed']} | {verdict['skipped']} | {verdict['resources']} | {failed} |")
    if "scale" in parts:
        per_service = [medians[f"paved compose ({count} services)"] / count for count in SERVICES]
        print()
        print("paved compose per service (s): " + ", ".join(f"{count}: {value:.5f}" for count, value in zip(SERVICES, per_service)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="alternating runs of each peer comparison (default 10)")
    parser.add_argument("--work", type=Path, help="a folder to install into and keep (reused by later runs)")
    parser.add_argument("--checkov", type=Path, help="an installed Checkov to use instead of installing the pinned one")
    parser.add_argument("--checkov-services", type=int, default=0, help="also run Checkov once over the composed N-service stack")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS),
                        help="which comparisons to run: orders (the orders API), fulfilment (the event-driven "
                             "example and Checkov on both outputs), scale (generated stacks); default all")
    parser.add_argument("--json", type=Path, default=REPO / "target" / "peers" / "results.json")
    arguments = parser.parse_args()
    parts = set(arguments.parts)

    scratch = None
    if arguments.work:
        work = arguments.work.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        scratch = tempfile.TemporaryDirectory(prefix="paved-peers-")
        work = Path(scratch.name)
    load_before = os.getloadavg()

    log("peers: building paved (release)")
    subprocess.run(["cargo", "build", "--release", "--locked", "-q", "-p", "paved-cli", "-p", "paved-benches", "--bins"],
                   cwd=REPO, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    paved = target / "release" / "paved"
    generate = target / "release" / "generate-stack"
    cdk_folder = install_cdk(work)
    checkov = arguments.checkov.resolve() if arguments.checkov else install_checkov(work)
    home = work / "home"
    home.mkdir(exist_ok=True)

    cdk_env = {**os.environ, "CDK_DISABLE_VERSION_CHECK": "true", "CDK_DISABLE_CLI_TELEMETRY": "true"}
    policy = REPO / "examples" / "policies" / "acme.toml"
    compose = lambda stack, out: [str(paved), "compose", str(stack), "--out", str(out), "--force"]  # noqa: E731
    check = lambda stack: [str(paved), "check", str(stack), "--policy", str(policy), "--as-of", AS_OF]  # noqa: E731
    timer = Timer()

    checkov_env = checkov_environment(home)
    verdicts = {}
    if "orders" in parts:
        orders_comparison(arguments.runs, timer, cdk_synth(cdk_folder, "app.js", work / "cdk.out"), cdk_folder, cdk_env,
                          compose, check, work, checkov, checkov_env)
    if "fulfilment" in parts:
        verdicts = fulfilment_comparison(arguments.runs, timer, cdk_synth(cdk_folder, "fulfilment.js", work / "cdk-fulfilment.out"),
                                         cdk_folder, cdk_env, compose, check, work, checkov, checkov_env)
    if "scale" in parts:
        scale_comparison(arguments, timer, generate, compose, check, work, checkov, checkov_env)

    solutions = cdk_folder / "node_modules" / "@aws-solutions-constructs"
    versions = {
        "paved": output([str(paved), "--version"]).removeprefix("paved "),
        "cdk": output([str(cdk_folder / "node_modules" / ".bin" / "cdk"), "--version"], env=cdk_env).split(" ")[0],
        "aws-cdk-lib": json.loads((cdk_folder / "node_modules" / "aws-cdk-lib" / "package.json").read_text())["version"],
        "solutions-constructs": {
            package.name: json.loads((package / "package.json").read_text())["version"]
            for package in sorted(solutions.iterdir()) if (package / "package.json").exists()
        },
        "node": output(["node", "--version"]),
        "checkov": output([str(checkov), "--version"], env=checkov_env),
        "commit": output(["git", "rev-parse", "--short", "HEAD"], cwd=REPO),
    }
    results = {
        "machine": machine(),
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "versions": versions,
        "runs": arguments.runs,
        "parts": sorted(parts),
        "samples": timer.samples,
        "medians": {label: timer.median(label) for label in timer.samples},
        "checkov_at_defaults": verdicts,
    }
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(results, indent=2) + "\n")
    report(results, timer, arguments, parts)
    log(f"peers: results in {arguments.json}")
    if scratch:
        scratch.cleanup()


if __name__ == "__main__":
    main()
