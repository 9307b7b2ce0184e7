"""The compartments a Romanian primărie or county council usually has, and which of them
receives the requests of each catalog service.

Data only: the services that create the departments and fill a UAT's offer read it. The names
are Romanian on purpose (they are the institution's own names, shown as they are in both
languages); the online filing finds a service's department by name, case-insensitively.
"""

from __future__ import annotations

REGISTRY = "Registratură / Relații cu publicul"
PLANNING = "Urbanism și amenajarea teritoriului"
TAXES = "Taxe și impozite locale"
CIVIL_STATUS = "Stare civilă"
AGRICULTURAL_REGISTER = "Registrul agricol"
SOCIAL_ASSISTANCE = "Asistență socială"
SECRETARIAT = "Secretariat general / juridic"
PROCUREMENT = "Achiziții publice"
LAND_FUND = "Fond funciar"

COUNTY_REGISTRY = "Registratură"
COUNTY_ROADS = "Direcția tehnică / Drumuri județene"
COUNTY_LEGAL = "Juridic"
COUNTY_PUBLIC_RELATIONS = "Relații cu publicul"

# A municipality, a town and a commune have the same compartments (a commune's may be one
# person each); the county council has its own.
LOCAL_DEPARTMENTS: tuple[str, ...] = (
    REGISTRY,
    PLANNING,
    TAXES,
    CIVIL_STATUS,
    AGRICULTURAL_REGISTER,
    SOCIAL_ASSISTANCE,
    SECRETARIAT,
    PROCUREMENT,
    LAND_FUND,
)
COUNTY_DEPARTMENTS: tuple[str, ...] = (
    COUNTY_REGISTRY,
    COUNTY_ROADS,
    PLANNING,
    COUNTY_LEGAL,
    COUNTY_PUBLIC_RELATIONS,
)

COUNTY_KIND = "judet"

# Service code (services_catalog/catalog_data.py) -> the department that receives its requests.
_LOCAL_OFFERING_DEPARTMENTS: dict[str, str] = {
    # Petitions and public information go to the public-relations desk (Legea 544/2001 asks
    # for a designated compartment), which answers or dispatches them.
    "petitie": REGISTRY,
    "informatii-publice": REGISTRY,
    "sesizare": REGISTRY,
    # Audiences with the mayor are scheduled by the general secretariat.
    "audienta": SECRETARIAT,
    "certificat-urbanism": PLANNING,
    "autorizatie-construire": PLANNING,
    "certificat-fiscal": TAXES,
    "declaratie-cladiri": TAXES,
    "declaratie-terenuri": TAXES,
    "declaratie-auto": TAXES,
    "radiere-vehicul": TAXES,
    "adeverinta-registru-agricol": AGRICULTURAL_REGISTER,
    "programare-casatorie": CIVIL_STATUS,
}
_COUNTY_OFFERING_DEPARTMENTS: dict[str, str] = {
    "petitie": COUNTY_PUBLIC_RELATIONS,
    "informatii-publice": COUNTY_PUBLIC_RELATIONS,
    "informatii-publice-judet": COUNTY_PUBLIC_RELATIONS,
    "audienta": COUNTY_PUBLIC_RELATIONS,
    "certificat-urbanism": PLANNING,
    "autorizatie-construire": PLANNING,
    # A county council keeps no local-tax register of its own: the registry dispatches these.
    "certificat-fiscal": COUNTY_REGISTRY,
    "autorizatie-transport-judetean": COUNTY_ROADS,
    "aviz-drum-judetean": COUNTY_ROADS,
}


def department_default_names(*, uat_kind: str) -> tuple[str, ...]:
    """The compartments created for a new UAT of this kind (``tenants.models.UATKind``)."""
    return COUNTY_DEPARTMENTS if uat_kind == COUNTY_KIND else LOCAL_DEPARTMENTS


def offering_department_defaults(*, uat_kind: str) -> dict[str, str]:
    """{service code: department name} for the catalog services a UAT of this kind offers;
    every name is one of ``department_default_names(uat_kind=...)``. A copy: callers may
    change it."""
    source = (
        _COUNTY_OFFERING_DEPARTMENTS if uat_kind == COUNTY_KIND else _LOCAL_OFFERING_DEPARTMENTS
    )
    return dict(source)
