"""One UAT out of one platform database and into another (``uat_export`` / ``uat_import``).

The source and the target are two databases of their own on the test's PostgreSQL server, each
an empty platform (public schema migrated, catalog seeded), with storages in two folders. The
source UAT has cases with documents, a case forwarded to another UAT, notifications and usage;
its portal, as the citizen and the staff see it, must read the same after the move.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client, override_settings
from django_tenants.utils import schema_context, schema_exists
from PIL import Image

from dms.cases import forwarding
from dms.documents.files import CASES, CheckedFile, file_store
from dms.models import Case, Document, RegistryEntry
from dms.tests.factories import register
from ghiseu.accounts.models import User
from ghiseu.audit.models import AuditEvent
from ghiseu.notifications.models import Notification
from services_catalog.models import ServiceTemplate
from tenants.models import UAT, DomainClaim
from tenants.services import OnboardingData, uat_onboard
from tenants.tests.databases import database_create, database_drop, on_database, platform_create
from tenants.transfer.archive import ArchiveDamaged, TransferRefused
from tenants.transfer.importing import uat_import
from website.county.models import CountyAct
from website.mol.models import Act
from website.tests.helpers import register_act, secretary

pytestmark = pytest.mark.django_db

SOURCE, TARGET = "ghiseu_transfer_source", "ghiseu_transfer_target"
SLUG, SCHEMA, SIRUTA = "transfer-t", "transfer_t", 990010
HOST = f"{SLUG}.localhost"
PASSWORD = "parola-de-test-2026"
ADMIN = f"admin@{SLUG}.example.org"
CLAIMED = "primaria-transfer.example.ro"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# What differs between two renderings of the same page: per-response nonces and CSRF tokens.
VOLATILE = re.compile(rb'(nonce|value)="[A-Za-z0-9+/=_-]{16,}"')
# The case page offers every other UAT of the platform to forward to: the target has none.
OTHER_UATS = re.compile(rb'<option value="(partener-t|vechi-t)">[^<]*</option>')
SPACE = re.compile(rb"\s+")


@dataclass
class Moved:
    archive: Path
    older_archive: Path
    before: dict[str, Any]
    after: dict[str, Any]


def storage_at(path: Path) -> override_settings:
    return override_settings(
        STORAGES={
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(path)},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 24), "#7a1f1f").save(buffer, format="PNG")
    return SimpleUploadedFile("stema.png", buffer.getvalue(), content_type="image/png")


def onboard(slug: str, siruta: int, **extra: Any) -> UAT:
    return uat_onboard(
        data=OnboardingData(
            official_name=f"Comuna {slug.title()}",
            short_name=slug.title(),
            kind="comuna",
            slug=slug,
            siruta=siruta,
            admin_email=f"admin@{slug}.example.org",
            **extra,
        )
    )


def with_attachment(name: str, content: bytes) -> Case:
    stored = file_store(
        CheckedFile(name=name, content=content, content_type="application/pdf", extension="pdf"),
        folder=CASES,
    )
    return register(
        documents=(asdict(stored),),
        answers={"plan": asdict(stored), "text": name},
        tracking_url_template=f"http://{HOST}/cerere/{{token}}/",
        submission_key=uuid.uuid4().hex,
    )


def build_source() -> None:
    """Committed, in the source database: the UAT, its staff, cases, documents, a case
    forwarded to another UAT of the platform, notifications and usage."""
    uat = onboard(SLUG, SIRUTA, coat_of_arms=png())
    onboard("partener-t", SIRUTA + 1)
    DomainClaim.objects.create(uat=uat, hostname=CLAIMED, token="dovada-" + "x" * 20)
    with schema_context(SCHEMA):
        admin = User.objects.get(email=ADMIN)
        admin.set_password(PASSWORD)
        admin.save()
        for n in range(3):
            with_attachment(f"plan-{n}.pdf", PDF + str(n).encode())
        forwarded = register(tracking_url_template=f"http://{HOST}/cerere/{{token}}/")
        forwarding.case_forward_external(
            case_id=forwarded.pk,
            user=admin,
            revision=None,
            institution="",
            target_uat_slug="partener-t",
            note="Drumul este în administrarea partenerului.",
        )
        register_act(user=secretary(f"secretar@{SLUG}.example.org"))


def build_older() -> None:
    """A UAT whose schema is one migration behind the code (as after a failed deploy)."""
    onboard("vechi-t", SIRUTA + 2)
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    leaf = max((node for node in graph.leaf_nodes() if node[0] == "dms"), key=str)
    parent = sorted(node for node in graph.node_map[leaf].parents if node[0] == "dms")[0]
    call_command(
        "migrate_schemas", "dms", parent[1], schema_name="vechi_t", interactive=False, verbosity=0
    )


def portal() -> dict[str, Any]:
    """What the citizen and the staff read on the UAT's portal."""
    pages: dict[str, Any] = {}
    with schema_context(SCHEMA):
        cases = list(Case.objects.order_by("pk").values_list("pk", "tracking_token"))
        pages["cases"] = [pk for pk, _token in cases]
        documents = list(Document.objects.order_by("pk").values_list("pk", "case_id"))
        pages["numbers"] = list(RegistryEntry.objects.order_by("pk").values_list("year", "number"))
        pages["notifications"] = list(
            Notification.objects.order_by("pk").values_list("channel", "status", "recipient")
        )
        acts = [
            (act.public_path, [f.pk for f in act.files.all()]) for act in Act.objects.order_by("pk")
        ]
    citizen = Client(HTTP_HOST=HOST)
    staff = Client(HTTP_HOST=HOST)
    staff.post("/birou/autentificare/", {"username": ADMIN, "password": PASSWORD})
    paths = [(citizen, "/"), (citizen, "/stema"), (staff, "/birou/dosare/")]
    paths += [(staff, "/birou/notificari/"), (staff, "/birou/registratura/")]
    paths += [(citizen, f"/cerere/{token}/") for _pk, token in cases]
    paths += [(staff, f"/birou/dosare/{pk}/") for pk, _token in cases]
    paths += [(staff, f"/birou/dosare/{case}/documente/{pk}/") for pk, case in documents]
    paths += [(citizen, "/mol/")] + [(citizen, path) for path, _files in acts]
    paths += [(citizen, f"{path}fisiere/{pk}/") for path, files in acts for pk in files]
    for client, path in paths:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        body = SPACE.sub(b" ", OTHER_UATS.sub(b"", VOLATILE.sub(rb'\1="-"', body)))
        pages[path] = (response.status_code, body)
    from billing_reporting.models import UsageEvent, UsageMonth

    pages["usage"] = sorted(
        UsageMonth.objects.filter(schema_name=SCHEMA).values_list("kind", "month", "quantity")
    )
    pages["usage events"] = UsageEvent.objects.filter(schema_name=SCHEMA).count()
    # The county index (<base-domain>/acte/) reads these rows, and finds them after the move.
    pages["county index"] = list(
        CountyAct.objects.filter(schema_name=SCHEMA).values_list("path", "title", "search_text")
    )
    pages["domain claims"] = list(
        DomainClaim.objects.filter(uat__slug=SLUG).values_list("hostname", "status", "token")
    )
    return pages


