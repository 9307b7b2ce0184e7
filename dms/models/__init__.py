"""The dms models, one module per subdomain; imported here so Django and callers find them."""

from .archive import (
    ArchiveFile,
    ArchiveFileStatus,
    DisposalList,
    DisposalStatus,
    FileCode,
    SelectionCommitteeMember,
)
from .cases import CLOSED_STATUSES, Case, CaseEvent, CaseStatus, tracking_token
from .departments import Department
from .documents import Document, DocumentKind, SignatureStatus
from .registry import Channel, Direction, RegistryCounter, RegistryEntry

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
    "SelectionCommitteeMember",
    "SignatureStatus",
    "tracking_token",
]
