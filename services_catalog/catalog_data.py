"""The seed catalog: real services with their legal basis and response terms.

Terms follow the act cited; where a service has no term of its own, the general term for
petitions (OG 27/2002: 30 days, extendable once by 15) applies. A county's lawyers review
them in the console; this is the starting point.
"""

from __future__ import annotations

from typing import Any


def _label(ro: str, en: str) -> dict[str, str]:
    return {"ro": ro, "en": en}


APPLICANT = [
    {
        "name": "full_name",
        "type": "text",
        "label": _label("Nume și prenume", "Full name"),
        "required": True,
        "max_length": 150,
    },
    {"name": "email", "type": "email", "label": _label("E-mail", "E-mail"), "required": True},
    {
        "name": "phone",
        "type": "phone",
        "label": _label("Telefon mobil", "Mobile phone"),
        "required": False,
        "help": _label("Pentru confirmarea prin SMS.", "For the SMS confirmation."),
    },
    {
        "name": "address",
        "type": "text",
        "label": _label("Adresa de domiciliu", "Home address"),
        "required": True,
        "max_length": 300,
    },
]
WITH_CNP = [
    {
        "name": "cnp",
        "type": "cnp",
        "label": _label("CNP", "Personal numeric code (CNP)"),
        "required": True,
    },
]
ATTACHMENTS = [
    {
        "name": "attachments",
        "type": "file",
        "label": _label("Documente anexate", "Attached documents"),
        "required": False,
        "allowed_types": ["application/pdf", "image/jpeg", "image/png"],
        "max_size_mb": 10,
    },
]


def _content(ro: str, en: str) -> list[dict[str, Any]]:
    return [
        {
            "name": "content",
            "type": "textarea",
            "label": _label(ro, en),
            "required": True,
            "max_length": 5000,
        }
    ]


CATEGORIES = [
    ("petitii", "Petiții, sesizări și informații", "Petitions, reports and information", 1),
    ("urbanism", "Urbanism și construcții", "Planning and construction", 2),
    ("taxe", "Taxe și impozite locale", "Local taxes", 3),
    ("agricol", "Registrul agricol", "Agricultural register", 4),
    ("stare-civila", "Stare civilă", "Civil status", 5),
    ("judet", "Servicii ale Consiliului Județean", "County Council services", 6),
]

LOCAL = ["municipiu", "oras", "comuna"]
ALL = ["judet", *LOCAL]

