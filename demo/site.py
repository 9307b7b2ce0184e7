"""The demo's site for each UAT: an MOL with realistic acts in each of the six sections (PDFs
generated with real text; at Reșița the first decision is e-signed by a demo certificate),
announcements, the institution's pages and a draft open for comments with one answered
recommendation. Idempotent: each part is seeded once, where the UAT has none yet."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from website.consultation.models import Consultation
from website.content.models import Announcement
from website.documents import issuer_of, pdf_check
from website.mol.models import Act, Section
from website.mol.services import ActData, act_communicate, act_register, act_relation_add
from website.pdfs import letterhead_pdf


@dataclass(frozen=True)
class DemoAct:
    section: str
    title: str
    kind: str
    days_ago: int
    body: tuple[str, ...]


ACTS = (
    DemoAct(
        Section.STATUTE,
        "Statutul unității administrativ-teritoriale",
        "normative",
        320,
        (
            "Statutul cuprinde elementele de identificare ale unității administrativ-teritoriale, "
            "componența consiliului local, simbolurile și patrimoniul, potrivit art. 115 din "
            "Codul administrativ.",
        ),
    ),
    DemoAct(
        Section.PROCEDURES,
        "Regulamentul de organizare și funcționare a consiliului local",
        "normative",
        300,
        (
            "Regulamentul stabilește modul de convocare a ședințelor, ordinea de zi, procedura de "
            "vot și dezbaterea proiectelor de hotărâri.",
        ),
    ),
    DemoAct(
        Section.DECISIONS,
        "privind aprobarea bugetului local pe anul 2026",
        "normative",
        250,
        (
            "Consiliul local, având în vedere referatul de aprobare și raportul "
            "compartimentului de specialitate, hotărăște aprobarea bugetului local pe "
            "anul 2026, la venituri și cheltuieli, conform anexei.",
        ),
    ),
    DemoAct(
        Section.DECISIONS,
        "privind înființarea Serviciului public de pază și ordine",
        "normative",
        25,
        (
            "Se înființează serviciul public de pază și ordine, cu organigrama și statul de "
            "funcții din anexă.",
        ),
    ),
    DemoAct(
        Section.DECISIONS,
        "privind modificarea hotărârii de aprobare a bugetului local pe anul 2026",
        "normative",
        6,
        (
            "Se rectifică bugetul local pe anul 2026: se suplimentează capitolul învățământ cu "
            "sumele primite pentru reparația școlilor.",
        ),
    ),
    DemoAct(
        Section.DISPOSITIONS,
        "privind constituirea comisiei de evaluare a ofertelor pentru iluminatul public",
        "individual",
        3,
        (
            "Se constituie comisia de evaluare a ofertelor în procedura de achiziție publică a "
            "serviciului de iluminat public.",
        ),
    ),
    DemoAct(
        Section.FINANCIAL,
        "Execuția bugetului local la 30 septembrie 2026",
        "individual",
        55,
        (
            "Execuția bugetului local la trimestrul III: venituri încasate și plăți efectuate, pe "
            "capitole bugetare.",
        ),
    ),
    DemoAct(
        Section.OTHER,
        "Procesul-verbal al ședinței ordinare a consiliului local din luna octombrie",
        "individual",
        30,
        (
            "Procesul-verbal consemnează prezența consilierilor, dezbaterile și rezultatul votului "
            "pentru fiecare proiect de hotărâre.",
        ),
    ),
)


SIGNED_AT = "resita"


def _adopted_on(days_ago: int) -> date:
    day = timezone.localdate() - timedelta(days=days_ago)
    return day if day.weekday() < 5 else day - timedelta(days=day.weekday() - 4)


@cache
def _demo_signer() -> Any:
    """A self-signed certificate of the demo's secretary (not a qualified one: the site shows
    that the signature is intact, as the back office does)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Secretar general (demo)")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=400))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(
            certificate.public_bytes(serialization.Encoding.DER)
        ),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore(),
    )


def _signed(pdf: bytes) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from dms.documents.signatures import outside_event_loop

    def sign() -> bytes:
        output = signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            signers.PdfSignatureMetadata(field_name="SemnaturaSecretar"),
            signer=_demo_signer(),
        )
        return output.getvalue()

    # pyhanko signs through asyncio.run(): the seed may run where a loop already does (a test
    # session that drove a browser first).
    return outside_event_loop(sign)


@transaction.atomic  # one commit per UAT: the seed stays quick
def site_demo_seed(*, uat: Any) -> None:
    """In the current schema (the UAT's)."""
    if not Act.objects.exists():
        _seed_mol(uat)
    if not Announcement.objects.exists():
        _seed_content()
    if not Consultation.objects.exists():
        _seed_consultation(uat)


