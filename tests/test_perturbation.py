"""The perturbation generator (tests/perturbation.py) and the comparison targets it measures (issue 4, ENGINE §7).

Generator tests need no comparison: every logged span is exact, B is A with the logged edits and
nothing else, INV edits leave every fact's normalised value as it was, a DIR edit changes exactly its
fact. The test_targets_* tests compare a fast subset of real pairs (../shared/data/polnear) and assert
the issue's targets; the full table comes from tests/bench/eval_perturbation.py.
"""
from __future__ import annotations

import random
import re
from functools import lru_cache

import pytest

from bench.eval_perturbation import (
    FALSE_PER_PAIR_TARGET, RECALL_TARGET, compare_variant, false_alarms, misses, summarise,
)
from core.analysis import Analysis, analyse
from core.model import Span
from core.normalise import same_person_evidence
from perturbation import (
    DIR_KINDS, INV_KINDS, Edit, Source, Variant, dir_holds, edit_zone, inv_holds, load_sources, make_variant,
    one_each, overlaps, prepare, replay,
)
from perturbation_edits import INV_FINDERS
from rapidfuzz.distance import Levenshtein

# Original fiction: the town, the bridge and every person are invented.
STORY = """Flood closes Tanner Street bridge as river rises.

The city council voted on Tuesday to close the old Tanner Street bridge after divers found cracks in 3 piers, \
the council said in a statement. The bridge carried 9,000 cars a day.

About 240 residents were moved from homes near the river overnight, and volunteers opened a shelter at a \
school in Dayton.

"We had no choice but to shut it," Mayor Ines Varga said. "The piers are cracked and the water is still rising."

Engineer Daniel Okoro, who inspected the bridge for the state of Ohio, said repairs would cost $4.5 million and \
take 14 weeks.

Crews from Columbus, Cincinnati and Toledo worked through the night; the U.S. Army Corps of Engineers sent a \
team to check the flood defense walls.

"This is the worst flooding we have seen in 30 years," Okoro said.

Later, the governor, Maria Castell, said she would visit on Friday. She did not say how long she would stay.

Varga said the city would organize a public meeting at the town hall next week."""
DATE = "2024-03-06"
_WEEKDAY = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")


@lru_cache(maxsize=512)
def analysed(body: str, published: str = DATE) -> Analysis:
    return analyse(body, published)


@pytest.fixture(scope="module")
def story():
    return prepare(Source("saltmere-bridge", STORY, DATE))


def variant_of(story, kind: str | None, seed: int = 0) -> Variant:
    variant = make_variant(story, "saltmere-bridge", kind, seed)
    assert variant is not None, f"no {kind} edit could be planted in the story"
    return variant


def assert_log_exact(variant: Variant) -> None:
    for edit in variant.edits:
        assert variant.a[edit.a.start:edit.a.end] == edit.a_text, edit
        assert variant.b[edit.b.start:edit.b.end] == edit.b_text, edit
    starts = [(e.a.start, e.a.end) for e in variant.edits]
    assert all(x[1] < y[0] for x, y in zip(starts, starts[1:])), "edits overlap or touch"
    assert replay(variant.a, variant.edits) == variant.b, "B differs from A by more than the log says"


def without_noise(variant: Variant) -> str:
    """B with only the planted edit: A plus the DIR edit."""
    return replay(variant.a, [e for e in variant.edits if e.direction == "DIR"])


# --- the generator on our own story -----------------------------------------------------------------

@pytest.mark.parametrize("kind", [*DIR_KINDS, None])
def test_logged_spans_are_exact(story, kind: str | None) -> None:
    variant = variant_of(story, kind)
    assert variant.kind == (kind or "unperturbed")
    assert sum(e.direction == "DIR" for e in variant.edits) == (1 if kind else 0)
    assert 1 <= sum(e.direction == "INV" for e in variant.edits) <= 4
    assert_log_exact(variant)


@pytest.mark.parametrize("kind", DIR_KINDS)
def test_dir_edit_changes_exactly_its_fact(story, kind: str) -> None:
    variant = variant_of(story, kind)
    planted = variant.planted
    bare = without_noise(variant)
    moved = Edit(planted.kind, "DIR", planted.a, Span(planted.a.start, planted.a.start + len(planted.b_text)),
                 planted.a_text, planted.b_text, planted.detail, planted.target)
    assert dir_holds(kind, analysed(variant.a), analysed(bare), moved, variant.a, bare)


@pytest.mark.parametrize("kind", [*DIR_KINDS, None])
def test_inv_edits_leave_every_fact_as_it_was(story, kind: str | None) -> None:
    variant = variant_of(story, kind)
    assert inv_holds(analysed(without_noise(variant)), analysed(variant.b))


@pytest.mark.parametrize("kind", DIR_KINDS)
def test_inv_edits_stay_out_of_the_planted_paragraph(story, kind: str) -> None:
    variant = variant_of(story, kind)
    zone = edit_zone(variant.a, variant.planted)
    for edit in variant.edits:
        if edit.direction == "INV":
            assert not (edit.a.start <= zone.end and zone.start <= edit.a.end), edit


