"""Comparison keys: equal things written two ways get one key; different things keep apart."""
from __future__ import annotations

import pytest

from core.normalise import (
    metaphone,
    name_key,
    org_key,
    place_key,
    role_key,
    same_person_evidence,
    spelling_key,
    text_key,
)


@pytest.mark.parametrize("raw, key", [
    ("Zoë  Brennan", "zoe brennan"),
    ("ZOË BRENNAN", "zoe brennan"),
    ("Łukasz O’Brien-Hale", "lukasz obrien hale"),
    ("Søren Kierkegård", "soren kierkegard"),
    ("Jean-Luc\tPicard", "jean luc picard"),
    ("J. K. Marlowe", "j k marlowe"),
    ("  Mary   O'Neill ", "mary oneill"),
    ("Straße", "strasse"),
])
def test_name_key(raw: str, key: str) -> None:
    assert name_key(raw) == key


@pytest.mark.parametrize("variants, key", [
    (["U.K.", "UK", "United Kingdom", "Britain", "Great Britain", "British", "the United Kingdom"], "united kingdom"),
    (["US", "U.S.", "USA", "U.S.A.", "United States", "America", "American"], "united states"),
    (["Washington, D.C.", "Washington DC", "Washington D.C.", "District of Columbia"], "washington dc"),
    (["Kyiv", "Kiev"], "kyiv"),
    (["Canada", "Canadian"], "canada"),
    (["Ukraine", "Ukrainian"], "ukraine"),
    (["Russia", "Russian", "Russian Federation"], "russia"),
    (["the Netherlands", "Holland", "Dutch"], "netherlands"),
    (["River Idden", "Idden River"], "idden river"),
    (["St. Aldhelm's Hospital", "St Aldhelm’s Hospital", "Saint Aldhelm's Hospital"], "saint aldhelms hospital"),
    (["North America"], "north america"),
    (["Toronto"], "toronto"),
])
def test_place_key_gives_one_key_to_every_spelling(variants: list[str], key: str) -> None:
    assert {place_key(v) for v in variants} == {key}


@pytest.mark.parametrize("a, b", [
    ("Washington", "Toronto"),
    ("England", "United Kingdom"),          # a part is not the whole
    ("Georgia", "Russia"),
    ("Northgate High School", "Northgate Community Centre"),
])
def test_place_key_keeps_different_places_apart(a: str, b: str) -> None:
    assert place_key(a) != place_key(b)


@pytest.mark.parametrize("a, b", [
    ("the Centre for Strategic and International Studies", "Center for Strategic and International Studies"),
    ("NATO", "North Atlantic Treaty Organization"),
    ("Nato", "the North Atlantic Treaty Organisation"),
    ("the British government", "UK government"),
    ("Brackenfield Defence Council", "Brackenfield Defense Council"),
    ("Halvorsen Shipping Ltd", "Halvorsen Shipping"),
    ("Marlow & Finch Group", "Marlow and Finch Group"),
])
def test_org_key_equal(a: str, b: str) -> None:
    assert org_key(a) == org_key(b)


@pytest.mark.parametrize("a, b", [
    ("European Union", "Europe"),           # only a state's own bodies lose their country word
    ("Sky News", "Radio Saltmere"),
])
def test_org_key_different(a: str, b: str) -> None:
    assert org_key(a) != org_key(b)


@pytest.mark.parametrize("variants, key", [
    (["British Defense Secretary", "United Kingdom Defence Secretary", "UK Defence Secretary"],
     "united kingdom defence secretary"),
    (["U.S. Secretary of State", "US Secretary of State", "American Secretary of State"],
     "united states secretary of state"),
    (["British Foreign Secretary", "UK Foreign Secretary", "U.K. Foreign Secretary"], "united kingdom foreign secretary"),
    (["Gen.", "General"], "general"),
    (["Canadian Foreign Affairs Minister", "Canada Foreign Affairs Minister"], "canada foreign affairs minister"),
    (["the mayor", "Mayor"], "mayor"),
])
def test_role_key(variants: list[str], key: str) -> None:
    assert {role_key(v) for v in variants} == {key}


def test_role_key_keeps_roles_apart() -> None:
    assert role_key("Defence Secretary") != role_key("Foreign Secretary")
    assert role_key("deputy mayor") != role_key("mayor")


@pytest.mark.parametrize("american, british", [
    ("defense", "defence"), ("center", "centre"), ("organization", "organisation"), ("armored", "armoured"),
    ("neighbors", "neighbours"), ("meters", "metres"), ("harbor", "harbour"), ("program", "programme"),
    ("defence", "defence"), ("bridge", "bridge"),
])
def test_spelling_key(american: str, british: str) -> None:
    assert spelling_key(american) == british


@pytest.mark.parametrize("word, code", [
    ("Wallace", "WLS"), ("Wallas", "WLS"), ("Walsh", "WLX"), ("Knight", "NT"), ("Philpott", "FLPT"),
    ("Marchbank", "MRXBNK"), ("Thompson", "0MPSN"), ("Wright", "RT"), ("Xavier", "SFR"), ("", ""),
])
def test_metaphone(word: str, code: str) -> None:
    assert metaphone(word) == code


@pytest.mark.parametrize("a, b, same", [
    ("Ben Wallace", "Ben Wallas", True),
    ("Fenella Marchbank", "Fenella Marchbanks", True),
    ("Ingrid Halvorsen", "Ingrid Halvorson", True),
    ("Cleverly", "James Cleverly", True),
    ("J. Cleverly", "James Cleverly", True),
    ("Ben Okafor", "Benjamin Okafor", True),
    ("Mr Tobias Renwick", "Tobias Renwick", True),
    ("Ben Wallace", "Ben Walsh", False),
    ("James Cleverly", "James Clarke", False),
    ("Annika Threlfall", "Tobias Renwick", False),
    ("Ben Wallace", "Tom Wallace", False),
    ("Wei Li", "Wei Lu", False),
])
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person_evidence(a, b)[0] is same
    assert same_person_evidence(b, a)[0] is same


def test_same_person_says_why() -> None:
    same, why = same_person_evidence("Ben Wallace", "Ben Wallas")
    assert same
    assert why == "same given name; surnames Jaro-Winkler 0.91, metaphone WLS = WLS"
    assert "WLS ≠ WLX" in same_person_evidence("Ben Wallace", "Ben Walsh")[1]


BAD = [
    "",
    "!!! ??? ... ---",
    "قال وزير الخارجية إن المملكة المتحدة",
    "Ben\x00 Wallace\x07\x1b \u200b\ufeff",
    "“unbalanced ‘quotes \" '",
    "x" * 200_000,
    "Ab " * 70_000,
]


@pytest.mark.parametrize("text", BAD, ids=["empty", "no letters", "rtl", "control", "quotes", "long word", "long"])
def test_keys_never_raise(text: str) -> None:
    for key in (text_key, name_key, place_key, org_key, role_key):
        assert isinstance(key(text), str)
    same, why = same_person_evidence(text, "Ben Wallace")
    assert isinstance(same, bool) and why
