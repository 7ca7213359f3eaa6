"""A synthetic news corpus for the scale benchmarks: N articles as front-matter .txt files, seeded.

    .venv/bin/python -m tests.bench.corpus --size 10000 [--seed 8] [--out DIR]

Each *event* (an earthquake in a made-up town, a trial, a merger...) is reported by 2-8 outlets
(of ~80) over a few days; events are spread over one year (2024). Every outlet writes its own
version: its own headline wording, the facts in another order, synonyms swapped in, sometimes a
changed number, age or spelling of a name (the differences Triangulate exists to show), the
event's quotes quoted whole or in part, and its own background paragraphs (generic news prose
drawn at random, so it is shared with no one in particular) to reach its length. Lengths are
log-normal around 700 words, clipped to 200-3,000. Names of people, places and organisations are
built from syllables, so each event has its own specifics, as real events do; events of one kind
share their vocabulary (two floods read alike), which is what makes grouping non-trivial.

Files: DIR/articles/000001.txt ... with `title:`, `source:`, `date:` lines, a blank line, the body
(core/readers/text.py reads them); DIR/truth.json maps file name -> event id. The same seed and
size always give the same bytes; a finished corpus is cached (DIR/done marks it complete).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "triangulate-bench"

_ONSETS = "b br c ch d dr f g gr h j k kl l m n p pr r s sh st t tr v w z".split()
_VOWELS = "a e i o u ai ea ou".split()
_CODAS = ["", "", "n", "r", "l", "s", "th", "nd", "rk", "st", "m", "x", "v"]
_FIRST = ("Anna Ben Carla David Elena Farid Grace Hassan Ines James Kofi Laura Marta Nadia Oscar Priya Ruth "
          "Samuel Tomas Uma Victor Wen Yusuf Zara Amir Bianca Chen Diego Esther Felix Greta Hugo Irene Jonas "
          "Kamala Liam Mei Nikolai Olga Pablo Rosa Sven Tariq Ulla Vera Walter Ximena Yara").split()
_PLACE_ENDS = ["ford", "mere", "by", "ton", "wick", "field", "haven", "bridge", "stead", "port", " Vale", " Bay"]
_ORG_KINDS = ["Holdings", "Group", "Council", "Trust", "Industries", "Authority", "Foundation", "Partners"]
_OUTLET_A = ("Daily Evening Morning Weekly Northern Southern Coastal Valley Metro National Capital Harbour "
             "Central Western Eastern Free Public Independent").split()
_OUTLET_B = "Courier Ledger Wire Herald Post Times Gazette Chronicle Observer Mirror Record Tribune Echo Bulletin".split()

SYNONYMS = {
    "said": ["stated", "told reporters", "explained", "added"], "officials": ["authorities", "administrators"],
    "residents": ["locals", "inhabitants", "people living nearby"], "began": ["started", "got under way"],
    "announced": ["confirmed", "revealed", "disclosed"], "about": ["around", "roughly", "some"],
    "large": ["major", "significant", "big"], "hit": ["struck", "battered"], "police": ["officers", "the police"],
    "killed": ["left dead", "claimed the lives of"], "company": ["firm", "business"], "expected": ["likely", "set"],
    "damage": ["destruction", "harm"], "plans": ["proposals", "intentions"], "quickly": ["rapidly", "swiftly"],
    "meeting": ["session", "gathering"], "government": ["administration", "ministers"], "workers": ["staff", "employees"],
}

# kind: (headlines, lead, facts, quotes) with {person} {person2} {place} {org} {n1} {n2} {money} {day} {age}
KINDS: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "quake": (
        ["Earthquake hits {place}, {n1} injured", "Strong quake shakes {place}", "{place} counts cost of earthquake"],
        ["A large earthquake hit {place} on {day}, injuring at least {n1} people and damaging {n2} homes."],
        ["The quake had a magnitude of {mag}, according to the {org}.",
         "Rescue teams searched collapsed buildings in the old town of {place} through the night.",
         "{person}, who leads the regional emergency service, said {n2} homes were damaged.",
         "Schools in {place} will stay closed until engineers have inspected them.",
         "The {org} said aftershocks were expected for several days.",
         "Officials estimated the damage at {money}."],
        ["We felt the whole street move and then the lights went out", "Our teams will keep searching until every "
         "building in {place} has been checked", "The old houses near the harbour took the worst of it"]),
    "flood": (
        ["Floods force {n1} from homes in {place}", "{place} river bursts its banks", "Flood warning as {place} river rises"],
        ["Hundreds of residents were evacuated from {place} on {day} after the river burst its banks, and {n1} "
         "people spent the night in shelters."],
        ["The water reached {n2} centimetres in the lowest streets, the {org} said.",
         "{person}, the mayor of {place}, said the town had not seen such a flood in decades.",
         "Emergency crews used boats to reach elderly residents trapped on upper floors.",
         "The regional government announced {money} in emergency aid.",
         "Forecasters expected more rain over the weekend."],
        ["The water came up faster than anyone expected", "We will rebuild {place}, street by street",
         "Nobody told us to leave until the water was at the door"]),
    "trial": (
        ["{person} goes on trial over {org} fraud", "Fraud trial of former {org} chief opens",
         "{person} denies fraud charges"],
        ["The former chief executive of {org}, {person}, went on trial in {place} on {day} accused of defrauding "
         "investors of {money}."],
        ["Prosecutors said {person}, {age}, had hidden losses from auditors for {n1} months.",
         "The defence said its client had relied on advice from {person2}, the former finance director.",
         "The trial is expected to last {n2} days and to hear from dozens of witnesses.",
         "{org} collapsed last year with debts of {money}.",
         "Investors who lost their savings watched from the public gallery."],
        ["My client has always maintained his innocence", "This was a deliberate scheme to deceive",
         "We trusted {org} with everything we had"]),
    "strike": (
        ["Workers at {org} walk out over pay", "Strike halts production at {org} in {place}",
         "{org} staff strike for {n1} days"],
        ["Thousands of workers at {org} in {place} began a strike on {day} over pay, halting production at the "
         "plant for at least {n1} days."],
        ["The union, led by {person}, said members had rejected an offer of a {pct} per cent rise.",
         "{org} said the offer was fair and that talks remained open.",
         "About {n2} workers joined picket lines outside the main gates in {place}.",
         "The company said the strike would cost it about {money} a week.",
         "{person2}, a spokesperson for {org}, said management would meet the union on Monday."],
        ["We have been patient for too long", "The door to negotiation is still open",
         "Our members cannot pay their bills on these wages"]),
    "merger": (
        ["{org} agrees {money} takeover", "{org} to be bought in {money} deal", "Shareholders back {org} merger"],
        ["{org} agreed on {day} to be taken over in a deal worth {money}, creating one of the largest companies "
         "of its kind in the region."],
        ["The combined company will employ about {n1} people and keep its headquarters in {place}.",
         "{person}, the chief executive, said no jobs would be lost in the first year.",
         "Regulators are expected to review the deal over the next {n2} weeks.",
         "Shares in {org} rose {pct} per cent after the announcement.",
         "{person2}, an analyst, said the price was generous."],
        ["This deal gives us the scale to compete", "Our workers in {place} have nothing to fear",
         "The price reflects the value we have built"]),
    "fire": (
        ["Fire destroys warehouse in {place}", "{n1} firefighters tackle {place} blaze", "Blaze in {place} under control"],
        ["A fire destroyed a warehouse in {place} on {day}, and {n1} firefighters fought the blaze through the night."],
        ["Smoke could be seen from {n2} kilometres away, residents said.",
         "{person}, the fire chief, said the cause was not yet known.",
         "The warehouse belonged to {org}, which estimated its losses at {money}.",
         "Nearby homes were evacuated as a precaution and residents were allowed back in the morning.",
         "Police said they were treating the fire as suspicious."],
        ["The flames were higher than the building next door", "We do not yet know what started it",
         "Everything we had was in that warehouse"]),
    "election": (
        ["{person} wins {place} mayoral race", "{place} elects {person} as mayor", "Upset in {place} as {person} wins"],
        ["{person} was elected mayor of {place} on {day}, winning {pct} per cent of the vote and defeating the "
         "incumbent, {person2}."],
        ["Turnout was {pct2} per cent, the highest in {n1} years, the electoral {org} said.",
         "{person}, {age}, campaigned on housing and public transport.",
         "{person2} conceded defeat late in the evening and congratulated the winner.",
         "The new mayor will take office next month with a budget of {money}.",
         "About {n2} volunteers worked at polling stations across {place}."],
        ["The people of {place} have voted for change", "I congratulate my opponent on a hard-fought campaign",
         "Housing will be my first priority"]),
    "crash": (
        ["Train derails near {place}, {n1} hurt", "{place} rail crash: investigation begins", "Passengers hurt in {place} derailment"],
        ["A passenger train derailed near {place} on {day}, injuring {n1} people, {n2} of them seriously."],
        ["The train was carrying about {n3} passengers from the coast, the operator {org} said.",
         "{person}, the head of the rail safety {org}, said investigators were examining the track.",
         "The line will remain closed for at least {n4} days.",
         "Passengers described being thrown from their seats as carriages left the rails.",
         "{org} said it would pay for hotels for stranded travellers."],
        ["There was a terrible noise and then the carriage tipped over", "Safety is our absolute priority",
         "Investigators will look at every possible cause"]),
    "science": (
        ["Scientists in {place} find new species", "{org} team reports discovery", "New species discovered near {place}"],
        ["Researchers from {org} said on {day} they had found a new species of frog in the forests near {place}."],
        ["The team, led by {person}, collected {n1} specimens over {n4} months.",
         "The frog is about {n4} centimetres long and has bright blue markings.",
         "The findings were published in a scientific journal this week.",
         "{person2}, a biologist who was not involved, said the discovery showed how little was known about the region.",
         "The research was funded by a grant of {money}."],
        ["We could hardly believe what we were seeing", "This forest holds many more secrets",
         "Protecting this habitat is now urgent"]),
    "transfer": (
        ["{person} joins {org} in record deal", "{org} signs {person} for {money}", "Record fee brings {person} to {org}"],
        ["{person} signed for {org} on {day} in a deal worth {money}, a record for the club."],
        ["The {age}-year-old scored {n1} goals last season.",
         "{person2}, the coach, said the signing showed the club's ambition.",
         "Supporters gathered outside the stadium in {place} to welcome the new player.",
         "The contract runs for {n4} years, according to the club.",
         "Tickets for the first home game sold out within {n2} minutes."],
        ["I have dreamed of playing here since I was a child", "This shows how serious we are about winning",
         "The fans in {place} are the best in the country"]),
}

_FILLER_SUBJECTS = ("the council|local businesses|many families|the regional government|experts|critics|"
                    "community groups|the opposition|the ministry|analysts|neighbouring towns|the authorities|"
                    "transport operators|charities|teachers|hospital managers|insurers|farmers").split("|")
_FILLER_VERBS = ("had warned about|have long debated|are still assessing|raised concerns about|called for a review of|"
                 "questioned the cost of|welcomed|have criticised|are expected to discuss|spent months studying|"
                 "pointed to|have asked for more information about").split("|")
_FILLER_OBJECTS = ("the budget for next year|road repairs|public services|the rising cost of living|housing shortages|"
                   "plans for a new school|the state of local infrastructure|changes to planning rules|"
                   "emergency preparedness|the future of the high street|investment in public transport|"
                   "staff shortages|energy prices|the local economy|funding for sports facilities").split("|")
_FILLER_TAILS = ("in recent months|for several years|since the last election|over the past decade|this spring|"
                 "according to a recent report|despite repeated promises|as winter approaches|"
                 "in a series of public meetings|before the latest events").split("|")


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _name(rng: random.Random, parts: int) -> str:
    return "".join(_syllable(rng) for _ in range(parts)).capitalize()


def _outlets(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"The {rng.choice(_OUTLET_A)} {rng.choice(_OUTLET_B)}"
        if rng.random() < 0.3:
            name = f"{_name(rng, 2)} {rng.choice(_OUTLET_B)}"
        if name not in names:
            names.append(name)
    return names


def _money(rng: random.Random) -> str:
    value = rng.choice([1.2, 2.5, 3.4, 4.8, 7.5, 12, 15, 18, 25, 40, 65, 120, 250, 480])
    return f"${value} million" if rng.random() < 0.7 else f"£{value} million"


class _Pools:
    """Towns, people and organisations recur: several events happen in one town, one official or
    company turns up in several events, as in a real year of news. Pools grow with the corpus
    (one town per ~6 events, one recurring person per ~3), so collisions stay as likely at 100k."""

    def __init__(self, rng: random.Random, events: int) -> None:
        self.places = [_name(rng, 2) + rng.choice(_PLACE_ENDS) for _ in range(max(20, events // 6))]
        self.people = [f"{rng.choice(_FIRST)} {_name(rng, rng.choice((2, 3)))}" for _ in range(max(40, events // 3))]
        self.orgs = [f"{_name(rng, 2)} {rng.choice(_ORG_KINDS)}" for _ in range(max(20, events // 4))]


def _event(rng: random.Random, event_id: int, pools: _Pools) -> dict:
    kind = rng.choice(sorted(KINDS))
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
    place = rng.choice(pools.places)
    facts = {
        "person": f"{rng.choice(_FIRST)} {_name(rng, rng.choice((2, 3)))}" if rng.random() < 0.6
        else rng.choice(pools.people),
        "person2": rng.choice(pools.people),
        "place": place, "org": rng.choice(pools.orgs),
        "n1": str(rng.randrange(12, 900)), "n2": str(rng.randrange(120, 5000)), "n3": str(rng.randrange(150, 700)),
        "n4": str(rng.randrange(2, 30)), "money": _money(rng), "day": day.strftime("%A"),
        "age": str(rng.randrange(19, 78)), "mag": f"{rng.randrange(45, 78) / 10:.1f}",
        "pct": str(rng.randrange(3, 60)), "pct2": str(rng.randrange(30, 80)),
    }
    return {"id": event_id, "kind": kind, "date": day, "facts": facts,
            "outlets": rng.randrange(2, 9)}


def _changed(rng: random.Random, facts: dict[str, str]) -> dict[str, str]:
    """Another outlet's facts: sometimes a number, an age or a name's spelling differs."""
    facts = dict(facts)
    if rng.random() < 0.3:
        key = rng.choice(["n1", "n2", "age", "pct"])
        facts[key] = str(max(1, int(facts[key]) + rng.choice([-3, -1, 1, 2, 10])))
    if rng.random() < 0.1:
        first, _, last = facts["person"].partition(" ")
        facts["person"] = f"{first} {last[:-1] + ('e' if last[-1] != 'e' else 'a')}"
    return facts


def _reword(rng: random.Random, text: str, rate: float) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        options = SYNONYMS.get(word)
        if options and rng.random() < rate:
            words[i] = rng.choice(options)
    return " ".join(words)


def _filler(rng: random.Random, place: str) -> str:
    sentences = []
    for _ in range(rng.randrange(2, 6)):
        subject = rng.choice(_FILLER_SUBJECTS)
        if rng.random() < 0.15:
            subject = f"{subject} in {place}"
        sentence = f"{subject} {rng.choice(_FILLER_VERBS)} {rng.choice(_FILLER_OBJECTS)} {rng.choice(_FILLER_TAILS)}."
        sentences.append(sentence[0].upper() + sentence[1:])
    return " ".join(sentences)


def _length(rng: random.Random) -> int:
    return int(min(3000, max(200, rng.lognormvariate(math.log(620), 0.5))))


def _article(rng: random.Random, event: dict, outlet: str) -> tuple[str, str, str]:
    headlines, leads, facts_t, quotes_t = KINDS[event["kind"]]
    facts = _changed(rng, event["facts"])
    fill = lambda t: t.format(**facts)  # noqa: E731
    rate = rng.uniform(0.1, 0.6)
    title = _reword(rng, fill(rng.choice(headlines)), rate)
    published = event["date"] + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
    lead = _reword(rng, fill(leads[0]), rate)
    body_facts = [_reword(rng, fill(t), rate) for t in facts_t if rng.random() < 0.85]
    rng.shuffle(body_facts)
    quoted = []
    for quote in quotes_t:
        if rng.random() < 0.7:
            text = fill(quote)
            if rng.random() < 0.3:          # a partial quote
                text = " ".join(text.split(" ")[: max(4, len(text.split(" ")) * 2 // 3)])
            speaker = rng.choice((facts["person"], facts["person2"], f"a spokesperson for {facts['org']}"))
            quoted.append(f'"{text}," {rng.choice(("said", "said", "told reporters", "added"))} {speaker}.'
                          if rng.random() < 0.7 else f'{speaker} said: "{text}."')
    paragraphs = [lead]
    pool = body_facts + quoted
    while pool:
        take = rng.randrange(1, 3)
        paragraphs.append(" ".join(pool[:take]))
        pool = pool[take:]
    target = _length(rng)
    words = sum(p.count(" ") + 1 for p in paragraphs)
    while words < target:
        filler = _filler(rng, facts["place"])
        paragraphs.insert(rng.randrange(2, len(paragraphs) + 1), filler)
        words += filler.count(" ") + 1
    text = f"title: {title}\nsource: {outlet}\ndate: {published.isoformat()}\n\n" + "\n\n".join(paragraphs) + "\n"
    return text, title, published.isoformat()


def generate(size: int, seed: int = 8, out: Path | None = None) -> Path:
    """Write `size` articles (cached: a complete folder for this seed and size is reused); returns the folder."""
    folder = out or CACHE / f"corpus-s{seed}-n{size}"
    if (folder / "done").exists():
        return folder
    articles = folder / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    outlets = _outlets(rng, 80)
    pools = _Pools(rng, size // 5)
    truth: dict[str, int] = {}
    written, event_id = 0, 0
    while written < size:
        event_id += 1
        event = _event(rng, event_id, pools)
        for outlet in rng.sample(outlets, event["outlets"]):
            if written >= size:
                break
            written += 1
            name = f"{written:06d}.txt"
            text, _, _ = _article(rng, event, outlet)
            (articles / name).write_text(text, encoding="utf-8")
            truth[name] = event_id
    (folder / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    (folder / "done").write_text(str(size), encoding="utf-8")
    return folder


def truth(folder: Path) -> dict[str, int]:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description="write a synthetic news corpus")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    print(generate(args.size, args.seed, args.out))


if __name__ == "__main__":
    main()