def test_planted_edits_are_what_their_kind_says(story) -> None:
    edits = {kind: variant_of(story, kind).planted for kind in DIR_KINDS}
    number = edits["number"]
    assert number.a_text != number.b_text and number.a_text not in number.b_text and number.b_text not in number.a_text
    name = edits["name"]
    assert Levenshtein.distance(name.a_text, name.b_text) == 1 and same_person_evidence(name.a_text, name.b_text)[0]
    weekday = edits["weekday"]
    assert _WEEKDAY.fullmatch(weekday.a_text) and _WEEKDAY.fullmatch(weekday.b_text) and weekday.a_text != weekday.b_text
    assert edits["place"].b_text in {"Dayton", "Columbus", "Cincinnati", "Toledo", "Ohio"}    # from the same story
    assert edits["speaker"].b_text in {"Varga", "Okoro", "Castell", "Ines Varga", "Daniel Okoro", "Maria Castell"}
    assert edits["speaker"].b_text not in edits["speaker"].a_text
    assert re.fullmatch(r"(?:The |the )?[A-Z][\w ]+ report(?:ed|s)", edits["sourcing"].b_text)
    omission = edits["omission"]
    assert omission.b_text == "" and omission.b.start == omission.b.end and omission.a_text.rstrip().endswith(".")


def test_same_seed_same_variant_other_seed_other_variant(story) -> None:
    assert variant_of(story, "number", seed=1) == variant_of(story, "number", seed=1)
    variants = {variant_of(story, "number", seed=s).edits for s in range(4)}
    assert len(variants) > 1


def test_checks_refuse_a_changed_fact() -> None:
    before = analysed("Officials said 240 residents were moved from homes near the river on Tuesday.")
    assert not inv_holds(before, analysed("Officials said 420 residents were moved from homes near the river on Tuesday."))
    assert inv_holds(before, analysed("Officials said 240 residents were moved from homes near the river on Tuesday ."))
    text = "Officials said 240 residents were moved on Tuesday and 12 shops shut."
    edit = Edit("number", "DIR", Span(15, 18), Span(15, 18), "240", "420")
    assert dir_holds("number", analysed(text), analysed(text.replace("240", "420")), edit, text, "")
    both = text.replace("240", "420").replace("Tuesday", "Monday")
    assert not dir_holds("number", analysed(text), analysed(both), edit, text, both)


@pytest.mark.parametrize("text", ["", "Short.", "Nothing to see here, and nothing to change at all."])
def test_odd_articles_give_no_variant_and_never_raise(text: str) -> None:
    view = prepare(Source("odd", text, DATE))
    assert all(make_variant(view, "odd", kind) is None for kind in DIR_KINDS)


# --- each INV finder on sentences of ours --------------------------------------------------------------

INV_CASES = [
    ("spelling", "Crews checked the flood defense walls near the bridge.",
     "Crews checked the flood defence walls near the bridge."),
    ("abbreviation", "The U.S. team arrived with pumps and sandbags for the town.",
     "The US team arrived with pumps and sandbags for the town."),
    ("abbreviation", "Aid from the EU, which sent pumps, arrived late.", "Aid from the E.U., which sent pumps, arrived late."),
    ("serial_comma", "Crews came from Columbus, Cincinnati and Toledo overnight.",
     "Crews came from Columbus, Cincinnati, and Toledo overnight."),
    ("serial_comma", "Volunteers brought blankets, food, and water to the hall.",
     "Volunteers brought blankets, food and water to the hall."),
    ("number_format", "Divers said they found cracks in 3 piers of the bridge.",
     "Divers said they found cracks in three piers of the bridge."),
    ("number_format", "Divers said they found cracks in three piers of the bridge.",
     "Divers said they found cracks in 3 piers of the bridge."),
    ("typography", 'The mayor called it "a hard choice" and the town\'s worst week.',
     "The mayor called it “a hard choice” and the town’s worst week."),
    ("typography", "The mayor called it “a hard choice” and the town’s worst week.",
     'The mayor called it "a hard choice" and the town\'s worst week.'),
    ("case", "The bridge was closed by Mayor Ines Varga and the council.",
     "The bridge was closed by mayor Ines Varga and the council."),
    ("punctuation", "The river rose. Later, the council met again to discuss the repairs.",
     "The river rose. Later the council met again to discuss the repairs."),
    ("split", "The council voted to close the bridge on Tuesday, and the engineers began work on the piers at once.",
     "The council voted to close the bridge on Tuesday. The engineers began work on the piers at once."),
    ("merge", "The bridge closed at noon on Tuesday. The ferry ran all night to carry commuters.",
     "The bridge closed at noon on Tuesday; the ferry ran all night to carry commuters."),
]


def proposals(kind: str, text: str) -> set[str]:
    view = prepare(Source("case", text, DATE))
    return {replay(text, [Edit(p.kind, "INV", Span(p.start, p.end), Span(0, 0), text[p.start:p.end], p.text)])
            for p in INV_FINDERS[kind](view, random.Random(0))}


