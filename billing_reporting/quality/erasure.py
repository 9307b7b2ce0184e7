"""The quality register's copies of a case's personal data, erased with the case by the
retention job: the citizen's survey comment (the score and reason stay: the satisfaction
figures), the complaint's text in the nonconformity register (its number, case number, state
and actions stay) and the e-mail that told the head about it."""

from __future__ import annotations

from dms.archive.erasure import ErasedCase, notifications_erase

from .nonconformities.models import Nonconformity
from .surveys.models import Survey

TEXTS = ("title", "description", "correction", "root_cause", "corrective_action", "effectiveness")


def quality_copies_erase(erased: ErasedCase) -> int:
    changed = 0
    comments = []
    for survey in Survey.objects.filter(case_id=erased.case_id):
        if survey.comment:
            comments.append(survey.comment)
            Survey.objects.filter(pk=survey.pk).update(comment="")
            changed += 1
        changed += notifications_erase(keys=[f"survey:{survey.pk}:"], scrub=erased.scrub)
    for nonconformity in Nonconformity.objects.filter(case_id=erased.case_id):
        for name in TEXTS:
            value = getattr(nonconformity, name)
            for comment in comments:  # the citizen's own words, whatever they named
                value = value.replace(comment, erased.scrub.replacement)
            setattr(nonconformity, name, erased.scrub.text(value))
        nonconformity.title = nonconformity.title[:200]
        nonconformity.save(update_fields=list(TEXTS))
        changed += 1
    return changed
