from __future__ import annotations

import hashlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django_tenants.utils import schema_context, schema_exists
from PIL import Image

from ghiseu.accounts.models import Invitation, Role, User
from ghiseu.audit.models import AuditEvent
from tenants import services
from tenants.models import UAT, Domain
from tenants.services import OnboardingData, uat_onboard

pytestmark = pytest.mark.django_db


def png(size: tuple[int, int] = (32, 32), color: str = "#123456") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return SimpleUploadedFile("stema.png", buffer.getvalue(), content_type="image/png")


def data(**overrides) -> OnboardingData:
    values = dict(
        official_name="Comuna Văliug",
        short_name="Văliug",
        kind="comuna",
        slug="valiug",
        siruta=54485,
        admin_email="primar@valiug.example.org",
        primary_color="#1e5631",
        secondary_color="#e0b000",
    )
    values.update(overrides)
    return OnboardingData(**values)


def nothing_left_of(slug: str, siruta: int) -> bool:
    return (
        not schema_exists(slug.replace("-", "_"))
        and not UAT.objects.filter(slug=slug).exists()
        and not UAT.objects.filter(siruta=siruta).exists()
        and not Domain.objects.filter(domain__startswith=f"{slug}.").exists()
    )


def test_onboarding_creates_a_reachable_portal_with_invited_admin(
    django_capture_on_commit_callbacks, mailoutbox, client
):
    with django_capture_on_commit_callbacks(execute=True):
        uat = uat_onboard(data=data(coat_of_arms=png()))
    assert schema_exists("valiug")
    assert Domain.objects.get(tenant=uat).domain == "valiug.localhost"
    with schema_context("valiug"):
        admin = User.objects.get(email="primar@valiug.example.org")
        assert admin.role == Role.UAT_ADMIN and not admin.has_usable_password()
        assert Invitation.objects.get(user=admin).status == "sent"
    page = client.get("/", HTTP_HOST="valiug.localhost")
    assert page.status_code == 200 and "Comuna Văliug" in page.content.decode()
    arms = client.get("/stema", HTTP_HOST="valiug.localhost")
    assert arms.status_code == 200 and arms["Content-Type"] == "image/png"
    assert uat.coat_of_arms.name.startswith("valiug/branding/")
    assert len(mailoutbox) == 1 and "valiug.localhost:8000/birou/invitatie/" in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="uat.onboarded", object_id=str(uat.pk)).exists()


def test_invited_admin_sets_a_password_and_signs_in(
    django_capture_on_commit_callbacks, mailoutbox, client
):
    with django_capture_on_commit_callbacks(execute=True):
        uat_onboard(data=data())
    link = next(line for line in mailoutbox[0].body.splitlines() if "/birou/invitatie/" in line)
    path = link.split("8000", 1)[1]
    form = client.get(path, HTTP_HOST="valiug.localhost", follow=True)
    assert "Setați parola contului" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "o-parola-buna-2026", "new_password2": "o-parola-buna-2026"},
        HTTP_HOST="valiug.localhost",
        follow=True,
    )
    assert "Sunteți autentificat" in done.content.decode()
    with schema_context("valiug"):
        assert User.objects.get(email="primar@valiug.example.org").check_password(
            "o-parola-buna-2026"
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"slug": "www"}, "slug"),
        ({"slug": "admin"}, "slug"),
        ({"slug": "api"}, "slug"),
        ({"slug": "static"}, "slug"),
        ({"slug": "Văliug"}, "slug"),
        ({"slug": "-valiug"}, "slug"),
        ({"slug": "a--b"}, "slug"),
        ({"slug": "resita-t"}, "slug"),
        ({"siruta": 990001}, "siruta"),
        ({"siruta": 0}, "siruta"),
        ({"primary_color": "red"}, "primary_color"),
        ({"secondary_color": "#12345"}, "secondary_color"),
        ({"admin_email": "not-an-email"}, "admin_email"),
        ({"kind": "regat"}, "kind"),
        ({"official_name": ""}, "official_name"),
        ({"fiscal_code": "12345678"}, "fiscal_code"),
    ],
)
def test_invalid_input_is_refused_with_a_clear_error_and_creates_nothing(world, overrides, field):
    with pytest.raises(ValidationError) as refused:
        uat_onboard(data=data(**overrides))
    assert field in refused.value.message_dict
    assert all(refused.value.message_dict[field])
    slug = overrides.get("slug", "valiug")
    if slug not in {"resita-t"}:
        assert not schema_exists(slug.replace("-", "_")) or slug == "resita-t"
    assert not UAT.objects.filter(official_name="Comuna Văliug").exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("stema.png", b"MZ\x90\x00 this is a windows executable", "image/png"),
        SimpleUploadedFile(
            "stema.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "image/svg+xml"
        ),
    ],
)
def test_a_coat_of_arms_that_is_not_an_image_is_refused(upload):
    with pytest.raises(ValidationError, match="nu este o imagine"):
        uat_onboard(data=data(coat_of_arms=upload))
    assert nothing_left_of("valiug", 54485)


def test_a_coat_of_arms_that_is_too_large_is_refused(settings):
    settings.GHISEU_LOGO_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="prea mare"):
        uat_onboard(data=data(coat_of_arms=png((400, 400))))
    assert nothing_left_of("valiug", 54485)


