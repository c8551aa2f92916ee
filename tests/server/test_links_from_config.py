"""Links and redirects are built on HER2_CDS_PUBLIC_URL or relative, never on what a client sends (real server).

The test client connects from 127.0.0.1, as a client behind a proxy on the same machine would appear:
gunicorn's own default trusts X-Forwarded-Proto and a SCRIPT_NAME header from there. Here no proxy is
configured (HER2_CDS_TRUSTED_PROXIES), so nothing the client sends may move a link to another site.
"""

from __future__ import annotations

import json
import re
import socket

import pytest

from her2_cds.serving import Served

EVIL = "evil.example"
HOSTILE = {
    "Host": f"{EVIL}",
    "X-Forwarded-Host": EVIL,
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Prefix": f"//{EVIL}",
    "X-Forwarded-Server": EVIL,
    "Forwarded": f"host={EVIL};proto=https",
    "SCRIPT_NAME": f"//{EVIL}",
}
CASE = "setting=neoadjuvant&hormone_receptor_status=positive&tumor_size_cm=2.5&node_status=negative"
# pages with links, the routing redirects (a doubled slash, a trailing slash), and the CDS Hooks cards' links
PATHS = ["/", "/cases", f"/answer?{CASE}", f"/handout?{CASE}", "/cases//first-line-today", "/cases/", "/api/"]
LINK = re.compile(r"""(?:href|src|action|content)\s*=\s*["']([^"']*)""")


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[str, dict[str, str], str]:
    """A raw GET with exactly these headers (http.client would add its own Host); status line, headers, body."""
    lines = [f"GET {path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()), "Connection: close", "", ""]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall("\r\n".join(lines).encode("latin-1"))
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status, *fields = head.decode("latin-1").split("\r\n")
    return status, {k.lower(): v for k, _, v in (f.partition(": ") for f in fields)}, body.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.parametrize("header", sorted(HOSTILE))
@pytest.mark.parametrize("path", PATHS)
def test_no_link_or_redirect_follows_a_hostile_header(server: Served, header: str, path: str) -> None:
    """Each hostile header on each page and redirect: the Location and every link stay on this site."""
    headers = {"Host": "127.0.0.1"} | {header: HOSTILE[header]}
    if header == "SCRIPT_NAME":  # gunicorn takes SCRIPT_NAME only as a prefix of the path
        path = f"//{EVIL}{path}"
    status, fields, body = _get(server.port, path, headers)
    assert not status.startswith("HTTP/1.1 5"), status
    location = fields.get("location", "")
    assert EVIL not in location, location
    assert not location.startswith("//"), location
    links = LINK.findall(body)
    assert not [link for link in links if EVIL in link], path


@pytest.mark.slow
def test_a_doubled_slash_redirects_to_a_path_on_this_site(server: Served) -> None:
    """/cases//x: a 308 to /cases/x, as a path (the browser stays on the address it used)."""
    status, fields, _ = _get(server.port, "/cases//first-line-today?as_of=2020-01-01", {"Host": EVIL})
    assert status.startswith("HTTP/1.1 308")
    assert fields["location"] == "/cases/first-line-today?as_of=2020-01-01"


@pytest.mark.slow
def test_cds_hooks_cards_link_to_the_public_address(server: Served) -> None:
    """A card's links are on the configured address whatever Host and X-Forwarded-Host say."""
    case = {
        "setting": "neoadjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "positive",
        "tumor_size_cm": 2.5,
    }
    body = json.dumps(
        {
            "hook": "org.her2-cds.case-review",
            "hookInstance": "x",
            "context": {"case": case | {"node_status": "negative"}},
        }
    )
    request = (
        f"POST /cds-services/her2-case-review HTTP/1.1\r\nHost: {EVIL}\r\nX-Forwarded-Host: {EVIL}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(request.encode())
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200")
    assert EVIL.encode() not in answer
    assert f"http://127.0.0.1:{server.port}/".encode() in answer