SERVICES: list[dict[str, Any]] = [
    {
        "code": "petitie",
        "category": "petitii",
        "kinds": ALL,
        "title": ("Petiție", "Petition"),
        "description": (
            "Cerere, reclamație, sesizare sau propunere adresată instituției.",
            "A request, complaint, report or proposal to the institution.",
        ),
        "legal": "OG 27/2002 privind activitatea de soluționare a petițiilor",
        "term": (30, "calendar", 15),
        "fee": 0,
        "outcome": ("Răspuns scris", "A written answer"),
        "archive": "I-4",
        "documents": [],
        "fields": APPLICANT + _content("Conținutul petiției", "Your petition") + ATTACHMENTS,
    },
    {
        "code": "informatii-publice",
        "category": "petitii",
        "kinds": ALL,
        "title": ("Cerere de informații de interes public", "Request for public information"),
        "description": (
            "Solicitați informații despre activitatea instituției.",
            "Ask for information about the institution's activity.",
        ),
        "legal": "Legea 544/2001; HG 123/2002",
        "term": (10, "calendar", 20),
        "fee": 0,
        "outcome": (
            "Informațiile solicitate sau un refuz motivat",
            "The information, or a reasoned refusal",
        ),
        "archive": "I-5",
        "documents": [],
        "fields": APPLICANT + _content("Informațiile solicitate", "The information you ask for"),
    },
    {
        "code": "sesizare",
        "category": "petitii",
        "kinds": LOCAL,
        "title": ("Sesizare a unei probleme în localitate", "Report a problem in the locality"),
        "description": (
            "Groapă în carosabil, iluminat defect, deșeuri abandonate și altele.",
            "Potholes, broken street lights, dumped waste and more.",
        ),
        "legal": "OG 27/2002",
        "term": (30, "calendar", 15),
        "fee": 0,
        "outcome": ("Răspuns și, după caz, intervenție", "An answer and, where due, repairs"),
        "archive": "I-4",
        "documents": [],
        "fields": APPLICANT
        + [
            {
                "name": "location",
                "type": "text",
                "label": _label("Locul problemei", "Where it is"),
                "required": True,
                "max_length": 300,
            }
        ]
        + _content("Descrierea problemei", "What is wrong")
        + ATTACHMENTS,
    },
    {
        "code": "audienta",
        "category": "petitii",
        "kinds": ALL,
        "title": ("Cerere de audiență", "Request for an audience"),
        "description": (
            "Programare la primar sau la conducerea instituției.",
            "An appointment with the mayor or the institution's management.",
        ),
        "legal": "OG 27/2002; regulamentul de organizare și funcționare",
        "term": (30, "calendar", 0),
        "fee": 0,
        "outcome": ("Data și ora audienței", "The date and time of the audience"),
        "archive": "I-4",
        "documents": [],
        "fields": APPLICANT + _content("Subiectul audienței", "What you wish to discuss"),
    },
    {
        "code": "certificat-urbanism",
        "category": "urbanism",
        "kinds": ALL,
        "title": ("Certificat de urbanism", "Urban planning certificate"),
        "description": (
            "Informează asupra regimului juridic, economic și tehnic al unui imobil.",
            "States the legal, economic and technical regime of a property.",
        ),
        "legal": "Legea 50/1991, art. 6–7; Ordinul MDRL 839/2009",
        "term": (15, "calendar", 0),
        "fee": 0,
        "fee_note": (
            "Taxă în funcție de suprafață (Codul fiscal, art. 474)",
            "A fee by surface (Fiscal Code, art. 474)",
        ),
        "outcome": ("Certificat de urbanism", "Urban planning certificate"),
        "archive": "V-1",
        "documents": [
            ("Plan de încadrare în zonă", "Location plan"),
            ("Plan de situație", "Site plan"),
            ("Extras de carte funciară", "Land register extract"),
        ],
        "fields": APPLICANT
        + WITH_CNP
        + [
            {
                "name": "purpose",
                "type": "choice",
                "label": _label("Scopul", "Purpose"),
                "required": True,
                "choices": [
                    {"value": "construire", "label": _label("Construire", "Building")},
                    {"value": "desfiintare", "label": _label("Desființare", "Demolition")},
                    {
                        "value": "instrainare",
                        "label": _label(
                            "Înstrăinare / alipire / dezlipire", "Sale / merging / division"
                        ),
                    },
                    {"value": "altele", "label": _label("Altele", "Other")},
                ],
            },
            {
                "name": "property_address",
                "type": "text",
                "label": _label("Adresa imobilului", "Property address"),
                "required": True,
                "max_length": 300,
            },
        ]
        + ATTACHMENTS,
    },
    {
        "code": "autorizatie-construire",
        "category": "urbanism",
        "kinds": ALL,
        "title": ("Autorizație de construire / desființare", "Building / demolition permit"),
        "description": (
            "Act de autoritate pentru executarea sau desființarea unei construcții.",
            "The permit to build or demolish.",
        ),
        "legal": "Legea 50/1991, art. 7",
        "term": (30, "calendar", 0),
        "fee": 0,
        "fee_note": (
            "Taxă de 0,5–1% din valoarea lucrărilor (Codul fiscal, art. 474)",
            "0.5–1% of the works' value (Fiscal Code, art. 474)",
        ),
        "outcome": (
            "Autorizație de construire sau de desființare",
            "Building or demolition permit",
        ),
        "archive": "V-2",
        "documents": [
            ("Certificat de urbanism", "Urban planning certificate"),
            ("Documentația tehnică (DTAC / DTAD)", "Technical documentation"),
            ("Avize și acorduri", "Approvals"),
        ],
        "fields": APPLICANT
        + WITH_CNP
        + [
            {
                "name": "urbanism_certificate",
                "type": "text",
                "label": _label(
                    "Numărul certificatului de urbanism", "Urban planning certificate number"
                ),
                "required": True,
                "max_length": 50,
            }
        ]
        + ATTACHMENTS,
    },
    {
        "code": "certificat-fiscal",
        "category": "taxe",
        "kinds": ALL,
        "title": ("Certificat de atestare fiscală", "Tax clearance certificate"),
        "description": (
            "Atestă obligațiile fiscale față de bugetul local.",
            "States your obligations to the local budget.",
        ),
        "legal": "Legea 207/2015 (Codul de procedură fiscală), art. 158–159",
        "term": (2, "working", 0),
        "fee": 0,
        "outcome": ("Certificat de atestare fiscală", "Tax clearance certificate"),
        "archive": "III-3",
        "documents": [],
        "fields": APPLICANT
        + WITH_CNP
        + [
            {
                "name": "purpose",
                "type": "text",
                "label": _label("Scopul eliberării", "What it is for"),
                "required": True,
                "max_length": 200,
            }
        ],
    },
    {
        "code": "declaratie-cladiri",
        "category": "taxe",
        "kinds": LOCAL,
        "title": ("Declarație de impunere pentru clădiri", "Tax return for buildings"),
        "description": (
            "Declararea unei clădiri dobândite, construite sau modificate.",
            "Declare a building you acquired, built or changed.",
        ),
        "legal": "Legea 227/2015 (Codul fiscal), art. 461",
        "term": (30, "calendar", 0),
        "fee": 0,
        "outcome": (
            "Înregistrarea în evidența fiscală și decizia de impunere",
            "Registration and the tax assessment",
        ),
        "archive": "III-1",
        "documents": [("Actul de proprietate", "Deed of ownership")],
        "fields": APPLICANT
        + WITH_CNP
        + [
            {
                "name": "property_address",
                "type": "text",
                "label": _label("Adresa clădirii", "Building address"),
                "required": True,
                "max_length": 300,
            },
            {
                "name": "acquired_on",
                "type": "date",
                "label": _label("Data dobândirii", "Acquired on"),
                "required": True,
                "when": "past",
            },
        ]
        + ATTACHMENTS,
    },
    {
        "code": "declaratie-terenuri",
        "category": "taxe",
        "kinds": LOCAL,
        "title": ("Declarație de impunere pentru terenuri", "Tax return for land"),
        "description": (
            "Declararea unui teren dobândit sau a schimbării categoriei de folosință.",
            "Declare land you acquired or a change in its use.",
        ),
        "legal": "Legea 227/2015 (Codul fiscal), art. 466",
        "term": (30, "calendar", 0),
        "fee": 0,
        "outcome": (
            "Înregistrarea în evidența fiscală și decizia de impunere",
            "Registration and the tax assessment",
        ),
        "archive": "III-1",
        "documents": [("Actul de proprietate", "Deed of ownership")],
        "fields": APPLICANT
        + WITH_CNP
        + [
            {
                "name": "land_location",
                "type": "text",
                "label": _label("Amplasamentul terenului", "Where the land is"),
                "required": True,
                "max_length": 300,
            },
            {
                "name": "acquired_on",
                "type": "date",
                "label": _label("Data dobândirii", "Acquired on"),
                "required": True,
                "when": "past",
            },
        ]
        + ATTACHMENTS,
    },
    {
        "code": "declaratie-auto",
        "category": "taxe",
        "kinds": LOCAL,
        "title": ("Declarație de impunere pentru mijloace de transport", "Tax return for vehicles"),
        "description": (
            "Înregistrarea fiscală a unui vehicul dobândit.",
            "Register a vehicle you acquired for tax.",
        ),
        "legal": "Legea 227/2015 (Codul fiscal), art. 471",
        "term": (30, "calendar", 0),
        "fee": 0,
        "outcome": ("Înregistrarea în evidența fiscală", "Registration for tax"),
        "archive": "III-2",
        "documents": [
            ("Contractul de vânzare-cumpărare", "Sale contract"),
            ("Cartea de identitate a vehiculului", "Vehicle identity card"),
        ],
        "fields": APPLICANT
        + WITH_CNP
        + [
            {
                "name": "plate",
                "type": "text",
                "label": _label("Număr de înmatriculare", "Registration plate"),
                "required": False,
                "max_length": 15,
            },
            {
                "name": "acquired_on",
                "type": "date",
                "label": _label("Data dobândirii", "Acquired on"),
                "required": True,
                "when": "past",
            },
        ]
        + ATTACHMENTS,
    },
    {
        "code": "radiere-vehicul",
        "category": "taxe",
        "kinds": LOCAL,
        "title": (
            "Scoaterea din evidență a unui vehicul",
            "Removing a vehicle from the tax register",
        ),
        "description": (
            "După vânzare, radiere sau furt, vehiculul nu mai este impozitat la dvs.",
            "After a sale, deregistration or theft, the vehicle is no longer taxed to you.",
        ),
        "legal": "Legea 227/2015 (Codul fiscal), art. 471",
        "term": (30, "calendar", 0),
        "fee": 0,
        "outcome": (
            "Certificat de atestare fiscală pentru scoaterea din evidență",
            "Certificate of removal",
        ),
        "archive": "III-2",
        "documents": [
            (
                "Actul de înstrăinare sau certificatul de radiere",
                "Sale deed or deregistration certificate",
            )
        ],
        "fields": APPLICANT
        + WITH_CNP
        + [
            {
                "name": "plate",
                "type": "text",
                "label": _label("Număr de înmatriculare", "Registration plate"),
                "required": True,
                "max_length": 15,
            }
        ]
        + ATTACHMENTS,
    },
    {
        "code": "adeverinta-registru-agricol",
        "category": "agricol",
        "kinds": LOCAL,
        "title": ("Adeverință din registrul agricol", "Certificate from the agricultural register"),
        "description": (
            "Atestă terenurile și animalele înscrise în registrul agricol.",
            "States the land and animals recorded in the agricultural register.",
        ),
        "legal": "OG 28/2008 privind registrul agricol",
        "term": (30, "calendar", 15),
        "fee": 0,
        "outcome": ("Adeverință", "Certificate"),
        "archive": "IV-1",
        "documents": [],
        "fields": APPLICANT
        + WITH_CNP
        + [
            {
                "name": "purpose",
                "type": "text",
                "label": _label("Scopul eliberării", "What it is for"),
                "required": True,
                "max_length": 200,
            }
        ],
    },
    {
        "code": "programare-casatorie",
        "category": "stare-civila",
        "kinds": LOCAL,
        "title": (
            "Programare la stare civilă pentru căsătorie",
            "Civil status appointment for a marriage",
        ),
        "description": (
            "Depunerea declarației de căsătorie și stabilirea datei oficierii.",
            "Filing the marriage declaration and setting the date.",
        ),
        "legal": "Legea 119/1996 cu privire la actele de stare civilă",
        "term": (10, "calendar", 0),
        "fee": 0,
        "outcome": ("Confirmarea programării", "Confirmation of the appointment"),
        "archive": "II-3",
        "documents": [
            ("Actele de identitate ale viitorilor soți", "Both partners' identity documents"),
            ("Certificatele de naștere", "Birth certificates"),
            ("Certificatele medicale prenupțiale", "Prenuptial medical certificates"),
        ],
        "fields": APPLICANT
        + [
            {
                "name": "preferred_date",
                "type": "date",
                "label": _label("Data dorită", "Preferred date"),
                "required": True,
                "when": "future",
            },
            {
                "name": "partner_name",
                "type": "text",
                "label": _label("Numele viitorului soț / viitoarei soții", "Partner's name"),
                "required": True,
                "max_length": 150,
            },
        ],
    },
    {
        "code": "autorizatie-transport-judetean",
        "category": "judet",
        "kinds": ["judet"],
        "title": (
            "Licență de traseu pentru transport public județean",
            "Route licence for county public transport",
        ),
        "description": (
            "Pentru operatorii de transport rutier de persoane prin curse regulate pe trasee județene.",
            "For operators of regular passenger services on county routes.",
        ),
        "legal": "Legea 92/2007 a serviciilor de transport public local",
        "term": (30, "calendar", 0),
        "fee": 0,
        "outcome": ("Licență de traseu", "Route licence"),
        "archive": "VI-1",
        "documents": [
            ("Licența de transport a operatorului", "Operator's transport licence"),
            ("Certificatele de înmatriculare ale vehiculelor", "Vehicle registration certificates"),
        ],
        "fields": APPLICANT
        + [
            {
                "name": "operator",
                "type": "text",
                "label": _label("Operatorul de transport", "Transport operator"),
                "required": True,
                "max_length": 200,
            },
            {
                "name": "route",
                "type": "text",
                "label": _label("Traseul", "Route"),
                "required": True,
                "max_length": 300,
            },
        ]
        + ATTACHMENTS,
    },
    {
        "code": "aviz-drum-judetean",
        "category": "judet",
        "kinds": ["judet"],
        "title": (
            "Acord și aviz pentru lucrări în zona drumurilor județene",
            "Consent for works near county roads",
        ),
        "description": (
            "Pentru racorduri, accese, rețele sau construcții în zona drumului județean.",
            "For access roads, utilities or buildings within a county road's zone.",
        ),
        "legal": "OG 43/1997 privind regimul drumurilor, art. 46–47",
        "term": (30, "calendar", 0),
        "fee": 0,
        "outcome": (
            "Acordul prealabil și avizul administratorului drumului",
            "The road administrator's consent",
        ),
        "archive": "VI-2",
        "documents": [
            ("Plan de situație", "Site plan"),
            ("Certificat de urbanism", "Urban planning certificate"),
        ],
        "fields": APPLICANT
        + [
            {
                "name": "road",
                "type": "text",
                "label": _label(
                    "Drumul județean și poziția kilometrică", "County road and kilometre"
                ),
                "required": True,
                "max_length": 100,
            }
        ]
        + ATTACHMENTS,
    },
    {
        "code": "informatii-publice-judet",
        "category": "judet",
        "kinds": ["judet"],
        "title": ("Petiție adresată Consiliului Județean", "Petition to the County Council"),
        "description": (
            "Cereri și sesizări privind drumurile, spitalele, școlile speciale și alte servicii ale județului.",
            "Requests about county roads, hospitals, special schools and other county services.",
        ),
        "legal": "OG 27/2002",
        "term": (30, "calendar", 15),
        "fee": 0,
        "outcome": ("Răspuns scris", "A written answer"),
        "archive": "I-4",
        "documents": [],
        "fields": APPLICANT + _content("Conținutul petiției", "Your petition") + ATTACHMENTS,
    },
]
