"""Announcements and the institution's pages: drafts, publish and unpublish, expiry, every
change audited, HTML sanitized when stored and shown; the feed parses as Atom; the home page
shows the counter's search first, then the latest announcements and acts."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from ghiseu.audit.models import AuditEvent
from website.content.models import Announcement, Page
from website.content.services import (
    AnnouncementData,
    announcement_publish,
    announcement_save,
    announcement_unpublish,
    page_set_published,
)
from website.tests.helpers import register_act, secretary, signed_in

pytestmark = pytest.mark.django_db


def announce(
    title: str = "Licitație pentru iluminatul public", *, publish: bool = True, **extra
) -> Announcement:
    item = announcement_save(
        user=None,
        data=AnnouncementData(
            title=title,
            category=extra.pop("category", "achizitii-publice"),
            body_html=extra.pop(
                "body_html", "<p>Ofertele se depun până la <strong>15.12.2026</strong>.</p>"
            ),
            **extra,
        ),
    )
    return announcement_publish(user=None, announcement_id=item.pk) if publish else item


def test_a_draft_is_not_public_until_published_and_unpublishing_hides_it_again(world):
    with schema_context("resita_t"):
        item = announce(publish=False)
    client = world.resita.client()
    assert client.get(item.public_path).status_code == 404
    assert "iluminatul" not in client.get("/anunturi/").content.decode()
    with schema_context("resita_t"):
        announcement_publish(user=None, announcement_id=item.pk)
    assert client.get(item.public_path).status_code == 200
    with schema_context("resita_t"):
        announcement_unpublish(user=None, announcement_id=item.pk)
        actions = list(
            AuditEvent.objects.filter(object_id=str(item.pk), object_type="website.announcement")
            .order_by("id")
            .values_list("action", flat=True)
        )
    assert actions == [
        "site.announcement_created",
        "site.announcement_published",
        "site.announcement_unpublished",
    ]
    assert client.get(item.public_path).status_code == 404


def test_an_expired_announcement_leaves_the_site(world):
    with schema_context("resita_t"):
        item = announce(expires_on=timezone.localdate())
        Announcement.objects.filter(pk=item.pk).update(
            expires_on=timezone.localdate() - timedelta(days=1)
        )
    assert world.resita.client().get(item.public_path).status_code == 404


def test_script_event_handlers_and_javascript_links_are_removed_when_stored_and_shown(world):
    payload = '<p onmouseover="alert(1)">Ședință <script>alert(2)</script><a href="javascript:alert(3)">aici</a> <img src=x onerror=alert(4)></p>'
    with schema_context("resita_t"):
        item = announce(body_html=payload, category="sedinte-publice")
        stored = Announcement.objects.get(pk=item.pk).body_html
        # A row written some other way is sanitized again when shown.
        Announcement.objects.filter(pk=item.pk).update(body_html=payload)
    for html in [stored, world.resita.client().get(item.public_path).content.decode()]:
        for bad in ["<script>alert", "onmouseover", "javascript:", "onerror"]:
            assert bad not in html
    assert "Ședință" in stored


def test_the_staff_editor_saves_drafts_and_a_clerk_cannot(world):
    with schema_context("resita_t"):
        secretary()
    client = signed_in(world.resita, "secretar@resita-t.example.org")
    bad = client.post(
        "/birou/site/anunturi/nou/",
        {"title": " ", "category": "nu-exista", "expires_on": "2000-01-01"},
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Data de expirare a trecut" in text or "titlul" in text.lower()
    created = client.post(
        "/birou/site/anunturi/nou/",
        {
            "title": "Concurs pentru postul de inspector",
            "category": "cariera",
            "body_html": "<p>Dosarele <b>până la</b> 20.12.</p>",
        },
    )
    assert created.status_code == 302
    with schema_context("resita_t"):
        item = Announcement.objects.get()
        assert item.published_at is None and item.slug == "concurs-pentru-postul-de-inspector"
    assert (
        client.post(f"/birou/site/anunturi/{item.pk}/publicare/", {"publish": "1"}).status_code
        == 302
    )
    assert (
        world.resita.client().get("/anunturi/concurs-pentru-postul-de-inspector/").status_code
        == 200
    )
    clerk = signed_in(world.resita, world.resita.clerk_email)
    assert clerk.get("/birou/site/anunturi/").status_code == 403
    assert (
        clerk.post(f"/birou/site/anunturi/{item.pk}/publicare/", {"publish": "0"}).status_code
        == 403
    )
    assert clerk.post("/birou/site/pagini/contact/", {"title": "x"}).status_code == 403
    with schema_context("resita_t"):
        assert Announcement.objects.get().published_at is not None


def test_the_public_information_page_is_structured_by_legea_544_article_5(world):
    with schema_context("resita_t"):
        secretary()
    client = signed_in(world.resita, "secretar@resita-t.example.org")
    response = client.post(
        "/birou/site/pagini/informatii-de-interes-public/",
        {
            "title": "Informații de interes public",
            "body_html": "<p>Lista prevăzută de art. 5.</p>",
            "part_c": "<p>Primar: Ion Popescu<script>x</script></p>",
            "part_e": "<p>Bugetul local este publicat în MOL.</p>",
        },
    )
    assert response.status_code == 302
    public = world.resita.client()
    assert public.get("/institutia/informatii-de-interes-public/").status_code == 404  # a draft
    client.post("/birou/site/pagini/informatii-de-interes-public/", {"publish": "1"})
    html = public.get("/institutia/informatii-de-interes-public/").content.decode()
    assert "Primar: Ion Popescu" in html and "<script>x" not in html
    assert "i) modalitățile de contestare" in html  # every letter is listed, filled or not
    assert public.get("/institutia/nu-exista/").status_code == 404
    with schema_context("resita_t"):
        assert Page.objects.get().parts.keys() == {"c", "e"}
        page_set_published(user=None, kind="informatii-de-interes-public", published=False)
    assert public.get("/institutia/informatii-de-interes-public/").status_code == 404


def test_the_announcements_feed_is_valid_atom_and_lists_only_public_items(world):
    with schema_context("resita_t"):
        announce("Anunț publicat")
        announce("Anunț ciornă", publish=False)
    response = world.resita.client().get("/anunturi/atom.xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and [e.title for e in feed.entries] == ["Anunț publicat"]


def test_search_finds_announcements_and_acts_without_diacritics(world):
    with schema_context("resita_t"):
        announce("Ședința publică a consiliului local", category="sedinte-publice")
        register_act(title="privind închirierea pășunilor comunale")
    client = world.resita.client()
    html = client.get("/cautare/", {"q": "sedinta publica"}).content.decode()
    assert "Ședința publică" in html
    html = client.get("/cautare/", {"q": "pasunilor"}).content.decode()
    assert "pășunilor" in html
    assert (
        "Ședința"
        in client.get(
            "/anunturi/", {"q": "ŞEDINŢA", "categorie": "sedinte-publice"}
        ).content.decode()
    )
    for params in [{"q": "\x00"}, {"categorie": "\x00"}, {"pagina": "99999999999"}]:
        assert client.get("/anunturi/", params).status_code == 200


def test_the_home_shows_the_service_search_first_then_announcements_and_acts(
    world, django_assert_max_num_queries
):
    with schema_context("resita_t"):
        announce("Program de iarnă la ghișeu")
        register_act(title="privind bugetul local")
    with django_assert_max_num_queries(12):
        html = world.resita.client().get("/").content.decode()
    search, news, acts = (
        html.index("Căutați un serviciu"),
        html.index("Program de iarnă"),
        html.index("Hotărârea nr. 1/2026"),
    )
    assert search < news < acts


def test_the_sitemap_lists_public_pages_only(world):
    with schema_context("resita_t"):
        register_act(title="privind bugetul")
        register_act(title="privind un proiect", publish=False)
        announce("Anunț")
    xml = world.resita.client().get("/sitemap.xml").content.decode()
    assert "/mol/hotarari/2026/1/" in xml and "/mol/hotarari/2026/2/" not in xml
    assert "/anunturi/anunt/" in xml and "/mol/statut/" in xml
