"""A card processor on this machine, speaking Netopia Payments' API v2 as ``payments``
uses it: start a card payment, a payment page for the citizen, signed IPN notifications
(a Verification-token JWT, RS512, over the SHA-512 of the body), and the status query.

Its behaviour is set by POST /__behaviour (JSON): ``callbacks`` is "normal", "delayed"
(after ``delay`` seconds), "repeated" (``repeat`` times) or "never"; ``fail_start`` makes the
next start answer an error. GET /__ipn/<ntpID> returns a notification signed now, as it would be
sent (so a test can send it again, or alter it). Used by the tests, the demo and the benchmark.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

import requests
import simplejson
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwt
from joserfc.jwk import RSAKey

# Netopia's sandbox test card pays; any other card number is refused (status 12).
PAYING_CARD = "9900004810225098"


@dataclass
class Order:
    ntp_id: str
    order_id: str
    amount: Decimal
    notify_url: str
    redirect_url: str
    status: int = 1


@dataclass
class Processor:
    api_key: str
    pos_signature: str
    private_pem: bytes
    orders: dict[str, Order] = field(default_factory=dict)
    behaviour: dict[str, Any] = field(default_factory=lambda: {"callbacks": "normal"})
    lock: threading.Lock = field(default_factory=threading.Lock)
    base_url: str = ""

    @property
    def public_pem(self) -> str:
        key = serialization.load_pem_private_key(self.private_pem, password=None)
        return (
            key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )

    def signed_ipn(self, order: Order) -> tuple[bytes, str]:
        body = simplejson.dumps(
            {
                "order": {"orderID": order.order_id},
                "payment": {
                    "method": 1,
                    "ntpID": order.ntp_id,
                    "status": order.status,
                    "amount": order.amount,
                    "currency": "RON",
                    "code": "00" if order.status == 3 else "34",
                    "message": "Tranzacția aprobată" if order.status == 3 else "Refuzată",
                },
            },
            use_decimal=True,
        ).encode()
        now = int(time.time())
        claims = {
            "iss": "NETOPIA Payments",
            "aud": [self.pos_signature],
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "jti": secrets.token_hex(8),
            "sub": base64.b64encode(hashlib.sha512(body).digest()).decode(),
        }
        key = RSAKey.import_key(self.private_pem)
        token = jwt.encode({"alg": "RS512", "typ": "JWT"}, claims, key, algorithms=["RS512"])
        return body, token

    def notify(self, order: Order) -> None:
        mode = self.behaviour.get("callbacks", "normal")
        if mode == "never":
            return
        copies = int(self.behaviour.get("repeat", 3)) if mode == "repeated" else 1
        delay = float(self.behaviour.get("delay", 2)) if mode == "delayed" else 0.0

        url, host = _reachable(order.notify_url)

        def send() -> None:
            time.sleep(delay)
            for _copy in range(copies):
                body, token = self.signed_ipn(order)
                try:
                    requests.post(
                        url,
                        data=body,
                        headers={
                            "Verification-token": token,
                            "Content-Type": "application/json",
                            **({"Host": host} if host else {}),
                        },
                        timeout=10,
                    )
                except requests.RequestException:
                    pass  # a real processor retries; the reconciliation job asks meanwhile

        threading.Thread(target=send, daemon=True).start()


def _reachable(url: str) -> tuple[str, str]:
    """A portal at <uat>.localhost is this machine; the system resolver does not know such
    names (browsers do), so the request goes to 127.0.0.1 with the portal's Host header."""
    parts = urlsplit(url)
    if parts.hostname and parts.hostname.endswith(".localhost"):
        loopback = parts._replace(netloc=f"127.0.0.1:{parts.port or 80}")
        return urlunsplit(loopback), parts.netloc
    return url, ""


