"""A starting nomenclature of file codes (nomenclatorul arhivistic) for a Romanian primărie.

Honest warning: these are typical examples from practice, not law. Under Legea 16/1996 every
UAT drafts its own nomenclature, with its own codes and retention terms, and has it approved by
the National Archives (Arhivele Naționale, through the county service). A UAT starts from this
list and edits it in the archive area to match what was approved. Where practice varies, the
longer term was chosen: a file kept too long can still be destroyed later, one destroyed too
early is gone.

The codes are grouped by compartment (I secretariat, II civil status, III local taxes, IV
agricultural register, V urbanism, VI county roads and transport, VII personnel, VIII
accounting) and match the ``archive_code`` suggested by the county's service catalog
(services_catalog/catalog_data.py): a request registered online carries its service's code and
is filed under it when it closes.
"""

from __future__ import annotations

from typing import NamedTuple


class DefaultFileCode(NamedTuple):
    code: str
    title: str
    retention_years: int | None  # None: permanent


PERMANENT = None

DEFAULT_NOMENCLATURE: tuple[DefaultFileCode, ...] = (
    DefaultFileCode(
        "I-1", "Registrul general de intrare-ieșire a documentelor (registratură)", PERMANENT
    ),
    DefaultFileCode(
        "I-2", "Hotărârile consiliului local, cu documentele de fundamentare", PERMANENT
    ),
    DefaultFileCode("I-3", "Dispozițiile primarului", PERMANENT),
    # catalog: petitie, sesizare, audienta, informatii-publice-judet
    DefaultFileCode("I-4", "Petiții, sesizări, reclamații și cereri de audiență", 5),
    # catalog: informatii-publice
    DefaultFileCode("I-5", "Solicitări de informații de interes public și răspunsurile", 5),
    DefaultFileCode("I-6", "Corespondență generală cu instituții și persoane", 3),
    DefaultFileCode("II-1", "Registrele de stare civilă (naștere, căsătorie, deces)", PERMANENT),
    DefaultFileCode("II-2", "Comunicări de mențiuni pe actele de stare civilă", 10),
    # catalog: programare-casatorie
    DefaultFileCode("II-3", "Declarații de căsătorie și actele anexate", PERMANENT),
    # catalog: declaratie-cladiri, declaratie-terenuri
    DefaultFileCode("III-1", "Declarații fiscale pentru clădiri și terenuri", 10),
    # catalog: declaratie-auto, radiere-vehicul
    DefaultFileCode("III-2", "Declarații fiscale și radieri pentru mijloace de transport", 10),
    # catalog: certificat-fiscal
    DefaultFileCode("III-3", "Cereri și certificate de atestare fiscală", 5),
    # catalog: adeverinta-registru-agricol
    DefaultFileCode("IV-1", "Cereri și adeverințe eliberate din registrul agricol", 10),
    DefaultFileCode("IV-2", "Registrul agricol", PERMANENT),
    # catalog: certificat-urbanism
    DefaultFileCode("V-1", "Certificate de urbanism, cu cererile și documentațiile", PERMANENT),
    # catalog: autorizatie-construire
    DefaultFileCode(
        "V-2", "Autorizații de construire și de desființare, cu documentațiile", PERMANENT
    ),
    # catalog: autorizatie-transport-judetean (County Council)
    DefaultFileCode("VI-1", "Autorizații de transport pe drumurile județene", 10),
    # catalog: aviz-drum-judetean (County Council)
    DefaultFileCode("VI-2", "Avize pentru lucrări în zona drumurilor județene", 10),
    DefaultFileCode("VII-1", "Dosarele de personal ale angajaților", 75),
    DefaultFileCode("VIII-1", "Documente financiar-contabile justificative", 10),
)
