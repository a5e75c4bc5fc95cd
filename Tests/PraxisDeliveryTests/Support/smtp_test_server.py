"""A small SMTP server for Praxis's delivery tests, on aiosmtpd (Debian: python3-aiosmtpd).

Run under /usr/bin/python3. Binds 127.0.0.1 on --port (0: any free port), writes the port it got
to --port-file once it listens, and saves every accepted message to --spool as N.json with the
envelope, whether the session used TLS and who authenticated. Behaviours for failure tests:

  --tempfail-first N   answer the end of the first N messages with 451 (then accept)
  --refuse ADDRESS     answer RCPT TO:<ADDRESS> with 550 (may be repeated)
  --vanish-first N     drop the connection, without a reply, after the first N messages' data
  --cert/--key         offer STARTTLS with this certificate
  --auth USER:PASS     require AUTH (PLAIN/LOGIN) with these credentials
  --size-limit N       announce SIZE N and refuse larger messages (aiosmtpd's default: 32 MiB)
Stops on SIGTERM.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl

from aiosmtpd.smtp import SMTP, AuthResult


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--spool", required=True)
    parser.add_argument("--tempfail-first", type=int, default=0)
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--vanish-first", type=int, default=0)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth")
    parser.add_argument("--size-limit", type=int)
    options = parser.parse_args()
    os.makedirs(options.spool, exist_ok=True)
    counters = {"data": 0, "saved": 0}
    refused = {address.lower() for address in options.refuse}

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.lower() in refused:
                return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 Ok"

        async def handle_DATA(self, server, session, envelope):
            counters["data"] += 1
            if counters["data"] <= options.vanish_first:
                server.transport.abort()
                return "421 4.4.2 gone"
            if counters["data"] <= options.vanish_first + options.tempfail_first:
                return "451 4.3.0 Error: try again later"
            counters["saved"] += 1
            record = {
                "from": envelope.mail_from,
                "mail_options": envelope.mail_options,
                "to": envelope.rcpt_tos,
                "tls": session.ssl is not None,
                "auth": session.auth_data if isinstance(session.auth_data, str) else None,
                "data": envelope.content.decode("utf-8", "replace"),
            }
            path = os.path.join(options.spool, "%06d.json" % counters["saved"])
            with open(path + ".tmp", "w") as file:
                json.dump(record, file)
            os.rename(path + ".tmp", path)
            return "250 2.0.0 Ok: queued as %d" % counters["saved"]

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, _, password = options.auth.partition(":")
        if auth_data.login.decode() == user and auth_data.password.decode() == password:
            return AuthResult(success=True, auth_data=user)
        return AuthResult(success=False, handled=False)

    tls_context = None
    if options.cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(options.cert, options.key)

    def factory():
        keywords = {"decode_data": False, "enable_SMTPUTF8": True}
        if options.size_limit is not None:
            keywords["data_size_limit"] = options.size_limit
        if tls_context is not None:
            keywords["tls_context"] = tls_context
        if options.auth:
            keywords.update(authenticator=authenticator, auth_required=True,
                            auth_require_tls=tls_context is not None)
        return SMTP(Handler(), **keywords)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(factory, host="127.0.0.1", port=options.port)
        port = server.sockets[0].getsockname()[1]
        with open(options.port_file + ".tmp", "w") as file:
            file.write(str(port))
        os.rename(options.port_file + ".tmp", options.port_file)
        stop = loop.create_future()
        loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
        await stop
        server.close()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
