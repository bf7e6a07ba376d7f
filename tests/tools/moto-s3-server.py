"""moto's S3 server on 127.0.0.1 for Paved's tests (`paved_tests::moto`).

    .venv-moto/bin/python tests/tools/moto-s3-server.py

It binds a free port, prints it on stdout, and serves until its standard input closes (so it ends
with the test process that started it). Besides S3 it answers two test-only paths:
`PUT /__paved/buckets/<name>` creates a bucket, `GET /__paved/requests/<name>` counts the S3
requests served so far for that bucket.

moto checks a conditional PutObject (`If-None-Match`, `If-Match`) and then stores the object in
two steps without a lock, so two racing requests could both pass the check; S3 makes the check
and the write one atomic step. The server therefore hands moto one request at a time (connections
are still accepted concurrently), which gives moto S3's atomicity for the race tests.
"""

import sys
import threading

from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.s3.models import s3_backends
from werkzeug.serving import make_server

PREFIX = "/__paved/"


def main() -> None:
    moto = DomainDispatcherApplication(create_backend_app)
    one_at_a_time = threading.Lock()
    served = {}

    def application(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(PREFIX):
            return test_only(environ, start_response, path[len(PREFIX):], served)
        with one_at_a_time:
            bucket = path.lstrip("/").split("/", 1)[0]
            served[bucket] = served.get(bucket, 0) + 1
            # The body is produced inside the lock, so the request is whole before the next one starts.
            return list(moto(environ, start_response))

    server = make_server("127.0.0.1", 0, application, threaded=True, request_handler=MotoRequestHandler)
    print(server.port, flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()


def test_only(environ, start_response, path, served):
    method = environ["REQUEST_METHOD"]
    if method == "PUT" and path.startswith("buckets/"):
        s3_backends[DEFAULT_ACCOUNT_ID]["aws"].create_bucket(path[len("buckets/"):], "us-east-1")
        body = b"created\n"
    elif method == "GET" and path.startswith("requests/"):
        body = f"{served.get(path[len('requests/'):], 0)}\n".encode()
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"unknown test path\n"]
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


if __name__ == "__main__":
    main()
