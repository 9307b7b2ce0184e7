"""What a citizen typed reaches the staff as text that cannot pretend to be something else: a
right-to-left override (U+202E) in a name would show "Ion" U+202E "fdp.exe" as "Ionexe.pdf" in the
inbox; every staff page drops the bidirectional controls and isolates the citizen's text."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from dms.cases import actions as case_actions
from dms.cases.tests.test_case_page import attach
from dms.cases.tests.test_inbox import signed_in
from dms.tests.factories import office, register
from ghiseu.ops.text import bidi_neutral

pytestmark = pytest.mark.django_db
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
SPOOFED = "Ion\u202efdp.exe"


def test_a_right_to_left_override_is_shown_to_staff_neither_raw_nor_active(
    world, django_capture_on_commit_callbacks
):
    with schema_context("resita_t"):
        staff = office(world)
        case = register(
            citizen_name=SPOOFED,
            summary="Petiție: \u202egroapă",
            answers={"content": "Strada \u2067Școlii\u2069 nr. 2"},
        )
        attach(case, name="schi\u202eța.pdf")
        case_actions.case_assign(
            case_id=case.pk, user=staff.head, revision=None, assignee=staff.clerk
        )
    registrar = signed_in(world, staff.registrar)
    pages = {
        "inbox": registrar.get("/birou/dosare/"),
        "case": registrar.get(f"/birou/dosare/{case.pk}/"),
        "registry": registrar.get("/birou/registratura/"),
        "notifications": registrar.get("/birou/notificari/"),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        found = [html[max(0, i - 60) : i + 20] for i, ch in enumerate(html) if ch in BIDI]
        assert not found, f"a bidirectional control reaches the {name} page: {found}"
    assert "<bdi>Ionfdp.exe</bdi>" in pages["inbox"].content.decode()
    case_page = pages["case"].content.decode()
    assert "<bdi>Ionfdp.exe</bdi>" in case_page and "<bdi>schița.pdf</bdi>" in case_page
    assert "<bdi>Strada Școlii nr. 2</bdi>" in case_page
    export = registrar.get("/birou/registratura/export.csv")
    csv = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Ionfdp.exe" in csv and not set(BIDI) & set(csv)


def test_the_rule_drops_every_bidirectional_control_and_nothing_else():
    assert bidi_neutral(f"Ana{BIDI}Pop – شيماء, 12/01.12.2026") == "AnaPop – شيماء, 12/01.12.2026"