def test_a_failure_half_way_leaves_no_schema_domain_user_or_file(monkeypatch):
    upload = png(color="#654321")
    digest = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)

    def explode(**kwargs):
        raise RuntimeError("SMTP relay down while inviting")

    monkeypatch.setattr(services, "user_invite", explode)
    with pytest.raises(RuntimeError):
        uat_onboard(data=data(coat_of_arms=upload))
    assert nothing_left_of("valiug", 54485)
    assert not default_storage.exists(f"valiug/branding/coat-of-arms-{digest[:16]}.png")
    assert connection.schema_name == "public"


def test_the_command_onboards_and_reports_errors_clearly(capsys):
    call_command(
        "onboard_uat",
        "--name",
        "Comuna Armeniș",
        "--short-name",
        "Armeniș",
        "--kind",
        "comuna",
        "--slug",
        "armenis",
        "--siruta",
        "51243",
        "--admin-email",
        "primar@armenis.example.org",
    )
    assert "onboarded in" in capsys.readouterr().out
    assert schema_exists("armenis")
    with pytest.raises(CommandError, match="deja"):
        call_command(
            "onboard_uat",
            "--name",
            "Altă comună",
            "--short-name",
            "Alta",
            "--kind",
            "comuna",
            "--slug",
            "armenis",
            "--siruta",
            "51244",
            "--admin-email",
            "x@example.org",
        )


def _schema_shape(schema: str) -> dict[str, object]:
    """Columns, indexes, constraints, triggers and migration records, schema name removed."""
    queries = {
        "columns": "SELECT table_name, column_name, data_type, is_nullable, is_identity "
        "FROM information_schema.columns WHERE table_schema = %s",
        "indexes": "SELECT tablename, replace(indexdef, %s || '.', '') FROM pg_indexes "
        "WHERE schemaname = %s",
        "constraints": "SELECT conrelid::regclass::text, conname, contype FROM pg_constraint "
        "JOIN pg_namespace n ON n.oid = connamespace WHERE n.nspname = %s",
        "triggers": "SELECT event_object_table, trigger_name, event_manipulation "
        "FROM information_schema.triggers WHERE trigger_schema = %s",
    }
    shape: dict[str, object] = {}
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql, [schema] * sql.count("%s"))
            shape[name] = sorted(
                tuple(str(value).replace(f"{schema}.", "") for value in row)
                for row in cursor.fetchall()
            )
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')
        shape["migrations"] = sorted(cursor.fetchall())
    return shape


def test_a_schema_from_the_template_equals_one_built_by_every_migration():
    from tenants import schema_template

    uat_onboard(data=data())
    with transaction.atomic():
        schema_template.schema_create_by_migrations("by_migrations")
        expected = _schema_shape("by_migrations")
    replayed = _schema_shape("valiug")
    assert replayed == expected
    assert ("audit_auditevent", "audit_auditevent_append_only", "UPDATE") in replayed["triggers"]
    assert len(replayed["migrations"]) > 10


def test_onboarding_by_template_falls_back_to_migrations_when_no_template(monkeypatch):
    from tenants import schema_template

    def unavailable(**kwargs):
        raise schema_template.TemplateUnavailable("pg_dump missing")

    monkeypatch.setattr(schema_template, "template_sql", unavailable)
    uat = uat_onboard(data=data())
    with schema_context(uat.schema_name):
        assert User.objects.filter(email="primar@valiug.example.org").exists()


@pytest.mark.parametrize("slug", ["user", "order", "select", "do"])
def test_slugs_that_are_sql_keywords_onboard_normally(slug):
    uat = uat_onboard(data=data(slug=slug))
    assert schema_exists(slug) and uat.schema_name == slug


@pytest.mark.parametrize("slug", ["information-schema", "ghiseu-schema-template", "public"])
def test_slugs_naming_system_schemas_are_refused(slug):
    with pytest.raises(ValidationError) as refused:
        uat_onboard(data=data(slug=slug))
    assert "slug" in refused.value.message_dict


@pytest.mark.parametrize("name", ["Comuna\r\nVăliug", "Comuna\x00Văliug", "Comuna\u2028Văliug"])
def test_names_with_line_breaks_or_control_characters_are_refused(name):
    with pytest.raises(ValidationError) as refused:
        uat_onboard(data=data(official_name=name))
    assert "official_name" in refused.value.message_dict


def test_an_over_long_admin_email_is_refused_not_crashed():
    email = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".ro"
    with pytest.raises(ValidationError) as refused:
        uat_onboard(data=data(admin_email=email))
    assert "admin_email" in refused.value.message_dict


def test_a_broker_outage_after_commit_keeps_the_uat_and_its_coat_of_arms(
    django_capture_on_commit_callbacks, monkeypatch
):
    from ghiseu.accounts import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.invitation_deliver, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        uat = uat_onboard(data=data(coat_of_arms=png(color="#abcdef")))
    assert default_storage.exists(uat.coat_of_arms.name)
    with schema_context("valiug"):
        assert Invitation.objects.get().status == "created"  # the sweeper will queue it


def test_a_phone_camera_jpeg_is_accepted_as_jpeg():
    buffer = BytesIO()
    Image.new("RGB", (40, 40), "#336699").save(buffer, format="MPO")
    upload = SimpleUploadedFile("poza.jpg", buffer.getvalue(), content_type="image/jpeg")
    uat = uat_onboard(data=data(coat_of_arms=upload))
    assert uat.coat_of_arms_content_type == "image/jpeg"