@pytest.fixture(scope="module")
def moved(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Moved]:
    root = tmp_path_factory.mktemp("transfer")
    archive, older = root / "transfer.tar", root / "vechi.tar"
    with django_db_blocker.unblock():
        try:
            platform_create(SOURCE)
            database_create(TARGET, copy_of=SOURCE)  # the same empty platform
            with storage_at(root / "source"):
                on_database(SOURCE, build_source)
                on_database(SOURCE, build_older)
                cache.clear()
                before = on_database(SOURCE, portal)
                on_database(SOURCE, lambda: call_command("uat_export", SLUG, output=archive))
                on_database(SOURCE, lambda: call_command("uat_export", "vechi-t", output=older))
            with storage_at(root / "target"):
                cache.clear()
                on_database(TARGET, lambda: call_command("uat_import", str(archive)))
                cache.clear()
                after = on_database(TARGET, portal)
                yield Moved(archive, older, before, after)
        finally:
            cache.clear()
            database_drop(SOURCE)
            database_drop(TARGET)


def test_the_moved_uat_shows_the_same_pages_cases_numbers_and_documents(moved):
    assert moved.before["numbers"] and len(moved.before["notifications"]) >= 8
    assert moved.before["usage"], "the usage ledger moves with the UAT"
    assert moved.before["county index"], "the county index's rows move with the UAT"
    for key, value in moved.before.items():
        assert moved.after[key] == value, key
    statuses = {path: page[0] for path, page in moved.after.items() if path.startswith("/")}
    assert set(statuses.values()) == {200}, statuses


