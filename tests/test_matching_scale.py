"""The bulk build (issue 8) skips pairs a bound says cannot link: it must never skip one that would."""
from __future__ import annotations

from datetime import date, timedelta

from core.matching import DATE_SCALE, FLOOR, Matcher
from test_matching import ARTICLES, make


def spread() -> list:
    """Every team article printed again and again, weeks to months apart: pairs from far above FLOOR
    down to just under it, where the date bound (score <= reach x reach / (1 + (gap / 14)^2)) bites."""
    items = []
    start = date(2025, 1, 1)
    for n, (title, _, source, body) in enumerate(ARTICLES.values()):
        for k, days in enumerate((0, 20, 45, 70, 88, 92, 95, 130, 200)):
            published = (start + timedelta(days=days + n)).isoformat()
            items.append(make(1000 * n + k + 1, title, published, source, body + f"\n\nEdition {k}."))
    return items


def every_pair(matcher: Matcher) -> dict[tuple[int, int], float]:
    ids = sorted(matcher._items)
    scores = {(a, b): matcher._score(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]}
    return {pair: score for pair, score in scores.items() if score >= FLOOR}


def pairs_sharing_a_rare_key(matcher: Matcher) -> list[tuple[int, int]]:
    return [(a, b) for a in sorted(matcher._items) for b in matcher._candidates(matcher._items[a]) if a < b]


def bound(matcher: Matcher, a: int, b: int) -> float:
    gap = (matcher._items[a].day - matcher._items[b].day) / DATE_SCALE
    return matcher._reach(a) * matcher._reach(b) / (1 + gap * gap)


def test_the_bulk_build_links_exactly_the_pairs_scoring_floor_or_more() -> None:
    items = spread()
    bulk = Matcher.from_items(items)
    found = {(a, b): score for a, links in bulk._links.items() for b, score in links.items() if a < b}
    expected = every_pair(bulk)
    assert found == expected
    # the bound was put to work: it skipped comparable pairs, and prints weeks apart still linked
    skipped = [(a, b) for a, b in pairs_sharing_a_rare_key(bulk) if bound(bulk, a, b) < FLOOR]
    assert len(skipped) > 100 and all(bulk._score(a, b) < FLOOR for a, b in skipped)
    assert max(abs(bulk._items[a].day - bulk._items[b].day) for a, b in found) >= 40


def test_incremental_and_bulk_hold_the_same_index() -> None:
    items = spread()
    one_by_one = Matcher()
    for item in reversed(items):
        one_by_one.add(item)
    bulk = Matcher.from_items(items)
    assert one_by_one._terms == bulk._terms and one_by_one._links == bulk._links
    assert one_by_one.stories() == bulk.stories()
    for article_id in sorted(bulk._items)[::3]:
        one_by_one.remove(article_id)
    rebuilt = Matcher.from_items([i for i in items if i.id in one_by_one])
    assert one_by_one._terms == rebuilt._terms and one_by_one._links == rebuilt._links
    assert one_by_one.stories() == rebuilt.stories()


def test_add_many_holds_the_same_index_as_adding_one_by_one() -> None:
    import core.matching as matching

    items = spread()
    first, later = items[::2], items[1::2]
    one_by_one = Matcher.from_items(first)
    for item in later:
        one_by_one.add(item)
    incremental = Matcher.from_items(first)
    share = matching.REBUILD_SHARE
    try:
        matching.REBUILD_SHARE = 0                   # never rebuild: the incremental path
        incremental.add_many(reversed(later))
        rebuilt = Matcher.from_items(first)
        matching.REBUILD_SHARE = len(items)          # always rebuild
        rebuilt.add_many(later)
    finally:
        matching.REBUILD_SHARE = share
    for matcher in (incremental, rebuilt):
        assert matcher._terms == one_by_one._terms and matcher._links == one_by_one._links
        assert matcher._df == one_by_one._df and matcher._rare == one_by_one._rare
        assert matcher.stories() == one_by_one.stories() == Matcher.from_items(items).stories()


def test_add_many_replaces_articles_it_holds_and_keeps_constraints() -> None:
    import core.matching as matching
    from core.matching import Constraints

    items = spread()
    ids = [item.id for item in items]
    constraints = Constraints(same={frozenset((ids[0], ids[-1]))}, different={frozenset((ids[1], ids[2]))})
    one_by_one = Matcher.from_items(items[:40], constraints)
    batch = Matcher.from_items(items[:40], constraints)
    again = items[30:60]                            # ten held already, twenty new
    for item in again:
        one_by_one.add(item)
    share = matching.REBUILD_SHARE
    try:
        matching.REBUILD_SHARE = 0
        batch.add_many(again)
    finally:
        matching.REBUILD_SHARE = share
    assert batch._links == one_by_one._links and batch.stories() == one_by_one.stories()
    assert batch.stories() == Matcher.from_items(items[:60], constraints).stories()
