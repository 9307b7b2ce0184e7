"""Writes on the MOL: registering an act under its register's next number, its files, its
publication and its communication to the prefect, links between acts. Each write is one
transaction with its audit event and, for a published act, its row in the county index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ghiseu.audit.services import audit_record
from ghiseu.ops.text import fold
from website.county.services import county_act_sync
from website.dates import past_date_check
from website.documents import CheckedFile, StoredPdf, printable, site_file_store
from website.registers import register_lock

from .models import Act, ActFile, ActKind, ActRelation, FileRole, RelationKind, Section
from .prefect import prefect_due_for

MAX_ANNEXES = 20


@dataclass(frozen=True)
class ActData:
    section: str
    title: str
    kind: str
    adopted_on: date
    pdf: CheckedFile
    number: int | None = None  # the number the secretary expects; None: the next one
    in_force_on: date | None = None
    annexes: tuple[tuple[str, CheckedFile], ...] = ()
    publish: bool = False


def _validate(data: ActData, today: date) -> None:
    errors: dict[str, str] = {}
    if data.section not in Section.values:
        errors["section"] = _("Secțiune necunoscută.")
    if data.kind not in ActKind.values:
        errors["kind"] = _("Alegeți caracterul actului.")
    if not " ".join(data.title.split()):
        errors["title"] = _("Scrieți titlul actului.")
    try:
        past_date_check(data.adopted_on, field="adopted_on", today=today)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if data.in_force_on is not None and data.in_force_on < data.adopted_on:
        errors["in_force_on"] = _("Un act nu intră în vigoare înainte de a fi adoptat.")
    if len(data.annexes) > MAX_ANNEXES:
        errors["annexes"] = _("Cel mult %(n)s anexe.") % {"n": MAX_ANNEXES}
    if errors:
        raise ValidationError(errors)


def _file_create(act: Act, stored: StoredPdf, *, role: str, title: str = "") -> ActFile:
    return ActFile.objects.create(
        act=act,
        role=role,
        title=title[:200],
        name=stored.name,
        sha256=stored.sha256,
        size=stored.size,
        storage_key=stored.storage_key,
        text=stored.text,
        signature_status=stored.signature_status,
        signature_detail=stored.signature_detail,
    )


def act_register(*, user: Any, data: ActData) -> Act:
    """Register an act under the next number of its section's register for the year of its
    adoption. A number the secretary typed must be that next number: a number already taken,
    or one that would leave a gap, is refused and nothing is registered."""
    today = timezone.localdate()
    _validate(data, today)
    # Files are stored before the transaction: content-addressed, so a copy nobody registers
    # is harmless, and the register's lock is not held while PDFs are read.
    main = site_file_store(data.pdf)
    annexes = [(title, site_file_store(checked)) for title, checked in data.annexes]
    year = data.adopted_on.year
    with transaction.atomic():
        counter = register_lock(register=data.section, year=year)
        expected = counter.last_number + 1
        if data.number is not None and data.number != expected:
            if data.number < expected:
                message = _(
                    "Numărul %(number)s/%(year)s este deja înregistrat. Următorul număr liber "
                    "este %(next)s."
                )
            else:
                message = _(
                    "Registrul nu poate avea goluri: următorul număr din %(year)s este "
                    "%(next)s, nu %(number)s."
                )
            raise ValidationError(
                {"number": message % {"number": data.number, "year": year, "next": expected}},
                code="number_taken" if data.number < expected else "number_gap",
            )
        counter.last_number = expected
        counter.save(update_fields=["last_number"])
        act = Act.objects.create(
            section=data.section,
            year=year,
            number=expected,
            adopted_on=data.adopted_on,
            title=" ".join(data.title.split())[:500],
            kind=data.kind,
            in_force_on=data.in_force_on,
            prefect_due=prefect_due_for(section=data.section, adopted_on=data.adopted_on),
            registered_by=user if getattr(user, "is_authenticated", False) else None,
        )
        _file_create(act, main, role=FileRole.MAIN)
        for title, stored in annexes:
            _file_create(act, stored, role=FileRole.ANNEX, title=title)
        _search_refresh(act)
        audit_record(
            actor=user,
            action="mol.act_registered",
            target=act,
            data={"section": act.section, "number": act.reference, "sha256": main.sha256},
        )
        if data.publish:
            _publish(act, user=user)
    return act


def _locked(act_id: int) -> Act:
    act = Act.objects.select_for_update().filter(pk=act_id).first()
    if act is None:
        raise ValidationError(_("Actul nu există."), code="not_found")
    return act


def _files_text(act: Act) -> str:
    return " ".join(act.files.values_list("text", flat=True))


def _search_refresh(act: Act) -> None:
    parts = [str(act), act.reference, str(act.number), act.title]
    parts += list(act.files.values_list("title", flat=True))
    act.search_text = fold(printable(" ".join([*parts, _files_text(act)])))
    act.save(update_fields=["search_text"])


def _is_repealed(act: Act) -> bool:
    return ActRelation.objects.filter(target=act, kind=RelationKind.REPEALS).exists()


def _county_sync(act: Act) -> None:
    county_act_sync(act=act, repealed=_is_repealed(act), files_text=_files_text(act))


def _publish(act: Act, *, user: Any) -> None:
    act.published_at = timezone.now()
    act.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=user, action="mol.act_published", target=act)
    _county_sync(act)


@transaction.atomic
def act_publish(*, user: Any, act_id: int) -> Act:
    act = _locked(act_id)
    if act.published_at is None:
        _publish(act, user=user)
    return act


@transaction.atomic
def act_unpublish(*, user: Any, act_id: int) -> Act:
    """Withdraw an act published by mistake; its number stays taken in the register."""
    act = _locked(act_id)
    if act.published_at is not None:
        act.published_at = None
        act.save(update_fields=["published_at", "updated_at"])
        audit_record(actor=user, action="mol.act_unpublished", target=act)
        _county_sync(act)
    return act


@transaction.atomic
def act_update(*, user: Any, act_id: int, title: str, kind: str, in_force_on: date | None) -> Act:
    """The fields that may be corrected after registration; the number, the section and the
    adoption date are the register's and do not change."""
    act = _locked(act_id)
    title = " ".join(title.split())
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Scrieți titlul actului.")
    if kind not in ActKind.values:
        errors["kind"] = _("Alegeți caracterul actului.")
    if in_force_on is not None and in_force_on < act.adopted_on:
        errors["in_force_on"] = _("Un act nu intră în vigoare înainte de a fi adoptat.")
    if errors:
        raise ValidationError(errors)
    before = {"title": act.title, "kind": act.kind, "in_force_on": f"{act.in_force_on or ''}"}
    act.title, act.kind, act.in_force_on = title[:500], kind, in_force_on
    act.save(update_fields=["title", "kind", "in_force_on", "updated_at"])
    _search_refresh(act)
    audit_record(actor=user, action="mol.act_updated", target=act, data={"before": before})
    _county_sync(act)
    return act