def test_the_archive_lists_every_member_with_its_sha256(moved):
    with tarfile.open(moved.archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        documents = [o for o in manifest["objects"] if "/cases/" in o["key"]]
        assert len(documents) == 3
        for member, expected in manifest["members"].items():
            assert hashlib.sha256(tar.extractfile(member).read()).hexdigest() == expected["sha256"]
    assert manifest["uat"] == {
        "slug": SLUG,
        "schema_name": SCHEMA,
        "siruta": SIRUTA,
        "official_name": "Comuna Transfer-T",
    }
    assert {p["model"] for p in manifest["public"]} >= {
        "tenants.uat",
        "tenants.domain",
        "billing_reporting.usageevent",
        "billing_reporting.usagemonth",
        "tenants.domainclaim",
        "website_county.countyact",
    }


def test_registration_continues_the_numbering_after_the_move(moved, tmp_path):
    def next_case() -> tuple[int, int, int]:
        with schema_context(SCHEMA):
            case = register(tracking_url_template=f"http://{HOST}/cerere/{{token}}/")
            return case.entry.year, case.entry.number, case.pk

    with storage_at(tmp_path):
        year, number, pk = on_database(TARGET, next_case)
    last_year, last_number = max(moved.before["numbers"])
    assert (year, number) == (last_year, last_number + 1)
    assert pk > max(moved.before["cases"])


def test_an_archive_one_migration_behind_is_migrated_forward_on_import(moved, tmp_path):
    def imported_state() -> set[tuple[str, str]]:
        call_command("uat_import", str(moved.older_archive))
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM vechi_t.django_migrations")
            return set(cursor.fetchall())

    with storage_at(tmp_path):
        applied = on_database(TARGET, imported_state)
    assert applied >= set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def test_importing_a_uat_the_database_already_has_is_refused(moved, tmp_path):
    def again() -> str:
        with pytest.raises(CommandError) as refusal:
            call_command("uat_import", str(moved.archive))
        return str(refusal.value)

    with storage_at(tmp_path):
        message = on_database(TARGET, again)
    assert message == f"Există deja un UAT cu subdomeniul „{SLUG}”."


# ---------------------------------------------------------------- refusals, into the test world


def nothing_imported() -> bool:
    try:
        default_storage.listdir(SCHEMA)
    except FileNotFoundError:
        stored = False
    else:
        stored = True
    return (
        not UAT.objects.filter(slug=SLUG).exists()
        and not schema_exists(SCHEMA)
        and not stored
        and not AuditEvent.objects.filter(action="uat.imported").exists()
    )


@pytest.fixture
def own_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }


