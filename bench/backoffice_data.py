"""Bulk data for the back-office benchmark: one UAT's registry book and cases, loaded with COPY.

Rows are generated in Python (seeded, so a run is repeatable) and streamed with psycopg's
COPY into the UAT's own tables, three streams at once (entries, cases, case events), with
the tables' secondary indexes dropped during the load and rebuilt after it (the GIN index
of the search text included), then VACUUM ANALYZE, as a restored database would be.

What the rows look like:

- entries spread over the working days (Romanian calendar, dms.deadlines) from 2 January
  2025 to yesterday, numbered 1..n per year in registration order, the yearly counter's
  ``last_number`` set to n; 5% are outgoing letters (no case) linked to an earlier entry;
- incoming ones come online (55%), on paper (30%), by e-mail or by post, each with its case
  in one of 5 departments (30/30/15/15/10%), assigned to one of ~20 staff; the older a case,
  the likelier it is closed (a few % of all cases are open, some of them overdue); terms from
  the service (30 calendar days, 10 working days, ...) on the Romanian calendar;
- Romanian names, streets and summaries with diacritics, 30% of the rows written with the
  legacy cedilla letters (ş ţ) instead of the comma-below ones (ș ț);
- ``search_text`` is what ``dms.registry.search.entry_search_refresh`` stores: the project's
  ``fold`` of the same parts in the same order (entries have no documents here). ``fold``
  works letter by letter, so the fold of the joined parts is the join of the folded parts:
  parts are folded once each (cached), and a sample of rows is checked against ``fold`` of
  the whole text, and against ``entry_search_refresh`` itself after the load.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

import psycopg
from django.db import transaction
from django_tenants.utils import schema_context

from bench import sqlreplay
from dms.cases.deadlines import due_date, is_working_day
from dms.models import Case, CaseEvent, Department, RegistryEntry
from dms.registry.search import entry_search_refresh
from ghiseu.accounts.models import Role, User
from ghiseu.ops.text import fold

PASSWORD = "parola-bench-2026"
FIRST_DAY = date(2025, 1, 2)
OUTGOING_SHARE = 0.05
CEDILLA_SHARE = 0.30
RARE_NAME = "Brâncoveanu"  # a surname only a handful of rows carry
COMMON_WORD = "cerere"
CEDILLA_NAME = "Ştefănescu"  # cedilla ş; the comma form is "Ștefănescu"
COMMA_NAME = "Ștefănescu"
TABLES = ("dms_registryentry", "dms_case", "dms_caseevent")

DEPARTMENTS = (  # 5 of the departments onboarding creates: name, share of cases, clerks
    ("Urbanism și amenajarea teritoriului", 30, 4),
    ("Taxe și impozite locale", 30, 3),
    ("Registratură / Relații cu publicul", 20, 2),
    ("Stare civilă", 10, 2),
    ("Asistență socială", 10, 1),
)
FIRST_NAMES = (
    "Ana", "Ioana", "Maria", "Elena", "Andreea", "Mihai", "Ion", "Gheorghe", "Vasile",
    "Ștefan", "Răzvan", "Cătălin", "Bogdan", "Alexandru", "Cristina", "Mădălina", "Ionuț",
    "Florin", "Daniela", "Tudor", "Irina", "Sorin", "Lucreția", "Costel", "Aurelia",
)  # fmt: skip
LAST_NAMES = (
    "Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Rusu",
    "Munteanu", "Matei", "Constantin", "Șerban", "Mureșan", "Ștefănescu", "Țăranu",
    "Lăzărescu", "Bălan", "Dumitrașcu", "Pițigoi", "Vlăduț", "Neagu", "Oprea", "Ciobanu",
    "Țurcanu", "Preda", "Moldovan", "Păun", "Sârbu", "Căpățână", "Nistor",
)  # fmt: skip
STREETS = (
    "Școlii", "Libertății", "Mihai Viteazul", "Tudor Vladimirescu", "Ștefan cel Mare",
    "Țesătorilor", "Republicii", "Mărășești", "Horea", "Independenței", "Trandafirilor",
    "Oțelarilor", "Păcii", "Făgărașului", "Castanilor",
)  # fmt: skip
INSTITUTIONS = (
    ("Direcția Silvică Caraș-Severin", "DS"),
    ("Instituția Prefectului Județul Caraș-Severin", "IPCS"),
    ("Agenția Județeană pentru Plăți și Inspecție Socială", "AJPIS"),
    ("SC Țesătoria Bănățeană SRL", "TB"),
    ("Casa Județeană de Pensii Caraș-Severin", "CJP"),
)
ISSUES = (
    "groapă în carosabil",
    "iluminat public defect",
    "gunoi neridicat",
    "copaci uscați pe trotuar",
    "zgomot după ora 22",
    "parcare neregulamentară",
)
# code, term days, unit, extension days, summary templates ({street}, {n}, {issue})
SERVICES = (
    ("petitie", 30, "calendar", 15, ("Petiție: {issue} pe strada {street} nr. {n}",)),
    (
        "informatii-publice",
        10,
        "working",
        0,
        ("Solicitare de informații publice (Legea 544/2001) privind strada {street}",),
    ),
    (
        "certificat-urbanism",
        30,
        "calendar",
        0,
        ("Cerere pentru eliberarea certificatului de urbanism, strada {street} nr. {n}",),
    ),
    (
        "autorizatie-construire",
        30,
        "calendar",
        0,
        ("Cerere de autorizație de construire, locuință pe strada {street} nr. {n}",),
    ),
    ("certificat-fiscal", 2, "working", 0, ("Cerere de certificat de atestare fiscală",)),
    (
        "declaratie-cladiri",
        30,
        "calendar",
        0,
        ("Declarație fiscală pentru clădirea din strada {street} nr. {n}",),
    ),
    ("ajutor-social", 30, "calendar", 0, ("Cerere de ajutor social, strada {street} nr. {n}",)),
    (
        "programare-casatorie",
        10,
        "working",
        0,
        ("Cerere de programare pentru oficierea căsătoriei",),
    ),
)
SERVICE_TITLES = {  # Case.service_title: the catalog's title as filed
    "petitie": "Petiție",
    "informatii-publice": "Cerere de informații de interes public",
    "certificat-urbanism": "Certificat de urbanism",
    "autorizatie-construire": "Autorizație de construire",
    "certificat-fiscal": "Certificat de atestare fiscală",
    "declaratie-cladiri": "Declarație fiscală pentru clădiri",
    "ajutor-social": "Ajutor social",
    "programare-casatorie": "Programare pentru căsătorie",
    "registratura": "Document înregistrat la registratură",  # as the registry opens it
}
SERVICE_DEPARTMENT = {  # index in DEPARTMENTS; as dms.departments.defaults routes them
    "petitie": 2,
    "informatii-publice": 2,
    "certificat-urbanism": 0,
    "autorizatie-construire": 0,
    "certificat-fiscal": 1,
    "declaratie-cladiri": 1,
    "ajutor-social": 4,
    "programare-casatorie": 3,
}
PAPER_SUMMARIES = (
    "Cerere privind {issue} pe strada {street}",
    "Adresă privind situația imobilului din strada {street} nr. {n}",
    "Sesizare: {issue}, strada {street}",
    "Cerere de audiență la primar",
    "Notificare privind lucrări pe strada {street}",
)
OPEN_STATUSES = (("registered", 25), ("assigned", 30), ("in_progress", 35), ("waiting", 10))
CLOSED_STATUSES = (("answered", 80), ("rejected", 4), ("forwarded", 4), ("filed", 12))
CLOSING_EVENT = {
    "answered": "answered",
    "rejected": "rejected",
    "forwarded": "forwarded",
    "filed": "filed",
}
_CEDILLA = str.maketrans({"ș": "ş", "Ș": "Ş", "ț": "ţ", "Ț": "Ţ"})


@dataclass
class Staff:
    registrar: User
    clerk: User  # a clerk of the first department
    registrar_ids: list[int]
    department_ids: list[int]
    members: dict[int, list[int]]  # department id: its head and clerks
    names: dict[int, str]


@dataclass
class Loaded:
    schema: str
    rows: int
    cases: int
    events: int
    open_cases: int
    overdue: int
    years: dict[int, int]
    seconds_copy: float = 0.0
    seconds_index: float = 0.0
    seconds_vacuum: float = 0.0
    seconds_total: float = 0.0
    sizes: dict[str, int] = field(default_factory=dict)
    rare_rows: int = 0
    sample_number: int = 0  # a registry number of 2025 that exists
    checked_folds: int = 0
    checked_refresh: int = 0


# ---------------------------------------------------------------- staff


def staff_create(schema: str) -> Staff:
    """5 departments, 2 registrars, 5 heads and 12 clerks (the onboarded admin makes 20)."""
    with schema_context(schema), transaction.atomic():
        registrars = [
            User.objects.create_user(
                f"registratura{n}@bench.example.org",
                PASSWORD,
                role=Role.REGISTRAR,
                full_name=f"Registratură {n} Mărginean",
            )
            for n in (1, 2)
        ]
        members: dict[int, list[int]] = {}
        names: dict[int, str] = {}
        first_clerk = None
        for index, (name, _share, clerks) in enumerate(DEPARTMENTS):
            head = User.objects.create_user(
                f"sef{index}@bench.example.org",
                PASSWORD,
                role=Role.HEAD,
                full_name=f"{FIRST_NAMES[index]} {LAST_NAMES[index + 10]}",
            )
            # Onboarding created the UAT's default departments; 5 of them get the cases.
            department, _created = Department.objects.update_or_create(
                name=name, defaults={"head": head, "is_active": True}
            )
            people = [head.pk]
            for k in range(clerks):
                clerk = User.objects.create_user(
                    f"functionar{index}.{k}@bench.example.org",
                    PASSWORD,
                    role=Role.CLERK,
                    full_name=f"{FIRST_NAMES[index + k + 5]} {LAST_NAMES[index + k + 15]}",
                )
                department.members.add(clerk)
                people.append(clerk.pk)
                first_clerk = first_clerk or clerk
            members[department.pk] = people
            names[department.pk] = name
        assert first_clerk is not None
        return Staff(
            registrar=registrars[0],
            clerk=first_clerk,
            registrar_ids=[r.pk for r in registrars],
            department_ids=list(members),
            members=members,
            names=names,
        )


# ---------------------------------------------------------------- text


_folded_words: dict[str, str] = {}


def _fold(text: str) -> str:
    """``fold(text)``, a word at a time: fold() maps letter by letter and then splits on
    whitespace, so folding each word and joining them with spaces gives the same text."""
    words = []
    for word in text.split():
        if word.isascii():
            words.append(word.casefold())
            continue
        folded = _folded_words.get(word)
        if folded is None:
            folded = _folded_words[word] = fold(word)
        if folded:
            words.append(folded)
    return " ".join(words)


def _search_text(parts: list[str]) -> str:
    """``fold(" ".join(part for part in parts if part))``, as entry_search_refresh stores it."""
    return _fold(" ".join(part for part in parts if part))


def _copy_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


@lru_cache(maxsize=4096)
def _due(day: date, days: int, unit: str) -> date:
    return due_date(day, days=days, unit=unit)


class _Weighted:
    """A weighted choice, faster than random.choices (cumulative weights computed once)."""

    def __init__(self, values: tuple[Any, ...], weights: tuple[int, ...]) -> None:
        self.values = values
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.total)]


def _weighted(choices: tuple[tuple[str, int], ...]) -> _Weighted:
    return _Weighted(tuple(c for c, _ in choices), tuple(w for _, w in choices))


CHANNEL = _Weighted(("online", "paper", "email", "post"), (55, 30, 10, 5))
PAGES = _Weighted((1, 2, 3, 5), (60, 25, 10, 5))
ANNEXES = _Weighted((0, 1, 2), (70, 20, 10))
OPEN_STATUS = _weighted(OPEN_STATUSES)
CLOSED_STATUS = _weighted(CLOSED_STATUSES)
DEPARTMENT_INDEX = _Weighted(tuple(range(len(DEPARTMENTS))), tuple(d[1] for d in DEPARTMENTS))


def _stamp(moment: datetime) -> str:
    return moment.isoformat(" ")


def _working_days(today: date) -> list[date]:
    days, day = [], FIRST_DAY
    while day < today:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


# ---------------------------------------------------------------- the load


class _Stream:
    """One COPY into one table on its own connection, fed in chunks."""

    def __init__(self, dsn: str, schema: str, table: str, columns: list[str]) -> None:
        self.conn = psycopg.connect(dsn)
        self.conn.execute("SET session_replication_role = replica")  # no FK triggers
        self.conn.execute("SET synchronous_commit = off")
        cols = ", ".join(f'"{c}"' for c in columns)
        self.cursor = self.conn.cursor()
        self._copy_cm = self.cursor.copy(f'COPY "{schema}"."{table}" ({cols}) FROM STDIN')
        self.copy = self._copy_cm.__enter__()
        self.buffer: list[str] = []
        self.count = 0

    def add(self, line: str) -> None:
        self.buffer.append(line)
        if len(self.buffer) >= 5000:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.copy.write("".join(self.buffer))
            self.count += len(self.buffer)
            self.buffer = []

    def finish(self) -> None:
        self.flush()
        self._copy_cm.__exit__(None, None, None)
        self.conn.commit()
        self.conn.close()


def _columns(model: Any) -> list[str]:
    return [f.column for f in _stored_fields(model)]


def _stored_fields(model: Any) -> list[Any]:
    """The columns COPY may write: PostgreSQL computes generated ones itself."""
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        return _copy_text(json.dumps(value, ensure_ascii=False))
    if isinstance(value, datetime):
        return value.isoformat()
    return _copy_text(str(value))


def _defaults(model: Any) -> dict[str, str]:
    """Every column at its model default: a column added to the model after this benchmark
    was written is still filled (the generated values override these)."""
    return {f.column: _copy_value(f.get_default()) for f in _stored_fields(model)}


def _secondary_indexes(conn: psycopg.Connection[Any], schema: str) -> list[tuple[str, str]]:
    """(name, definition) of the indexes of the loaded tables that back no constraint."""
    return [
        (name, definition)
        for name, definition in conn.execute(
            """
            SELECT ic.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relname = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY ic.relname
            """,
            [schema, list(TABLES)],
        ).fetchall()
    ]


def _rebuild(dsn: str, definitions: list[tuple[str, str]]) -> None:
    """Create the indexes on two connections (this machine's cores), the biggest first."""
    todo = sorted(definitions, key=lambda d: ("gin" not in d[1].lower(), d[0]))
    lock = threading.Lock()
    failures: list[BaseException] = []

    def work() -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            while True:
                with lock:
                    if not todo:
                        return
                    _name, definition = todo.pop(0)
                try:
                    conn.execute(definition)
                except psycopg.Error as error:
                    failures.append(error)
                    return

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def load(
    schema: str,
    rows: int,
    staff: Staff,
    *,
    today: date,
    seed: int = 2026,
    progress: Callable[[str], None] = print,
) -> Loaded:
    """Generate and COPY ``rows`` registry entries (with their cases and case events)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    dsn = sqlreplay.dsn()
    days = _working_days(today)
    with psycopg.connect(dsn, autocommit=True) as conn:
        indexes = _secondary_indexes(conn, schema)
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{schema}"."{name}"')

    entry_cols = _columns(RegistryEntry)
    case_cols = _columns(Case)
    event_cols = _columns(CaseEvent)
    entry_defaults, case_defaults = _defaults(RegistryEntry), _defaults(Case)
    event_defaults = _defaults(CaseEvent)
    streams = {
        "entry": _Stream(dsn, schema, "dms_registryentry", entry_cols),
        "case": _Stream(dsn, schema, "dms_case", case_cols),
        "event": _Stream(dsn, schema, "dms_caseevent", event_cols),
    }
    dept_ids = staff.department_ids
    rare_at = set(rng.sample(range(rows), min(10, max(1, rows // 100))))
    counters: dict[int, int] = {}
    incoming: list[tuple[int, str]] = []  # (entry id, citizen name) of recent incoming entries
    sample_checks: list[tuple[int, str, str]] = []
    open_cases = overdue = cases = events = 0
    sample_number = 0
    case_id = event_id = 0
    n_days = len(days)
    day_text = [f"{day:%d.%m.%Y}" for day in days]
    none = "\\N"

    for i in range(rows):
        entry_id = i + 1
        day_index = i * n_days // rows
        day = days[day_index]
        within = (i * n_days - day_index * rows) / rows  # 0..1 through the working day
        seconds = 6 * 3600 + int(within * 8 * 3600)  # 08:00-16:00 local, same UTC date
        registered = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=seconds)
        stamp = _stamp(registered)
        year = day.year
        number = counters.get(year, 0) + 1
        counters[year] = number
        if year == FIRST_DAY.year and number >= 100_000 and not sample_number:
            sample_number = number
        display = f"{number}/{day_text[day_index]}"
        cedilla = rng.random() < CEDILLA_SHARE
        first = rng.choice(FIRST_NAMES)
        last = RARE_NAME if i in rare_at else rng.choice(LAST_NAMES)
        person = f"{last} {first}"
        street = rng.choice(STREETS)
        house = rng.randint(1, 120)
        issue = rng.choice(ISSUES)

        if incoming and rng.random() < OUTGOING_SHARE:
            # An answer leaving the institution, linked to a recent incoming entry.
            linked_id, recipient = incoming[-rng.randint(1, min(len(incoming), 2000))]
            dept_index = DEPARTMENT_INDEX(rng)
            department = DEPARTMENTS[dept_index][0]
            summary = f"Răspuns la cererea privind strada {street}"
            if cedilla:
                recipient, summary = recipient.translate(_CEDILLA), summary.translate(_CEDILLA)
            file_code = f"{'I' * (dept_index % 3 + 1)}-{dept_index + 1}"
            parts = [
                str(number),
                display,
                department,
                "",
                summary,
                recipient,
                department,
                file_code,
            ]
            values = {
                **entry_defaults,
                "id": str(entry_id),
                "year": str(year),
                "number": str(number),
                "registered_at": stamp,
                "direction": "out",
                "channel": rng.choice(("post", "email", "paper")),
                "sender_name": department,
                "sender_reference": "",
                "sender_date": none,
                "summary": summary,
                "pages": str(rng.randint(1, 4)),
                "annexes": "0",
                "department": department,
                "resolution": "",
                "dispatch_date": f"{day:%Y-%m-%d}",
                "recipient": recipient,
                "linked_entry_id": str(linked_id),
                "file_code": file_code,
                "registered_by_id": str(rng.choice(staff.registrar_ids)),
                "search_text": _search_text(parts),
            }
            streams["entry"].add("\t".join(values[c] for c in entry_cols) + "\n")
            if i % 997 == 0:
                sample_checks.append(
                    (entry_id, " ".join(p for p in parts if p), values["search_text"])
                )
            continue

        # An incoming entry and its case.
        channel = CHANNEL(rng)
        sender_reference, sender_date, registered_by, resolution = "", none, none, ""
        templates: tuple[str, ...] = ()
        if channel == "online":
            code, term, unit, extension, templates = rng.choice(SERVICES)
        else:
            code, term, unit, extension = "registratura", 30, "calendar", 15
        service_dept = SERVICE_DEPARTMENT.get(code)
        dept_index = service_dept if service_dept is not None else DEPARTMENT_INDEX(rng)
        dept_id = dept_ids[dept_index]
        department = DEPARTMENTS[dept_index][0]
        template = rng.choice(templates or PAPER_SUMMARIES)
        summary = template.format(street=street, n=house, issue=issue)
        if summary.startswith("Cerere") or rng.random() < 0.2:
            content = f"Vă rog să aprobați cererea mea: {issue} pe strada {street} nr. {house}."
        else:
            content = f"Vă sesizez următoarea problemă: {issue} pe strada {street} nr. {house}."
        sender = person
        if channel != "online":
            registered_by = str(rng.choice(staff.registrar_ids))
            resolution = f"{department}, spre soluționare"
            if rng.random() < 0.15:
                sender, initials = rng.choice(INSTITUTIONS)
                sender_reference = f"{initials}/{rng.randint(100, 9999)}"
                sender_date = f"{day - timedelta(days=rng.randint(1, 7)):%Y-%m-%d}"
        if cedilla:
            sender = sender.translate(_CEDILLA)
            person = person.translate(_CEDILLA)
            summary = summary.translate(_CEDILLA)
            content = content.translate(_CEDILLA)
        ascii_name = _fold(person).replace(" ", ".")
        email = f"{ascii_name}{i % 97}@example.ro"
        phone = f"+4072{rng.randint(1000000, 9999999)}"
        if channel == "online":
            answers: dict[str, Any] = {
                "full_name": person,
                "email": email,
                "phone": phone,
                "address": f"Str. {street} {house}, Reșița",
                "content": content,
            }
            citizen_email, citizen_phone = email, phone
        else:
            answers = {"content": summary}
            citizen_email = email if rng.random() < 0.3 else ""
            citizen_phone = ""
        file_code = f"{'I' * (dept_index % 3 + 1)}-{dept_index + 1}"
        # entry_search_refresh joins the answers into one part; folded value by value here.
        answer_parts = [str(v) for v in answers.values() if isinstance(v, str | int)]
        parts = [
            str(number),
            display,
            sender,
            sender_reference,
            summary,
            "",
            department,
            file_code,
            person,
            citizen_email,
            code,
            *answer_parts,
        ]
        search = _search_text(parts)
        entry_values = {
            **entry_defaults,
            "id": str(entry_id),
            "year": str(year),
            "number": str(number),
            "registered_at": stamp,
            "direction": "in",
            "channel": channel,
            "sender_name": sender,
            "sender_reference": sender_reference,
            "sender_date": sender_date,
            "summary": summary,
            "pages": str(PAGES(rng)),
            "annexes": str(ANNEXES(rng)),
            "department": department,
            "resolution": resolution,
            "dispatch_date": none,
            "recipient": "",
            "linked_entry_id": none,
            "file_code": file_code,
            "registered_by_id": registered_by,
            "search_text": search,
        }
        streams["entry"].add("\t".join(entry_values[c] for c in entry_cols) + "\n")
        if i % 997 == 0:
            sample_checks.append((entry_id, " ".join(p for p in parts if p), search))
        incoming.append((entry_id, person))
        if len(incoming) > 4000:
            del incoming[:2000]

        # The case: the older, the likelier closed.
        age = (today - day).days
        open_share = 0.004 if age > 60 else 0.08 if age > 30 else 0.45 if age > 10 else 0.85
        is_open = rng.random() < open_share
        status = (OPEN_STATUS if is_open else CLOSED_STATUS)(rng)
        due = _due(day, term, unit)
        extended = ""
        if extension and rng.random() < 0.03:
            due = _due(due, extension, "calendar")
            extended = _stamp(registered + timedelta(days=min(term - 1, 20)))
        assignee = "" if status == "registered" else str(rng.choice(staff.members[dept_id]))
        closed = ""
        if not is_open:
            span = max(1, (due - day).days)
            closed_at = registered + timedelta(days=rng.randint(1, span), hours=rng.randint(0, 6))
            closed = _stamp(closed_at)
        escalated = ""
        if is_open:
            open_cases += 1
            if due < today:
                overdue += 1
                escalated = f"{due + timedelta(days=1):%Y-%m-%d} 05:00:00+00"
        case_id += 1
        cases += 1
        revision = 1 + (assignee != "") + (not is_open)
        case_values = {
            **case_defaults,
            "id": str(case_id),
            "entry_id": str(entry_id),
            "service_code": code,
            "service_title": SERVICE_TITLES[code],
            "service_version": "1",
            "status": status,
            "revision": str(revision),
            "department_id": str(dept_id),
            "assignee_id": assignee or none,
            "due_date": f"{due:%Y-%m-%d}",
            "term_days": str(term),
            "term_unit": unit,
            "extension_days": str(extension),
            "extended_at": extended or none,
            "reminded_at": none,
            "escalated_at": escalated or none,
            "closed_at": closed or none,
            "citizen_name": person,
            "citizen_email": citizen_email,
            "citizen_phone": citizen_phone,
            "language": "ro",
            "answers": _copy_text(json.dumps(answers, ensure_ascii=False)),
            "submission_key": f"{rng.getrandbits(128):032x}",
            "tracking_token": secrets.token_urlsafe(16),
            "forwarded_to": "Instituția Prefectului" if status == "forwarded" else "",
            "forwarded_to_schema": "",
            "forwarded_tracking_url": "",
            "origin_institution": "",
            "origin_reference": "",
            "origin_tracking_url": "",
            "archive_file_id": none,
            "created_at": stamp,
        }
        streams["case"].add("\t".join(case_values[c] for c in case_cols) + "\n")

        # Its history: registered, assigned, closed.
        actor_label = "online" if channel == "online" else "Registratură 1 Mărginean"
        history = [(stamp, "registered", none, actor_label, "", "registered")]
        if assignee:
            when = registered + timedelta(hours=rng.randint(1, 30))
            history.append((_stamp(when), "assigned", none, "", "registered", "assigned"))
        if closed:
            history.append(
                (closed, CLOSING_EVENT[status], assignee or none, "", "assigned", status)
            )
        for occurred, kind, actor, label, source, target in history:
            event_id += 1
            events += 1
            event_values = {
                **event_defaults,
                "id": str(event_id),
                "case_id": str(case_id),
                "occurred_at": occurred,
                "kind": kind,
                "visible_to_citizen": "t",
                "actor_id": actor,
                "actor_label": label,
                "from_status": source,
                "to_status": target,
                "note": "",
            }
            streams["event"].add("\t".join(event_values[c] for c in event_cols) + "\n")
        if i and i % 200_000 == 0:
            progress(f"  {i:,} rows generated ({time.perf_counter() - started:.0f} s)")

    for stream in streams.values():
        stream.finish()
    copied = time.perf_counter()

    # Every folded sample must equal fold() of the whole text, as entry_search_refresh does it.
    for entry_id, joined, stored in sample_checks:
        if fold(joined) != stored:
            raise RuntimeError(f"search text of entry {entry_id} differs from fold()")

    with psycopg.connect(dsn, autocommit=True) as conn:
        sequences: tuple[tuple[str, str, int], ...] = (
            ("dms_registryentry", "id", rows),
            ("dms_case", "id", case_id),
            ("dms_caseevent", "id", event_id),
        )
        for table, column, model_rows in sequences:
            if model_rows:
                conn.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [f'"{schema}".{table}', column, model_rows],
                )
        for counted_year, last_number in counters.items():
            conn.execute(
                f'INSERT INTO "{schema}".dms_registrycounter (year, last_number) '
                "VALUES (%s, %s) "
                "ON CONFLICT (year) DO UPDATE SET last_number = EXCLUDED.last_number",
                [counted_year, last_number],
            )
    _rebuild(dsn, indexes)
    indexed = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in TABLES:
            conn.execute(f'VACUUM (ANALYZE) "{schema}"."{table}"')
        sizes: dict[str, int] = {}
        for table in TABLES:
            size = conn.execute(
                "SELECT pg_total_relation_size(%s::regclass)", [f'"{schema}".{table}']
            ).fetchone()
            sizes[table] = int(size[0]) if size else 0
    done = time.perf_counter()
    checked = _check_with_refresh(schema, [entry_id for entry_id, _j, _s in sample_checks[:25]])
    return Loaded(
        schema=schema,
        rows=rows,
        cases=cases,
        events=events,
        open_cases=open_cases,
        overdue=overdue,
        years=dict(sorted(counters.items())),
        seconds_copy=copied - started,
        seconds_index=indexed - copied,
        seconds_vacuum=done - indexed,
        seconds_total=done - started,
        sizes=sizes,
        rare_rows=len(rare_at),
        sample_number=sample_number or counters.get(FIRST_DAY.year, 1),
        checked_folds=len(sample_checks),
        checked_refresh=checked,
    )


class _Rollback(Exception):
    pass


def _check_with_refresh(schema: str, entry_ids: list[int]) -> int:
    """Run the app's own entry_search_refresh on sample entries (rolled back): the stored
    search text must have the words it writes (at registration the answers are joined in
    the form's order, as here; read back from jsonb they come in its key order)."""
    checked = 0
    with schema_context(schema):
        try:
            with transaction.atomic():
                for entry in RegistryEntry.objects.filter(pk__in=entry_ids).select_related("case"):
                    stored = entry.search_text
                    entry_search_refresh(entry)
                    # The same words: a case read back from the database has its answers
                    # in jsonb's key order, not in the order the form filled them.
                    if sorted(entry.search_text.split()) != sorted(stored.split()):
                        raise RuntimeError(
                            f"entry {entry.pk}: the loaded search text differs from what "
                            f"entry_search_refresh writes:\n{stored!r}\n{entry.search_text!r}"
                        )
                    checked += 1
                raise _Rollback
        except _Rollback:
            pass
    return checked
