"""A UAT's staff with departments, and cases opened the way the portal opens them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from dms.cases.services import Intake, case_open
from dms.models import Case, Department
from ghiseu.accounts.models import Role, User

PASSWORD = "parola-de-test-2026"


def intake(**overrides: Any) -> Intake:
    """An online filing; ``department`` may name the department (as the offers did)."""
    values: dict[str, Any] = dict(
        service_code="petitie",
        service_title="Petiție",
        service_version=1,
        term_days=30,
        term_unit="calendar",
        extension_days=15,
        department="Urbanism",
        file_code="I-4",
        citizen_name="Ana Pop",
        citizen_email="ana@example.org",
        citizen_phone="+40722123456",
        answers={"content": "Groapă pe strada Școlii"},
        summary="Petiție: groapă pe strada Școlii",
        submission_key=uuid.uuid4().hex,
        tracking_url_template="http://resita-t.localhost/cerere/{token}/",
    )
    values.update(overrides)
    department = values.get("department")
    if isinstance(department, str):
        values["department"] = Department.objects.filter(name__iexact=department).first()
    values.setdefault("channel", "online")
    return Intake(**values)


def register(**overrides: Any) -> Case:
    return case_open(intake=intake(**overrides))


@dataclass
class Office:
    """Reșița's staff: a registrar, an administrator, and two departments with a head and a
    clerk each (plus the world's clerk in Urbanism)."""

    admin: User
    registrar: User
    urbanism: Department
    taxes: Department
    head: User
    clerk: User
    other_clerk: User
    tax_head: User


def staff(email: str, role: str, name: str) -> User:
    return User.objects.create_user(email, PASSWORD, role=role, full_name=name)


def office(world: Any) -> Office:
    """Build inside the current (Reșița) schema; the test's transaction rolls it back."""
    head = staff("sef.urbanism@resita-t.example.org", Role.HEAD, "Maria Ionescu")
    tax_head = staff("sef.taxe@resita-t.example.org", Role.HEAD, "Dan Stan")
    clerk = User.objects.get(email=world.resita.clerk_email)
    other_clerk = staff("taxe@resita-t.example.org", Role.CLERK, "Vlad Taxe")
    urbanism = Department.objects.create(name="Urbanism", head=head)
    urbanism.members.add(clerk)
    taxes = Department.objects.create(name="Taxe și impozite", head=tax_head)
    taxes.members.add(other_clerk)
    return Office(
        admin=User.objects.get(email=world.resita.admin_email),
        registrar=staff("registratura@resita-t.example.org", Role.REGISTRAR, "Ioana Reg"),
        urbanism=urbanism,
        taxes=taxes,
        head=head,
        clerk=clerk,
        other_clerk=other_clerk,
        tax_head=tax_head,
    )
