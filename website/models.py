"""The site's models, one module per subdomain; imported here so Django finds them."""

from .consultation.models import AnswerStatus, Consultation, Recommendation
from .content.models import Announcement, AnnouncementFile, Category, Page, PageKind
from .mol.models import Act, ActFile, ActKind, ActRelation, FileRole, RelationKind, Section
from .registers import Register, RegisterCounter

__all__ = [
    "Act",
    "ActFile",
    "ActKind",
    "ActRelation",
    "Announcement",
    "AnnouncementFile",
    "AnswerStatus",
    "Category",
    "Consultation",
    "FileRole",
    "Page",
    "PageKind",
    "Recommendation",
    "Register",
    "RegisterCounter",
    "RelationKind",
    "Section",
]
