"""moto_server with one request at a time: the AWS-compatible endpoint for adapter tests.

moto's TransactWriteItems rolls a failed transaction back by restoring a snapshot of the
whole table taken when it began, so under concurrent requests it resurrects or loses
other transactions' writes. Real DynamoDB isolates transactions (serializably, for
conflicting ones); serving one request at a time gives moto that same guarantee, which the
race tests rely on. Usage: python moto_serial.py HOST PORT
"""

import sys
import threading

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import run_simple

app = DomainDispatcherApplication(create_backend_app)
one_at_a_time = threading.Lock()


def serialised(environ, start_response):
    with one_at_a_time:
        # Drain the response inside the lock: moto may build it lazily.
        return list(app(environ, start_response))


if __name__ == "__main__":
    run_simple(sys.argv[1], int(sys.argv[2]), serialised, threaded=True, request_handler=MotoRequestHandler)
