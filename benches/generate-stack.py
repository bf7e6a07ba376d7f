#!/usr/bin/env python3
"""Writes a stack file of N services (a worker Lambda and the SQS queue feeding it, wired), with
development and production environments and a production override per worker, for measuring
`paved compose` at scale:

    python3 benches/generate-stack.py 1000 > /tmp/stack-1000.toml
    time target/release/paved compose /tmp/stack-1000.toml --out /tmp/out-1000 --force
"""
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
print('''[stack]
name = "scale"
owner = "team-scale"
system = "benchmarks"
lifecycle = "experimental"

[environments.development]
region = "eu-west-1"
tags = { Environment = "development", Department = "platform", Service = "scale" }

[environments.production]
region = "eu-west-1"
tags = { Environment = "production", Department = "platform", Service = "scale" }
''')
for index in range(count // 2 + count % 2):
    print(f'''[instances.worker{index}]
blueprint = "baseline-lambda"
inputs = {{ function_name = "worker-{index}", package_file = "build/worker-{index}.zip" }}
environments.production.inputs = {{ memory_size = 1024 }}
''')
for index in range(count // 2):
    print(f'''[instances.queue{index}]
blueprint = "sqs-redrive"
inputs = {{ queue_name = "queue-{index}", consumer = {{ function_name = {{ ref = "worker{index}.function_name" }}, role_name = {{ ref = "worker{index}.role_name" }} }} }}
''')
