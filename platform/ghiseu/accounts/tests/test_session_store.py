"""The session store: a new session is one INSERT, a change one UPDATE (outside a
transaction, as a request saves it), and a key in use is never overwritten."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from ghiseu.accounts.sessions.store import SessionStore


def _outside_the_test_transaction(django_db_blocker: Any, work: Any) -> Any:
    """On a connection of its own, committed, as a request's session is saved."""

    def run() -> Any:
        try:
            with schema_context("resita_t"):
                return work()
        finally:
            connections.close_all()

    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _verbs(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"].split()[0] for q in captured.captured_queries if "search_path" not in q["sql"]]


@pytest.mark.django_db
def test_a_citizens_session_is_written_in_one_statement_each_time(world, django_db_blocker):
    def work() -> tuple[list[str], list[str], Any]:
        store = SessionStore()
        store["answers"] = {"content": "Groapă"}
        with CaptureQueriesContext(connection) as created:
            store.save()
        store["answers"] = {"content": "Groapă mare"}
        with CaptureQueriesContext(connection) as changed:
            store.save()
        kept = SessionStore(session_key=store.session_key)["answers"]
        store.delete()
        return _verbs(created), _verbs(changed), kept

    created, changed, kept = _outside_the_test_transaction(django_db_blocker, work)
    assert (created, changed, kept) == (["INSERT"], ["UPDATE"], {"content": "Groapă mare"})


@pytest.mark.django_db
def test_a_new_session_never_takes_a_key_in_use(world, django_db_blocker, monkeypatch):
    def work() -> tuple[str, str]:
        first = SessionStore()
        first["who"] = "first"
        first.save()
        keys = iter([first.session_key, "k" * 32])
        monkeypatch.setattr(SessionStore, "_get_new_session_key", lambda self: next(keys))
        second = SessionStore()
        second["who"] = "second"
        second.save()
        result = second.session_key, SessionStore(session_key=first.session_key)["who"]
        first.delete()
        second.delete()
        return result

    assert _outside_the_test_transaction(django_db_blocker, work) == ("k" * 32, "first")
