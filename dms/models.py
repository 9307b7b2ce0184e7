"""The dms models live in their subdomain packages (``dms/<package>/models.py``); Django loads
the app's models from here, and callers may import any of them from ``dms.models``."""

from dms.archive.models import (
    ArchiveFile,
    ArchiveFileStatus,
    DisposalList,
    DisposalStatus,
    FileCode,
    RetentionRule,
    SelectionCommitteeMember,
)
from dms.cases.models import CLOSED_STATUSES, Case, CaseEvent, CaseStatus, tracking_token
from dms.departments.models import Department
from dms.documents.models import Document, DocumentKind, SignatureStatus
from dms.registry.models import Channel, Direction, RegistryCounter, RegistryEntry

__all__ = [
    "CLOSED_STATUSES",
    "ArchiveFile",
    "ArchiveFileStatus",
    "Case",
    "CaseEvent",
    "CaseStatus",
    "Channel",
    "Department",
    "Direction",
    "DisposalList",
    "DisposalStatus",
    "Document",
    "DocumentKind",
    "FileCode",
    "RegistryCounter",
    "RegistryEntry",
    "RetentionRule",
    "SelectionCommitteeMember",
    "SignatureStatus",
    "tracking_token",
]