def rewritten(source: Path, target: Path, change: Any) -> Path:
    """A copy of the archive with its manifest changed by ``change(manifest)``."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            if member.name == "manifest.json":
                manifest = json.load(old.extractfile(member))
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
            else:
                new.addfile(member, old.extractfile(member))
    return target


def damaged(source: Path, target: Path, member_part: str) -> Path:
    """A copy of the archive with one byte of the first member named like ``member_part``
    changed, as a bad disk or a broken transfer would."""
    data = bytearray(source.read_bytes())
    with tarfile.open(source) as tar:
        member = next(m for m in tar.getmembers() if member_part in m.name)
    data[member.offset_data + member.size // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def test_a_damaged_document_refuses_the_import_and_changes_nothing(
    moved, world, own_storage, tmp_path
):
    with pytest.raises(ArchiveDamaged, match="nu are amprenta SHA-256"):
        uat_import(source=damaged(moved.archive, tmp_path / "x.tar", "/cases/"))
    assert nothing_imported()


@pytest.mark.parametrize("member", ["/cases/", "manifest.json"])
def test_an_archive_cut_short_is_refused_as_damaged(moved, world, own_storage, tmp_path, member):
    with tarfile.open(moved.archive) as tar:
        cut = next(m for m in tar.getmembers() if member in m.name)
    (tmp_path / "cut.tar").write_bytes(moved.archive.read_bytes()[: cut.offset_data + 10])
    with pytest.raises(ArchiveDamaged):
        uat_import(source=tmp_path / "cut.tar")
    assert nothing_imported()


def test_a_file_that_is_not_an_archive_is_refused_clearly(world, own_storage, tmp_path):
    (tmp_path / "notes.tar").write_text("nu este o arhivă")
    with pytest.raises(CommandError, match="nu este o arhivă Ghișeu întreagă"):
        call_command("uat_import", str(tmp_path / "notes.tar"))
    with pytest.raises(CommandError, match="nu există"):
        call_command("uat_import", str(tmp_path / "missing.tar"))


def test_an_archive_from_newer_code_is_refused(moved, world, own_storage, tmp_path):
    def from_the_future(manifest: dict[str, Any]) -> None:
        manifest["migrations"]["schema"].append(["dms", "9999_from_the_future"])

    with pytest.raises(TransferRefused, match=r"versiune mai nouă.*dms\.9999_from_the_future"):
        uat_import(source=rewritten(moved.archive, tmp_path / "new.tar", from_the_future))
    assert nothing_imported()


def test_a_siruta_code_held_by_another_uat_is_refused(moved, world, own_storage):
    onboard("alta-t", SIRUTA)
    with pytest.raises(
        TransferRefused, match=f"SIRUTA {SIRUTA} este deja folosit de Comuna Alta-T"
    ):
        uat_import(source=moved.archive)
    assert nothing_imported()


def test_a_catalog_service_missing_here_is_refused(moved, world, own_storage):
    ServiceTemplate.objects.filter(code="petitie").update(code="petitie-veche")
    with pytest.raises(TransferRefused, match=r"nu are .*petitie"):
        uat_import(source=moved.archive)
    assert nothing_imported()


def test_other_content_at_one_of_the_archive_keys_is_refused(moved, world, own_storage):
    with tarfile.open(moved.archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    key = next(o["key"] for o in manifest["objects"] if "/cases/" in o["key"])
    default_storage.save(key, io.BytesIO(b"something else"))
    with pytest.raises(TransferRefused, match="alt conținut"):
        uat_import(source=moved.archive)
    assert UAT.objects.filter(slug=SLUG).exists() is False and not schema_exists(SCHEMA)


def test_a_custom_domain_claimed_here_meanwhile_is_refused(moved, world, own_storage):
    DomainClaim.objects.create(uat=world.resita.uat, hostname=CLAIMED, token="t" * 20)
    with pytest.raises(TransferRefused, match=f"deja date care se bat cu arhiva .*{CLAIMED}"):
        uat_import(source=moved.archive)
    assert nothing_imported()


def test_an_object_key_outside_the_uat_is_refused(moved, world, own_storage, tmp_path):
    def escape(manifest: dict[str, Any]) -> None:
        manifest["objects"][0]["key"] = "resita_t/cases/intrus.pdf"

    with pytest.raises(ArchiveDamaged, match="nu este sub transfer_t/"):
        uat_import(source=rewritten(moved.archive, tmp_path / "escape.tar", escape))
    assert nothing_imported()


def test_into_a_platform_on_another_base_domain_the_portal_address_follows(
    moved, world, own_storage, settings
):
    settings.GHISEU_BASE_DOMAIN = "ghiseu.example.ro"
    report = uat_import(source=moved.archive)
    assert list(report.uat.domains.values_list("domain", flat=True)) == [
        "transfer-t.ghiseu.example.ro"
    ]
    assert UAT.objects.count() == 3  # next to the world's two UATs
    event = AuditEvent.objects.get(action="uat.imported")
    # Three case documents, the coat of arms and the MOL act's PDF.
    assert event.data["archive"] == "transfer.tar" and event.data["objects"] == report.objects == 5


def test_exporting_an_unknown_uat_is_refused_clearly(world, tmp_path):
    with pytest.raises(CommandError, match="Nu există niciun UAT cu subdomeniul „nicaieri”"):
        call_command("uat_export", "nicaieri", output=tmp_path / "x.tar")
    assert not (tmp_path / "x.tar").exists() and not (tmp_path / "x.tar.partial").exists()