@transaction.atomic
def act_communicate(*, user: Any, act_id: int, communicated_on: date) -> Act:
    """Record the day the act was communicated to the prefect (art. 197 alin. 1)."""
    act = _locked(act_id)
    if act.prefect_due is None:
        raise ValidationError(
            {"communicated_on": _("Actele acestei secțiuni nu se comunică prefectului.")}
        )
    past_date_check(
        communicated_on,
        field="communicated_on",
        today=timezone.localdate(),
        earliest=act.adopted_on,
    )
    act.communicated_on = communicated_on
    act.save(update_fields=["communicated_on", "updated_at"])
    audit_record(
        actor=user,
        action="mol.act_communicated",
        target=act,
        data={"on": f"{communicated_on}", "due": f"{act.prefect_due}"},
    )
    _county_sync(act)
    return act


@transaction.atomic
def act_annex_add(*, user: Any, act_id: int, title: str, pdf: CheckedFile) -> ActFile:
    act = _locked(act_id)
    if act.files.filter(role=FileRole.ANNEX).count() >= MAX_ANNEXES:
        raise ValidationError({"pdf": _("Cel mult %(n)s anexe.") % {"n": MAX_ANNEXES}})
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Scrieți denumirea anexei.")})
    annex = _file_create(act, site_file_store(pdf), role=FileRole.ANNEX, title=title)
    _search_refresh(act)
    audit_record(
        actor=user,
        action="mol.annex_added",
        target=act,
        data={"file": annex.pk, "sha256": annex.sha256, "title": title},
    )
    _county_sync(act)
    return annex


@transaction.atomic
def act_relation_add(
    *, user: Any, act_id: int, kind: str, target_section: str, target_reference: str
) -> ActRelation:
    """``act`` amends or repeals the act of ``target_section`` numbered ``target_reference``
    ("12/2025"), of the same UAT."""
    act = _locked(act_id)
    if kind not in RelationKind.values:
        raise ValidationError({"kind": _("Alegeți legătura.")})
    number, _slash, year = target_reference.strip().partition("/")
    target = None
    if number.isdigit() and year.isdigit() and len(number) < 9 and len(year) == 4:
        target = Act.objects.filter(
            section=target_section, number=int(number), year=int(year)
        ).first()
    if target is None:
        raise ValidationError(
            {"target_reference": _("Nu există un act cu acest număr în secțiunea aleasă.")}
        )
    if target.pk == act.pk:
        raise ValidationError({"target_reference": _("Un act nu se poate modifica pe sine.")})
    try:
        with transaction.atomic():
            relation = ActRelation.objects.create(source=act, target=target, kind=kind)
    except IntegrityError:
        raise ValidationError(
            {"target_reference": _("Legătura există deja.")}, code="duplicate"
        ) from None
    audit_record(
        actor=user,
        action="mol.act_linked",
        target=act,
        data={"kind": kind, "target": target.pk, "reference": str(target)},
    )
    _county_sync(target)  # a repealed act says so in the county index too
    return relation
