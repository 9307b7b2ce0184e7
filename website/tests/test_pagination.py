"""The site's long lists page by key (website.pagination): a reader walking the county index
sees every act once, even while the UATs register and publish more of them."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from itertools import count

import pytest
from django.utils import timezone

from website.county.models import CountyAct
from website.county.views import PAGE_SIZE

pytestmark = pytest.mark.django_db

ROW = re.compile(r"<p>(act-\d+)</p>")
NEXT = re.compile(r'<a href="\?([^"]*)" rel="next">')
PREVIOUS = re.compile(r'<a href="\?([^"]*)" rel="prev">')
numbers = count(1)


def published(*, adopted_on: date, schema: str = "resita_t", how_many: int = 1) -> list[str]:
    """Rows as the MOL's services write them; several share one adoption day, as in a council
    meeting, so the id breaks the ties."""
    rows = []
    for _ in range(how_many):
        number = next(numbers)
        rows.append(
            CountyAct(
                schema_name=schema,
                act_id=number,
                uat_name="Municipiul Reșița",
                section="hotarari",
                year=adopted_on.year,
                number=number,
                kind="individual",
                title=f"act-{number}",
                adopted_on=adopted_on,
                published_at=timezone.now(),
                path=f"/mol/hotarari/{adopted_on.year}/{number}/",
            )
        )
    CountyAct.objects.bulk_create(rows)
    return [row.title for row in rows]


def page(client, query: str) -> tuple[list[str], str | None, str | None]:
    body = client.get(f"/acte/?{query}").content.decode()
    following, preceding = NEXT.search(body), PREVIOUS.search(body)
    return (
        ROW.findall(body),
        html.unescape(following.group(1)) if following else None,
        html.unescape(preceding.group(1)) if preceding else None,
    )


def test_a_reader_paging_the_county_index_sees_every_act_once_while_acts_are_added(
    world, django_assert_max_num_queries
):
    day = date(2026, 6, 1)
    existing = []
    for offset in range(8):  # eight meetings of ten acts each: 80 rows, three pages of 30
        existing += published(adopted_on=day - timedelta(days=30 * offset), how_many=10)
    client = world.county_client()
    seen: list[str] = []
    query: str | None = "sectiune=hotarari"
    pages = 0
    while query is not None:
        with django_assert_max_num_queries(4):
            rows, query, _previous = page(client, query)
        seen += rows
        pages += 1
        # Meanwhile: a newer meeting's acts, and acts of a day already paged past.
        published(adopted_on=day + timedelta(days=pages), how_many=3)
        published(adopted_on=day - timedelta(days=1), how_many=2)
    assert len(seen) == len(set(seen)), "no act is shown twice"
    assert set(existing) <= set(seen), "no act is skipped"
    assert pages == 3


def test_the_previous_pages_lead_back_to_the_first_with_the_filters_kept(world):
    rows = published(adopted_on=date(2026, 3, 2), how_many=2 * PAGE_SIZE + 5)
    published(adopted_on=date(2026, 3, 2), schema="caransebes_t", how_many=3)
    client = world.county_client()
    first, query, previous = page(client, "uat=resita_t")
    assert previous is None and query is not None and "uat=resita_t" in query
    second, query, _ = page(client, query)
    third, query, previous = page(client, query)
    assert query is None and len(third) == 5
    assert first + second + third == list(reversed(rows))
    back, _, previous = page(client, previous)
    assert back == second
    again, _, previous = page(client, previous)
    assert again == first and previous is None


@pytest.mark.parametrize(
    "cursor",
    [
        "dupa=abc",
        "dupa=2026-13-01_5",
        "dupa=2026-01-01_99999999999999999999",
        "inainte=_",
        "pagina=7",
    ],
)
def test_a_hand_edited_page_link_shows_the_first_page(world, cursor):
    rows = published(adopted_on=date(2026, 3, 2), how_many=3)
    shown, following, previous = page(world.county_client(), cursor)
    assert shown == list(reversed(rows)) and following is None and previous is None