@pytest.mark.parametrize(("kind", "text", "expected"), INV_CASES)
def test_inv_finder_proposes_the_cosmetic_rewrite(kind: str, text: str, expected: str) -> None:
    assert expected in proposals(kind, text)
    assert inv_holds(analysed(text), analysed(expected))


PARAGRAPHS = ("Flood closes bridge.\n\nThe council shut the bridge on Tuesday.\n\n"
              "Engineers found cracks in the piers.\n\nThe ferry ran all night.\n\nRepairs start next week.")


def test_paragraph_order_swaps_two_neighbours_after_the_lead() -> None:
    swapped = ("Flood closes bridge.\n\nThe council shut the bridge on Tuesday.\n\n"
               "The ferry ran all night.\n\nEngineers found cracks in the piers.\n\nRepairs start next week.")
    assert swapped in proposals("paragraph_order", PARAGRAPHS)


def test_furniture_line_goes_between_paragraphs() -> None:
    found = proposals("furniture", PARAGRAPHS)
    assert found and all(re.search(r"\n\n(?:Advertisement|RELATED [^\n]+)\n\n", text) for text in found)
    assert all(text.replace("\n\n", " ").count("Engineers found cracks") == 1 for text in found)


def test_every_inv_kind_has_a_case() -> None:
    covered = {kind for kind, _, _ in INV_CASES} | {"paragraph_order", "furniture"}
    assert covered == set(INV_KINDS)


@pytest.mark.parametrize("text", ["We live in the U.S. The river is high.", "The U.S. STATE DEPARTMENT said no."])
def test_abbreviation_never_eats_a_sentence_end_or_a_headline(text: str) -> None:
    assert proposals("abbreviation", text) == set()


def test_spelling_keeps_words_whose_meaning_differs() -> None:
    assert proposals("spelling", "The drivers will never tire of the parking meter on the curb.") == set()


# --- real articles (../shared), and the comparison targets ---------------------------------------------

SUBSET_ARTICLES = 20
SUBSET_UNPERTURBED = 10


@pytest.fixture(scope="module")
def subset() -> list[Variant]:
    sources = load_sources("polnear", SUBSET_ARTICLES, seed=0)
    if not sources:
        pytest.skip("../shared/data/polnear is absent: the real articles live in the read-only ../shared folder")
    return one_each(sources, seed=0, unperturbed=SUBSET_UNPERTURBED)


@pytest.mark.shared
def test_real_subset_covers_every_kind_with_exact_logs(subset: list[Variant]) -> None:
    assert {v.kind for v in subset} == {*DIR_KINDS, "unperturbed"}
    for variant in subset:
        assert_log_exact(variant)


@pytest.mark.shared
def test_real_subset_inv_edits_keep_facts_and_dir_edits_change_theirs(subset: list[Variant]) -> None:
    for variant in subset:
        bare = without_noise(variant)
        assert inv_holds(analysed(bare, variant.published), analysed(variant.b, variant.published)), variant.article
        planted = variant.planted
        if planted is not None:
            moved = Edit(planted.kind, "DIR", planted.a, Span(planted.a.start, planted.a.start + len(planted.b_text)),
                         planted.a_text, planted.b_text, planted.detail, planted.target)
            assert dir_holds(planted.kind, analysed(variant.a, variant.published), analysed(bare, variant.published),
                             moved, variant.a, bare), (variant.article, planted)


@pytest.fixture(scope="module")
def outcomes(subset: list[Variant]):
    try:
        return [compare_variant(v) for v in subset]
    except (NotImplementedError, ImportError) as error:
        pytest.skip(f"core.compare.compare is not ready yet: {error!r}")


@pytest.mark.shared
def test_targets_recall_per_factual_kind(outcomes) -> None:
    summary = summarise(outcomes)
    low = {k: f"{summary.found[k]}/{summary.planted[k]}" for k in DIR_KINDS
           if summary.planted[k] and summary.recall(k) < RECALL_TARGET}
    assert not low, f"recall below {RECALL_TARGET}: {low}\n" + "\n".join(misses(outcomes, 10))


@pytest.mark.shared
def test_targets_cosmetic_never_called_factual(outcomes) -> None:
    called = [(o.variant.article, e.kind, d.kind, d.explanation) for o in outcomes for e, d in o.inv_factual]
    assert not called, "\n".join(map(str, called))


@pytest.mark.shared
def test_targets_false_factual_per_unperturbed_pair(outcomes) -> None:
    summary = summarise(outcomes)
    assert summary.unperturbed >= SUBSET_UNPERTURBED // 2
    assert summary.false_per_pair <= FALSE_PER_PAIR_TARGET, "\n".join(false_alarms(outcomes, 10))


def test_overlap_counts_a_deletion_point_inside_a_side() -> None:
    assert overlaps(Span(5, 5), 0, 10) and not overlaps(Span(5, 5), 5, 5) and not overlaps(Span(5, 8), 8, 12)