def _seed_mol(uat: Any) -> None:
    issuer = issuer_of(uat)
    signed_first_decision = False
    for demo in sorted(ACTS, key=lambda a: -a.days_ago):
        adopted_on = _adopted_on(demo.days_ago)
        heading = f"{uat.official_name} — {Section(demo.section).label}"
        content = letterhead_pdf(
            issuer=issuer,
            title=f"{demo.title[:1].upper()}{demo.title[1:]}",
            paragraphs=(heading, f"Data: {adopted_on:%d.%m.%Y}", *demo.body),
            signatory="Secretar general",
        )
        # Checking a signature takes seconds (pyhanko looks for revocation data it cannot
        # reach here): one signed decision, at the county seat, shows the feature.
        if (
            uat.slug == SIGNED_AT
            and demo.section == Section.DECISIONS
            and not signed_first_decision
        ):
            content, signed_first_decision = _signed(content), True
        act = act_register(
            user=None,
            data=ActData(
                section=demo.section,
                title=demo.title,
                kind=demo.kind,
                adopted_on=adopted_on,
                pdf=pdf_check(SimpleUploadedFile("act.pdf", content, "application/pdf")),
                in_force_on=adopted_on if demo.kind == "normative" else None,
                publish=True,
            ),
        )
        if act.prefect_due and demo.days_ago > 20:
            communicated = min(act.prefect_due, timezone.localdate())
            act_communicate(user=None, act_id=act.pk, communicated_on=communicated)
        if demo.title.startswith("privind modificarea hotărârii"):
            budget = Act.objects.filter(title__startswith="privind aprobarea bugetului").first()
            if budget is not None:
                act_relation_add(
                    user=None,
                    act_id=act.pk,
                    kind="amends",
                    target_section=budget.section,
                    target_reference=budget.reference,
                )


ANNOUNCEMENTS = (
    (
        "achizitii-publice",
        "Licitație pentru modernizarea iluminatului public",
        "<p>Instituția organizează licitație deschisă pentru modernizarea iluminatului public. "
        "Documentația de atribuire este disponibilă în SEAP; ofertele se depun până la data din anunț.</p>",
    ),
    (
        "cariera",
        "Concurs pentru ocuparea postului de inspector în compartimentul urbanism",
        "<p>Dosarele de înscriere se depun la registratură în 20 de zile de la publicare.</p>"
        "<ul><li>studii superioare în domeniul construcțiilor</li><li>vechime minimă 1 an</li></ul>",
    ),
    (
        "sedinte-publice",
        "Ședința ordinară a consiliului local",
        "<p>Consiliul local se întrunește în ședință ordinară în sala de ședințe a primăriei. "
        "Ședința este publică.</p>",
    ),
    (
        "urbanism",
        "Informarea publicului privind planul urbanistic zonal pentru zona industrială",
        "<p>Observațiile se pot depune la compartimentul urbanism.</p>",
    ),
)

PAGES = (
    (
        "conducere",
        "Conducerea",
        "<h2>Primar</h2><p>Primarul conduce aparatul de specialitate.</p>"
        "<h2>Secretar general</h2><p>Secretarul general ține registrele actelor administrative.</p>",
    ),
    ("program", "Program cu publicul", "<p>Luni–Joi 8:00–16:00, Vineri 8:00–14:00.</p>"),
    ("informatii-de-interes-public", "Informații de interes public", ""),
)


def _seed_content() -> None:
    from website.content.services import (
        AnnouncementData,
        announcement_publish,
        announcement_save,
        page_save,
        page_set_published,
    )

    for category, title, body in ANNOUNCEMENTS:
        item = announcement_save(
            user=None, data=AnnouncementData(title=title, category=category, body_html=body)
        )
        announcement_publish(user=None, announcement_id=item.pk)
    for kind, title, body in PAGES:
        parts = (
            {
                "b": "<p>Primăria are compartimentele registratură, urbanism, taxe și impozite, "
                "asistență socială.</p>",
                "c": "<p>Responsabil cu informațiile publice: biroul de registratură.</p>",
                "e": "<p>Bugetul local și execuția lui sunt publicate în secțiunea „Documente și "
                "informații financiare” a Monitorului Oficial Local.</p>",
                "i": "<p>Refuzul se contestă prin reclamație administrativă în 30 de zile, apoi "
                "la instanța de contencios administrativ (Legea 544/2001, art. 21–22).</p>",
            }
            if kind == "informatii-de-interes-public"
            else None
        )
        page_save(user=None, kind=kind, title=title, body_html=body, parts=parts)
        page_set_published(user=None, kind=kind, published=True)


def _seed_consultation(uat: Any) -> None:
    from website.consultation.rules import earliest_vote
    from website.consultation.services import (
        ConsultationData,
        consultation_create,
        recommendation_answer,
        recommendation_register,
    )

    today = timezone.localdate()
    draft = letterhead_pdf(
        issuer=issuer_of(uat),
        title="Proiect de hotărâre privind regulamentul parcărilor de reședință",
        paragraphs=(
            "Se aprobă regulamentul de atribuire a locurilor de parcare de reședință.",
            "Locurile se atribuie pe bază de cerere, pentru un an, cu prioritate persoanelor "
            "cu handicap și familiilor cu copii.",
        ),
    )
    consultation = consultation_create(
        user=None,
        data=ConsultationData(
            title="Proiect de hotărâre privind regulamentul parcărilor de reședință",
            summary_html="<p>Supunem dezbaterii publice regulamentul parcărilor de reședință. "
            "Așteptăm recomandările dvs. scrise.</p>",
            pdf=pdf_check(SimpleUploadedFile("proiect.pdf", draft, "application/pdf")),
            comments_until=today + timedelta(days=14),
            vote_not_before=earliest_vote(today) + timedelta(days=1),
        ),
    )
    recommendation = recommendation_register(
        consultation_id=consultation.pk,
        author_name="Elena Marinescu",
        organisation="Asociația de proprietari nr. 12",
        email="asociatia12@example.org",
        text="Propunem ca atribuirea să se facă o dată pe an, în aceeași lună, pentru tot orașul.",
        submission_key=f"demo-{consultation.pk}",
    )
    recommendation_answer(
        user=None,
        recommendation_id=recommendation.pk,
        status="accepted",
        answer="Recomandarea a fost preluată în art. 5 al proiectului.",
    )
