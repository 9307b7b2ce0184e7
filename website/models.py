"""The site's models, one module per subdomain; imported here so Django finds them."""

from .mol.models import Act, ActFile, ActKind, ActRelation, FileRole, RelationKind, Section
from .registers import Register, RegisterCounter

__all__ = [
    "Act",
    "ActFile",
    "ActKind",
    "ActRelation",
    "FileRole",
    "Register",
    "RegisterCounter",
    "RelationKind",
    "Section",
]
