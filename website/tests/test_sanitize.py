"""Rich text from the staff against a catalogue of XSS payloads: each is stored and shown
without anything that runs (script, event handlers, javascript:/data: links, styles, frames)."""

from __future__ import annotations

import re

import pytest

from website.sanitize import sanitized

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=`javascript:alert(1)`>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<a href="https://ok.example" onmouseover=alert(1)>x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    "<style>@import 'http://xss.example/xss.css';</style>",
    "<link rel=stylesheet href=http://xss.example/xss.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<base href="javascript:alert(1)//">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "<!--<script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '<a href="#" xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="javascript:alert(1)">x</a>',
    '<video><source onerror="alert(1)"></video>',
    "<marquee onstart=alert(1)>x</marquee>",
]

DANGEROUS = re.compile(
    r"<\s*(script|style|iframe|object|embed|form|input|svg|math|meta|link|base|img|video|template)"
    r"|\bon[a-z]+\s*=|javascript:|vbscript:|data:|expression\(|style\s*=|srcdoc",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_sanitizing(payload):
    cleaned = sanitized(payload)
    assert not DANGEROUS.search(cleaned), cleaned


def test_allowed_structure_and_safe_links_are_kept():
    html = (
        "<h2>Program</h2><p>Luni <strong>8–16</strong>, <em>vineri</em> 8–14.</p>"
        '<ul><li><a href="https://www.example.ro/">site</a></li><li><a href="mailto:a@b.ro">mail</a></li>'
        '<li><a href="/mol/hotarari/">relativ</a></li></ul>'
    )
    cleaned = sanitized(html)
    for kept in [
        "<h2>Program</h2>",
        "<strong>8–16</strong>",
        "<em>vineri</em>",
        'href="https://www.example.ro/"',
        'href="mailto:a@b.ro"',
        'href="/mol/hotarari/"',
    ]:
        assert kept in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned
