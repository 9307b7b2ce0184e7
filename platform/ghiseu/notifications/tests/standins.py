"""Real stand-ins for the outside world: an SMTP server and an HTTP SMS gateway on loopback.

The gateway keeps what a real one would: every request, and the messages it accepted,
deduplicated by the client's reference (as real gateways do with a client message id).
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from ghiseu.embedded.redis import free_port


@dataclass
class SmtpSink:
    messages: list[Message] = field(default_factory=list)
    # Seconds between taking a message and saying so: a client killed meanwhile has handed
    # the message over without hearing back.
    delay: float = 0.0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[attr-defined]
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [str(message["Message-ID"]) for message in self.messages]


def start_smtp_sink() -> tuple[Controller, SmtpSink]:
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, sink


@dataclass
class Gateway:
    """Behaviour is scripted per request: a list of status codes (or 'timeout') to play."""

    requests: list[dict[str, object]] = field(default_factory=list)
    accepted: dict[str, dict[str, object]] = field(default_factory=dict)
    # Every reference answered 200, repeats included: what a gateway that does not
    # deduplicate would have delivered.
    successes: list[str] = field(default_factory=list)
    script: list[object] = field(default_factory=list)
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_behaviour(self) -> object:
        with self.lock:
            return self.script.pop(0) if self.script else 200


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client killed (or timed out) on a kept-alive connection is the normal case here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def start_gateway(timeout_sleep: float = 3.0) -> tuple[ThreadingHTTPServer, Gateway, str]:
    gateway = Gateway()

    class Handler(BaseHTTPRequestHandler):
        # Keep-alive, as a real gateway (the transport keeps one session per worker process).
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            body["idempotency_key"] = self.headers.get("Idempotency-Key", "")
            with gateway.lock:
                gateway.requests.append(body)
            behaviour = gateway.next_behaviour()
            if gateway.delay:
                time.sleep(gateway.delay)
            if behaviour == "timeout":
                time.sleep(timeout_sleep)
                behaviour = 504
            status = int(behaviour)  # type: ignore[call-overload]
            if status == 200:
                with gateway.lock:
                    gateway.accepted.setdefault(str(body["reference"]), body)
                    gateway.successes.append(str(body["reference"]))
                payload = {"id": f"gw-{body['reference']}"}
            else:
                payload = {"error": "invalid number" if status in (400, 422) else "busy"}
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout, or a killed worker)

    server = _QuietServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, gateway, f"http://127.0.0.1:{server.server_address[1]}/sms"