class Handler(BaseHTTPRequestHandler):
    server: ProcessorServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        body = simplejson.dumps(payload, use_decimal=True).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(min(int(self.headers.get("Content-Length") or 0), 1_000_000))

    def _html(self, status: int, content: str) -> None:
        body = (
            '<!doctype html><html lang="ro"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Plată cu cardul (demo)</title></head><body><main>"
            + content
            + "</main></body></html>"
        ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        processor = self.server.processor
        if self.path.startswith("/__ipn/"):  # a freshly signed notification, as it would send
            order = processor.orders.get(self.path.rsplit("/", 1)[-1])
            if order is None:
                return self._json(404, {})
            body, token = processor.signed_ipn(order)
            return self._json(200, {"body": body.decode(), "token": token})
        if self.path == "/__public-key":
            return self._json(200, {"pem": processor.public_pem})
        if self.path.startswith("/pay/"):
            order = processor.orders.get(self.path.split("/")[2])
            if order is None:
                return self._html(404, "<p>Plată necunoscută.</p>")
            return self._html(
                200,
                f"<h1>Plată cu cardul (demo)</h1><p>Comanda {html.escape(order.order_id)}: "
                f"<strong>{order.amount} lei</strong></p>"
                f'<form method="post"><label for="card">Numărul cardului</label> '
                f'<input id="card" name="card" value="{PAYING_CARD}" inputmode="numeric">'
                '<button type="submit">Plătește</button></form>',
            )
        self._json(404, {"message": "not found"})

    def do_POST(self) -> None:
        processor = self.server.processor
        body = self._body()
        if self.path == "/__behaviour":
            processor.behaviour = json.loads(body or b"{}")
            return self._json(200, processor.behaviour)
        if self.path.startswith("/pay/"):
            order = processor.orders.get(self.path.split("/")[2])
            if order is None:
                return self._html(404, "<p>Plată necunoscută.</p>")
            card = parse_qs(body.decode()).get("card", [""])[0].replace(" ", "")
            with processor.lock:
                if order.status == 1:
                    order.status = 3 if card == PAYING_CARD else 12
            processor.notify(order)
            self.send_response(303)
            self.send_header("Location", order.redirect_url)
            self.end_headers()
            return None
        if self.headers.get("Authorization") != processor.api_key:
            return self._json(401, {"message": "Invalid API key"})
        request = simplejson.loads(body or b"{}", use_decimal=True)
        if self.path == "/payment/card/start":
            return self._start(processor, request)
        if self.path == "/operation/status":
            order = processor.orders.get(str(request.get("ntpID", "")))
            if order is None or order.order_id != request.get("orderID"):
                return self._json(404, {"error": {"code": "404", "message": "no such payment"}})
            return self._json(
                200,
                {
                    "payment": {
                        "ntpID": order.ntp_id,
                        "status": order.status,
                        "amount": order.amount,
                    },
                    "order": {"orderID": order.order_id},
                    "error": {"code": "00", "message": ""},
                },
            )
        self._json(404, {"message": "not found"})

    def _start(self, processor: Processor, request: dict[str, Any]) -> None:
        if processor.behaviour.pop("fail_start", False):
            return self._json(500, {"error": {"code": "500", "message": "Service unavailable"}})
        order_data, config = request.get("order") or {}, request.get("config") or {}
        if order_data.get("posSignature") != processor.pos_signature:
            return self._json(400, {"error": {"code": "99", "message": "Invalid POS signature"}})
        amount = order_data.get("amount")
        amount = Decimal(amount) if isinstance(amount, int) else amount
        if not isinstance(amount, Decimal) or amount <= 0 or order_data.get("currency") != "RON":
            return self._json(400, {"error": {"code": "100", "message": "Invalid amount"}})
        with processor.lock:
            existing = next(
                (o for o in processor.orders.values() if o.order_id == order_data.get("orderID")),
                None,
            )
            if existing is not None and (existing.amount != amount or existing.status != 1):
                code = "99" if existing.amount != amount else "56"
                return self._json(400, {"error": {"code": code, "message": "Order closed"}})
            order = existing or Order(
                ntp_id=secrets.token_hex(6),
                order_id=str(order_data.get("orderID")),
                amount=amount,
                notify_url=str(config.get("notifyUrl", "")),
                redirect_url=str(config.get("redirectUrl", "")),
            )
            processor.orders[order.ntp_id] = order
        self._json(
            200,
            {
                "error": {"code": "101", "message": "Redirect user to payment page"},
                "payment": {
                    "ntpID": order.ntp_id,
                    "status": order.status,
                    "amount": order.amount,
                    "currency": "RON",
                    "paymentURL": f"{processor.base_url}/pay/{order.ntp_id}",
                },
            },
        )


class ProcessorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, processor: Processor, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.processor = processor
        processor.base_url = f"http://localhost:{self.server_address[1]}"


def new_private_key() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def serve_in_thread(*, api_key: str, pos_signature: str, port: int = 0) -> ProcessorServer:
    server = ProcessorServer(Processor(api_key, pos_signature, new_private_key()), port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    """``python -m standins.netopia --port N --api-key K --pos P --key-file F``: the demo's
    card processor; it prints "ready <port>" once it listens."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--pos", required=True)
    parser.add_argument("--key-file", required=True)
    arguments = parser.parse_args()
    with open(arguments.key_file, "rb") as handle:
        private_pem = handle.read()
    server = ProcessorServer(
        Processor(arguments.api_key, arguments.pos, private_pem), arguments.port
    )
    print(f"ready {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
