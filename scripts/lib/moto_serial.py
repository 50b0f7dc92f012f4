"""moto_server with one request at a time: the AWS-compatible endpoint for adapter tests.

moto's TransactWriteItems rolls a failed transaction back by restoring a snapshot of the
whole table taken when it began, so under concurrent requests it resurrects or loses
other transactions' writes. Real DynamoDB isolates transactions (serializably, for
conflicting ones); serving one request at a time gives moto that same guarantee, which the
race tests rely on.

GET /turnaki/sent answers what SES and SNS sent (raw emails with their destinations, texts
with their numbers) straight from moto's backends: /moto-api/data.json serialises every
model of every service, every DynamoDB item included, which took 15-30 s late in a run and,
one request at a time, stalled every other test meanwhile.

Usage: python moto_serial.py HOST PORT
"""

import json
import sys
import threading

from moto.core import DEFAULT_ACCOUNT_ID

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import run_simple

app = DomainDispatcherApplication(create_backend_app)
one_at_a_time = threading.Lock()


def sent(start_response):
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    region = "us-east-1"
    ses = ses_backends[DEFAULT_ACCOUNT_ID][region]
    sns = sns_backends[DEFAULT_ACCOUNT_ID][region]
    body = json.dumps({
        "emails": [
            {"destinations": list(m.destinations), "raw_data": m.raw_data}
            for m in ses.sent_messages if hasattr(m, "raw_data")
        ],
        "texts": [{"phone_number": to, "message": text} for to, text in sns.sms_messages.values()],
    }).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def serialised(environ, start_response):
    with one_at_a_time:
        if environ.get("PATH_INFO") == "/turnaki/sent":
            return sent(start_response)
        # Drain the response inside the lock: moto may build it lazily.
        return list(app(environ, start_response))


if __name__ == "__main__":
    run_simple(sys.argv[1], int(sys.argv[2]), serialised, threaded=True, request_handler=MotoRequestHandler)
