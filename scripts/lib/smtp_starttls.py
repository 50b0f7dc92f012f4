"""A real SMTP server on loopback for the relay test: aiosmtpd, STARTTLS required, with a
certificate for 127.0.0.1 issued by a throwaway CA (trustme). Writes the CA to CA_FILE and
every message it receives to SPOOL_DIR as an .eml file.

Usage: smtp_starttls.py PORT CA_FILE SPOOL_DIR
"""

import asyncio
import pathlib
import ssl
import sys
import uuid

import trustme
from aiosmtpd.controller import Controller


class Spool:
    def __init__(self, directory: pathlib.Path) -> None:
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        # Only a session that upgraded to TLS reaches here: require_starttls refuses others.
        name = self.directory / f"{uuid.uuid4()}.eml"
        tmp = name.with_suffix(".tmp")
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(name)
        return "250 Message accepted"


def main() -> None:
    port, ca_file, spool = int(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    spool.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    controller = Controller(
        Spool(spool),
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
    )
    controller.start()
    print(f"smtp listening on 127.0.0.1:{port}", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
