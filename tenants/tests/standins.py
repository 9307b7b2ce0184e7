"""Local stand-ins for the outside world a domain proof talks to: a DNS server answering
from a table, and a web server serving files per Host header. Both on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dns.message
import dns.rdatatype
import dns.rrset


class DnsStandIn:
    def __init__(self) -> None:
        self.records: dict[tuple[str, str], list[str]] = {}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def add(self, name: str, rtype: str, value: str) -> None:
        self.records.setdefault((name.rstrip(".").lower(), rtype), []).append(value)

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                wire, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            query = dns.message.from_wire(wire)
            response = dns.message.make_response(query)
            question = query.question[0]
            name = question.name.to_text().rstrip(".").lower()
            rtype = dns.rdatatype.to_text(question.rdtype)
            values = self.records.get((name, rtype), [])
            if values:
                response.answer.append(
                    dns.rrset.from_text_list(question.name, 60, "IN", rtype, values)
                )
            else:
                response.set_rcode(3)  # NXDOMAIN
            self.sock.sendto(response.to_wire(), peer)

    def stop(self) -> None:
        self._stop.set()
        self.thread.join()
        self.sock.close()


class _Files(BaseHTTPRequestHandler):
    files: dict[tuple[str, str], bytes] = {}

    def do_GET(self) -> None:
        body = self.files.get((self.headers.get("Host", ""), self.path))
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        self.wfile.write(body or b"not found")

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def outside_world(settings) -> Iterator[tuple[DnsStandIn, dict[tuple[str, str], bytes]]]:
    dns_server = DnsStandIn()
    dns_server.thread.start()
    files: dict[tuple[str, str], bytes] = {}
    handler = type("Files", (_Files,), {"files": files})
    web = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    settings.GHISEU_DNS_NAMESERVERS = ["127.0.0.1"]
    settings.GHISEU_DNS_PORT = dns_server.port
    settings.GHISEU_DOMAIN_PROOF_HTTP_PORT = web.server_address[1]
    settings.GHISEU_DOMAIN_PROOF_ALLOW_PRIVATE = True
    try:
        yield dns_server, files
    finally:
        web.shutdown()
        web.server_close()
        dns_server.stop()
