"""Who is speaking, as the words beside a quote say it: cue verbs and the noun phrase next to them.

Rule-based and offline. Frames: a cue verb (GenderGapTracker's list in spirit, all forms written out here;
"according to"; participles like "saying" take the subject of their clause) with its subject before it
("Cleverly said", "The mayor, Annika Threlfall, said") or after it ("said Priya Dunmore", "reported Sky
News"), and an outlet addressed after "told" ("told Radio Saltmere"). Each subject is a `Mention` as
written; what a surname, pronoun or role stands for in the whole article is core.coreference's work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.model import Span

# Upper-case letters of the Latin, Greek and Cyrillic blocks: `re` has no \p{Lu}.
UPPER = "".join(re.escape(chr(c)) for c in range(0x41, 0x530) if chr(c).isupper())

_TOKEN = re.compile(rf"(?:[{UPPER}]\.){{2,}}|\w+(?:['’]\w+|[-&]\w+)*|[^\w\s]")

# --- cue verbs: GenderGapTracker's list in spirit, written out here -------------------------------
_VERBS = (
    "acknowledge add admit agree allege announce argue ask assert assure boast caution charge claim "
    "comment complain concede conclude confirm continue contend counter declare deny emphasise "
    "emphasize estimate exclaim explain grumble highlight insist interject joke lament maintain "
    "mention muse note observe plead pledge predict promise protest quip reassure recall recount "
    "reiterate remark reply report respond retort reveal scoff shout sigh snap state stress suggest "
    "testify tweet underline urge vow warn whisper write yell say tell laugh proclaim bemoan beg demand gush "
    "brag reason marvel mutter groan fume chant concur opine question"
).split()
_EVALUATIVE = (
    "call describe praise criticise criticize condemn brand dub hail dismiss label slam blast accuse "
    "welcome deride term characterise characterize decry denounce applaud mock blame"
).split()
_IRREGULAR = {"say": ("said", "says"), "tell": ("told", "tells"), "write": ("wrote", "writes")}
_DOUBLED = {"admit", "quip", "snap", "dub", "label"}
# Base forms that are also common nouns ("the report said") stay out; plural subjects still match these.
_BASE_OK = set("say tell add warn insist argue explain ask write suggest agree admit acknowledge predict "
               "contend maintain concede recall stress urge complain describe call accuse condemn criticise "
               "criticize dismiss deride characterise characterize decry denounce".split())


def _forms(verb: str) -> list[str]:
    if verb in _IRREGULAR:
        past, third = _IRREGULAR[verb]
    else:
        stem = verb + verb[-1] if verb in _DOUBLED else verb
        if verb.endswith("e"):
            past = verb + "d"
        elif verb.endswith("y") and verb[-2] not in "aeiou":
            past = verb[:-1] + "ied"
        else:
            past = stem + "ed"
        if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
            third = verb + "es"
        elif verb.endswith("y") and verb[-2] not in "aeiou":
            third = verb[:-1] + "ies"
        else:
            third = verb + "s"
    return [past, third] + ([verb] if verb in _BASE_OK else [])


SPEECH_CUES = frozenset(f for v in _VERBS for f in _forms(v))
EVALUATIVE_CUES = frozenset(f for v in _EVALUATIVE for f in _forms(v))
# Two-word cues: the first word and the word that must follow it ("shot back", "as she put it").
# Participles take the subject of their clause: `Trump tweeted on Saturday, saying "..."`.
PARTICIPLE_CUES = frozenset("saying adding telling calling arguing noting asking writing explaining insisting "
                            "warning declaring stating tweeting claiming urging vowing promising describing "
                            "remarking".split())
_PHRASAL = {"according": "to", "went": "on", "goes": "on", "pointed": "out", "points": "out", "shot": "back",
            "fired": "back", "hit": "back", "hits": "back", "put": "it", "puts": "it"}


def _trie_pattern(words: list[str]) -> str:
    """One alternation sharing prefixes: far faster in `re` than a flat list of 200 words."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(c) + emit(node[c]) for c in sorted(k for k in node if k)]
        if not alts:
            return ""
        if "" in node:
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


CUE_RE = re.compile(r"\b(?:[Aa]ccording to|went on|pointed out|(?:shot|fired|hits?) back|puts? it|"
                    + _trie_pattern(sorted(SPEECH_CUES | EVALUATIVE_CUES | PARTICIPLE_CUES)) + r")\b")
SPEECH_TRIE = _trie_pattern(sorted(SPEECH_CUES))

# --- word lists --------------------------------------------------------------------------------------
PRONOUNS = {"he": "m", "she": "f", "they": "", "it": ""}
OTHER_PRONOUNS = {"i", "we", "you", "one", "who", "which", "that", "this"}
DETERMINERS = set("the a an his her its their our my your this that these those one another some several "
                  "two three four five many both each every".split())
_AUX = set("has have had also later then previously earlier recently once again was is were are will would "
           "could should may might can did does do not never already still just first often "
           "subsequently initially further".split())
_NP_BREAK = set("that which who whom whose what when where while if as than then and or but because so to "
                "is was are were be been being has have had will would said says not no there here it "
                "in on at by with from into after before about".split())
PREPOSITIONS = {"for", "of", "at", "from", "with", "in", "on"}
_CONNECTIVES = {"But", "And", "Yet", "So", "Then", "Still", "but", "and", "yet", "so", "then", "still"}
_BE = {"was", "were", "is", "are", "been", "being", "be", "get", "got", "gets"}
_WHEN_WORDS = set("monday tuesday wednesday thursday friday saturday sunday today tonight yesterday week month "
                  "year weekend morning afternoon evening night".split())
NAME_CONNECTORS = set("of and for the de van von der den du da di del la le al bin ibn &".split())
SENTENCE_OPENERS = set(
    "The A An But And Or So Then Later Earlier Meanwhile However Yesterday Today Tonight On In At When While "
    "After Before Also Still Now This That These Those His Her Their Its Our My As If Asked Speaking "
    "Separately Elsewhere Last Next Since During By For With From Under Over Instead Indeed Yet Though "
    "Although Because Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov "
    "Dec Here There Writing Interviewed Addressing Responding".split())
HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": "", "sir": "m", "dame": "f",
              "lord": "m", "lady": "f"}
GENDERED = {"spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f", "congressman": "m",
            "congresswoman": "f", "councilman": "m", "councilwoman": "f", "king": "m", "queen": "f",
            "prince": "m", "princess": "f", "duke": "m", "duchess": "f", "businessman": "m",
            "businesswoman": "f", "father": "m", "mother": "f", "headmaster": "m", "headmistress": "f",
            "actress": "f", "actor": "m", "grandmother": "f", "grandfather": "m", "widow": "f"}
TITLE_WORDS = set(
    "secretary minister president mayor governor senator sen rep representative congressman congresswoman "
    "chancellor premier leader chief director commissioner inspector insp superintendent supt sergeant sgt "
    "constable detective det officer captain capt lieutenant lt colonel col general gen admiral major "
    "commander judge justice magistrate attorney prosecutor sheriff professor prof dr doctor bishop "
    "archbishop pope cardinal rabbi imam reverend rev father pastor king queen prince princess duke duchess "
    "ambassador envoy spokesman spokeswoman spokesperson chairman chairwoman chair chairperson ceo cfo coo "
    "founder executive manager coach councillor councilor cllr councilman councilwoman alderman speaker "
    "deputy vice assistant acting interim former head treasurer clerk warden dean provost principal "
    "headteacher headmaster headmistress editor lawyer economist analyst spokesperson gov president-elect boss "
    "commissioner trustee owner publisher mp mep minister-president sec prime master".split())
DEPARTMENTS = set("state defence defense health finance justice education transport energy commerce labor "
                  "labour interior agriculture treasury trade environment culture housing homeland security "
                  "foreign affairs home war veterans staff police".split())
ABBREVIATIONS = set("mr mrs ms dr st sen rep gov gen col capt lt sgt prof rev jr sr no vs etc jan feb mar apr "
                    "jun jul aug sep sept oct nov dec mt ft inc ltd co corp det insp supt cllr est approx "
                    "dept univ ave blvd rd".split())
ORG_WORDS = set(
    "government ministry department council office agency police service services authority party committee "
    "commission court association club union institute university college school group bank army navy "
    "force forces corporation corp inc ltd llc plc company co foundation trust board federation "
    "organization organisation administration campaign hospital centre center society alliance coalition "
    "parliament senate congress house assembly cabinet kremlin pentagon whitehall nato eu un fbi cia nhs "
    "rescue brigade guard coastguard command airlines airways railway railways rail motors industries "
    "holdings partners fund labs technologies systems church federal national republicans democrats "
    "conservatives labour tories unions council's ministry's embassy consulate secretariat tribunal "
    "regiment network estates properties developments homes farms foods logistics ventures consulting "
    "solutions pharmaceuticals media brands retail stores".split())
PLACE_WORDS = set(
    "street st road lane avenue bridge river lake mountain mount island islands bay sea ocean park square "
    "hall city county province kingdom republic united states america europe africa asia north south east "
    "west britain england scotland wales ireland china russia iran israel ukraine france germany japan "
    "india canada washington london moscow beijing kyiv kiev tehran paris berlin brussels tokyo seoul "
    "ottawa toronto pakistan turkey syria iraq gaza egypt brazil mexico australia italy spain poland "
    "korea taiwan".split())
OUTLET_WORDS = set(
    "news radio tv television times post journal herald gazette telegraph guardian tribune chronicle "
    "express mail mirror observer press broadcasting magazine daily weekly wire channel ledger bulletin "
    "courier examiner standard globe inquirer reporter dispatch sentinel register monitor insider "
    "newspaper newsweek podcast reuters ap afp upi bbc cnn nbc cbs abc npr pbs msnbc fox bloomberg politico "
    "axios sky itv rte dpa xinhua tass interfax yonhap kyodo jazeera semafor vox slate buzzfeed huffpost "
    "breitbart newsmax forbes variety tmz telemundo univision spiegel efe ansa ria anadolu".split())
GROUP_NOUNS = {"police", "staff", "people", "government", "management", "military", "public", "officials",
               "witnesses", "residents", "experts", "analysts", "sources", "critics", "authorities",
               "prosecutors", "investigators", "organisers", "organizers", "doctors", "scientists",
               "researchers", "campaigners", "protesters", "activists", "officers", "neighbours",
               "neighbors", "parents", "teachers", "workers", "locals", "economists", "aides", "lawyers",
               "agencies", "firefighters", "engineers", "leaders", "ministers", "diplomats"}


@dataclass(frozen=True)
class Mention:
    """A subject beside a cue: "name" (capitalised), "pronoun" or "noun" (a common-noun phrase).

    `text` is the phrase as written, `span` where; `name` the name without its title for names, the phrase
    without a leading "the" for nouns; `role` a title found with it ("Mayor", "chief of Saltmere Fire").
    """

    kind: str
    text: str
    span: Span
    name: str = ""
    role: str = ""
    gender: str = ""


@dataclass(frozen=True)
class Frame:
    """A cue with its subject: "Cleverly said", "said the mayor", "according to Sky News".

    `addressee` is an outlet named after "told"/"interview with" ("told Radio Saltmere").
    `first`/`last` are the token indexes the frame covers inside its fragment.
    """

    cue: str
    cue_span: Span
    subject: Mention | None
    addressee: str = ""
    first: int = 0
    last: int = 0
    evaluative: bool = False


Token = tuple[str, int, int]


def tokenize(body: str, lo: int, hi: int) -> list[Token]:
    """Words, initialisms ("U.S.") and single punctuation marks of body[lo:hi], with body offsets."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(body, lo, hi)]


def is_capital(word: str) -> bool:
    return word[:1].isupper() and (word[:1].isalpha())


def _is_wordlike(word: str) -> bool:
    return word[:1].isalnum()


@lru_cache(maxsize=4096)
def is_outlet(name: str) -> bool:
    """An outlet by its words ("Sky News", "Radio Saltmere", "Reuters"): a relay, never a speaker."""
    words = [w.lower().rstrip(".") for w in _TOKEN.findall(name) if _is_wordlike(w)]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    return any(w in OUTLET_WORDS for w in words) and any(is_capital(w) for w in _TOKEN.findall(name))


@lru_cache(maxsize=4096)
def is_organisation(name: str) -> bool:
    words = [w.lower() for w in _TOKEN.findall(name) if _is_wordlike(w)]
    return any(w in ORG_WORDS or w in PLACE_WORDS for w in words)


# --- frames: a cue and its subject inside one fragment of text ---------------------------------------------

def frames_in(body: str, toks: list[Token]) -> list[Frame]:
    """Every cue in the tokens that has a subject before it, after it, or (for "according to") after it."""
    frames: list[Frame] = []
    for k, (word, start, end) in enumerate(toks):
        if word in PARTICIPLE_CUES:
            subject = frames[-1].subject if frames else _clause_subject(body, toks, k)
            if subject is not None:
                frames.append(Frame(word, Span(start, end), subject, first=k, last=k))
            continue
        if word not in SPEECH_CUES and word not in EVALUATIVE_CUES and word not in _PHRASAL \
                and word != "According":
            continue
        frame = _frame_at(body, toks, k)
        if frame is not None:
            frames.append(frame)
    return frames


def _clause_subject(body: str, toks: list[Token], k: int) -> Mention | None:
    """The noun phrase opening the clause before a participle ("Rubio’s campaign sent a release saying")."""
    i = 0
    for n in range(k - 1, -1, -1):
        if toks[n][0] in (";", ":", "(", "“", '"'):
            i = n + 1
            break
    while i < k and (toks[i][0] in SENTENCE_OPENERS or not _is_wordlike(toks[i][0])) \
            and not (i + 1 < k and is_capital(toks[i + 1][0]) and toks[i][0] == "The"):
        i += 1
    return noun_phrase_after(body, toks, i) if i < k else None


def _frame_at(body: str, toks: list[Token], k: int) -> Frame | None:
    word, start, end = toks[k]
    after = k + 1
    if word == "According":
        word = "according"
    if word in _PHRASAL:
        if after >= len(toks) or toks[after][0] != _PHRASAL[word]:
            return None
        end = toks[after][2]
        after += 1
        if word.lower() == "according":
            subject = noun_phrase_after(body, toks, after)
            last = _last_index(toks, subject, after)
            return Frame("according to", Span(start, end), subject, first=k, last=last) if subject else None
    cue = body[start:end]
    evaluative = word in EVALUATIVE_CUES
    addressee = _addressee(body, toks, after) if word in ("told", "tells") else ""
    verb_first = all(not _is_wordlike(t[0]) or t[0] in _CONNECTIVES for t in toks[:k])
    if verb_first and not evaluative:
        subject = noun_phrase_after(body, toks, after)
        if subject is not None:
            return Frame(cue, Span(start, end), subject, addressee, k, _last_index(toks, subject, after))
    subject, first = subject_before(body, toks, k)
    if subject is None and k and toks[k - 1][0] == "," and not evaluative:
        subject = noun_phrase_after(body, toks, after)  # "Whitlock said, reported Sky News"
        if subject is not None:
            return Frame(cue, Span(start, end), subject, addressee, k, _last_index(toks, subject, after))
    if subject is None:
        return None
    return Frame(cue, Span(start, end), subject, addressee, first, k, evaluative)


def _last_index(toks: list[Token], mention: Mention | None, default: int) -> int:
    if mention is None:
        return default
    ends = [i for i, t in enumerate(toks) if t[2] <= mention.span.end]
    return ends[-1] if ends else default


def _addressee(body: str, toks: list[Token], i: int) -> str:
    """The outlet after "told": "told Radio Saltmere" -> "Radio Saltmere"; a person or "reporters" -> ""."""
    mention = noun_phrase_after(body, toks, i)
    if mention is None:
        return ""
    text = mention.name or mention.text
    return strip_article(text) if is_outlet(text) else ""


def strip_article(text: str) -> str:
    """"the British government" -> "British government": speakers are shown without a leading "the"."""
    head, _, rest = text.partition(" ")
    return rest if head in ("the", "The") and rest else text


# --- the subject before a cue: "Cleverly said", "the mayor, Annika Threlfall, said" -------------------------

def subject_before(body: str, toks: list[Token], k: int) -> tuple[Mention | None, int]:
    """The noun phrase that ends just before toks[k] (adverbs and auxiliaries skipped), and its first index."""
    j = k - 1
    if j >= 0 and toks[j][0] in _BE and toks[k][0].endswith(("ed", "told", "wrote")):
        return None, k  # passive: "his salespersons were told" names who heard, not who spoke
    while j >= 0 and (_is_aux(toks[j][0]) or toks[j][0].lower() in _WHEN_WORDS):
        if toks[j][0].lower() in _WHEN_WORDS and j > 0 and toks[j - 1][0] in ("on", "last", "this", "late", "early"):
            j -= 1
        j -= 1
    if j < 0:
        return None, k
    if toks[j][0] in (",", ")"):
        return _appositive_subject(body, toks, j)
    return np_ending_at(body, toks, j)


def _is_aux(word: str) -> bool:
    return word in _AUX or (len(word) > 4 and word.endswith("ly") and word.islower()
                            and word not in ("only", "family", "ally", "rally", "bully"))


def np_ending_at(body: str, toks: list[Token], j: int) -> tuple[Mention | None, int]:
    word, start, end = toks[j]
    low = word.lower()
    if low in PRONOUNS:
        return Mention("pronoun", word, Span(start, end), name=low, gender=PRONOUNS[low]), j
    if low in OTHER_PRONOUNS:
        return None, j
    if is_capital(word) or (word[:1].isdigit() and j > 0 and is_capital(toks[j - 1][0])):
        return _name_ending_at(body, toks, j)
    if word.isalpha() and word.islower() and low not in _NP_BREAK:
        return _noun_ending_at(body, toks, j)
    return None, j


def _name_ending_at(body: str, toks: list[Token], j: int) -> tuple[Mention | None, int]:
    i = j
    while i > 0 and j - i < 9:
        prev = toks[i - 1][0]
        if is_capital(prev) and prev not in ("I",):
            i -= 1
        elif prev == "." and i > 1 and toks[i - 2][0].lower() in ABBREVIATIONS:
            i -= 1
        elif prev.lower() in NAME_CONNECTORS and prev.islower() and i > 1 and is_capital(toks[i - 2][0]):
            i -= 1
        else:
            break
    while i < j and (toks[i][0] in SENTENCE_OPENERS or toks[i][0].lower() in NAME_CONNECTORS
                     or toks[i][0] == "."):
        i += 1
    role_start = i
    while role_start > 0 and toks[role_start - 1][0].islower() and toks[role_start - 1][0] in TITLE_WORDS:
        role_start -= 1
    role_start = _description_start(toks, role_start)
    return name_mention(body, toks[role_start:i], toks[i:j + 1]), role_start


def _description_start(toks: list[Token], i: int) -> int:
    """"meteorologist Ana Lucia Brandt": up to three lower-case words before a name, when nothing but
    punctuation or the start of the fragment comes before them, describe the person."""
    k = i
    while k > 0 and i - k < 3 and toks[k - 1][0].isalpha() and toks[k - 1][0].islower() \
            and toks[k - 1][0] not in _NP_BREAK and toks[k - 1][0] not in DETERMINERS:
        k -= 1
    return k if k < i and (k == 0 or not _is_wordlike(toks[k - 1][0])) else i


def _noun_ending_at(body: str, toks: list[Token], j: int) -> tuple[Mention | None, int]:
    i, found_det = j, False
    while i > 0 and j - i < 8:
        prev = toks[i - 1][0]
        low = prev.lower()
        if low in DETERMINERS:
            i -= 1
            found_det = True
            if i > 1 and toks[i - 1][0] in PREPOSITIONS and toks[i - 2][0].isalpha() \
                    and toks[i - 2][0].lower() not in _NP_BREAK:
                i -= 1
                continue
            break
        if prev.isalpha() and low not in _NP_BREAK and low not in OTHER_PRONOUNS and low not in PRONOUNS \
                or prev.endswith(("'s", "’s")):
            i -= 1
            continue
        break
    words = [t[0] for t in toks[i:j + 1]]
    possessive = any(w.endswith(("'s", "’s")) for w in words)
    head = toks[j][0].lower()
    if not (found_det or possessive or (head in GROUP_NOUNS and j - i < 3)):
        return None, j
    if head in DETERMINERS or head in SPEECH_CUES:
        return None, j
    text = body[toks[i][1]:toks[j][2]]
    gender = GENDERED.get(head, "")
    return Mention("noun", text, Span(toks[i][1], toks[j][2]), name=strip_article(text), gender=gender), i


def _appositive_subject(body: str, toks: list[Token], j: int) -> tuple[Mention | None, int]:
    """"Priya Dunmore, who runs a café, told" / "The mayor, Annika Threlfall, said" / "Smith (R-Texas) said"."""
    opener = "(" if toks[j][0] == ")" else ","
    start = max(0, j - 30)
    while start < j and not _is_wordlike(toks[start][0]):
        start += 1
    who = next((n for n in range(start, j) if toks[n][0] in ("who", "whose")), -1)
    if who > start and all(t[0] != "," for t in toks[start:who]):  # not inside an appositive
        head, first = np_ending_at(body, toks, who - 1)
        if head is not None:
            return head, first
    i = j - 1
    while i >= 0 and j - i < 25 and toks[i][0] != opener:
        if toks[i][0] in (".", ";", ":", "!", "?", '"', "“", "”") and opener == ",":
            return None, j
        i -= 1
    if i <= 0 or toks[i][0] != opener:
        return None, j
    head, first = np_ending_at(body, toks, i - 1)
    if head is None:
        return None, j
    inner = toks[i + 1:j]
    descriptive = head.kind == "noun" or is_organisation(head.name)
    if descriptive and inner and all(is_capital(t[0]) or t[0].lower() in NAME_CONNECTORS for t in inner):
        named = name_mention(body, [], inner)
        if named is not None and named.kind == "name" and not is_organisation(named.name):
            role = named.role or _phrase_before(body, toks, i)
            return Mention("name", named.text, named.span, named.name, role,
                           named.gender or head.gender or role_gender(role)), first
    if head.kind == "name" and not head.role and inner and _starts_role(inner):
        role = strip_article(body[inner[0][1]:inner[-1][2]])
        head = Mention(head.kind, head.text, head.span, head.name, role, head.gender)
    return head, first


def _phrase_before(body: str, toks: list[Token], i: int) -> str:
    """"The chief of Saltmere Fire and Rescue," -> "chief of Saltmere Fire and Rescue" (a role before a name)."""
    k = i
    while k > 0 and i - k < 8 and _is_wordlike(toks[k - 1][0]):
        k -= 1
    while k < i and (toks[k][0] in SENTENCE_OPENERS or toks[k][0].lower() in DETERMINERS):
        k += 1
    return body[toks[k][1]:toks[i - 1][2]] if k < i else ""


def role_gender(role: str) -> str:
    """"spokeswoman for the White House" -> "f"; most roles say nothing."""
    return next((GENDERED[w] for w in role.casefold().split() if w in GENDERED), "")


def _starts_role(inner: list[Token]) -> bool:
    first = inner[0][0].lower()
    words = [t[0].lower() for t in inner[:3]]
    return first not in _NP_BREAK and any(w in TITLE_WORDS for w in words) and len(inner) <= 12


# --- the subject after a cue: "said the mayor", "reported Sky News", "according to the club's captain, X" ----

def noun_phrase_after(body: str, toks: list[Token], i: int) -> Mention | None:
    """The noun phrase starting at toks[i], stopped by punctuation or a clause word; appositive names kept."""
    j, seen_capital = i, False
    while j < len(toks) and j - i < 10:
        word = toks[j][0]
        low = word.lower()
        if is_capital(word):
            seen_capital = True
        elif word == "." and j > i and toks[j - 1][0].lower() in ABBREVIATIONS:
            pass
        elif low in NAME_CONNECTORS and seen_capital and j + 1 < len(toks) and is_capital(toks[j + 1][0]):
            pass
        elif word.isalpha() and (low in DETERMINERS or low in TITLE_WORDS or not seen_capital) \
                and low not in _NP_BREAK and low not in PRONOUNS:
            pass
        elif word.endswith(("'s", "’s")) or (word[:1].isdigit() and seen_capital):
            pass
        elif low in PRONOUNS and j == i:
            return Mention("pronoun", word, Span(toks[j][1], toks[j][2]), name=low, gender=PRONOUNS[low])
        else:
            break
        j += 1
    if j == i:
        return None
    phrase = toks[i:j]
    caps = [n for n, t in enumerate(phrase) if is_capital(t[0]) and t[0] not in SENTENCE_OPENERS]
    if caps:
        first_cap = caps[0]
        return name_mention(body, phrase[:first_cap], phrase[first_cap:])
    mention, _ = _noun_ending_at(body, toks, j - 1)
    if mention is None:
        return None
    if j + 1 < len(toks) and toks[j][0] == "," and is_capital(toks[j + 1][0]):
        named = noun_phrase_after(body, toks, j + 1)
        if named is not None and named.kind == "name" and not is_organisation(named.name):
            return Mention("name", named.text, named.span, named.name, named.role or mention.name, named.gender)
    return mention


# --- a capitalised run into role + name ---------------------------------------------------------------------

def name_mention(body: str, lower_role: list[Token], run: list[Token]) -> Mention | None:
    """"British Foreign Secretary James Cleverly" -> name "James Cleverly", role "British Foreign Secretary"."""
    run = [t for t in run if t[0] != "'"]
    owner = max((n for n, t in enumerate(run[:-1]) if t[0].endswith(("'s", "’s"))), default=-1)
    if owner >= 0 and is_capital(run[-1][0]):
        lower_role, run = lower_role + run[:owner + 1], run[owner + 1:]
    while run and (run[-1][0].lower() in NAME_CONNECTORS or run[-1][0] == "."):
        run = run[:-1]
    if not run:
        return None
    text = body[run[0][1]:run[-1][2]]
    span = Span(run[0][1], run[-1][2])
    words = [t[0] for t in run]
    lowered = [w.lower().rstrip(".") for w in words]
    if is_outlet(text) or any(w in ORG_WORDS or w in PLACE_WORDS for w in lowered):
        return Mention("name", text, span, name=strip_article(text))
    name_start, gender = _after_titles(lowered)
    role_tokens = lower_role + run[:name_start]
    names = [t for t in run[name_start:] if t[0] != "."]
    while names and names[0][0].lower() in NAME_CONNECTORS:
        names = names[1:]
    role = _role_text(body, role_tokens)
    gender = gender or next((GENDERED[w] for w in lowered[:name_start] if w in GENDERED), "")
    if not names:
        whole = body[(role_tokens or run)[0][1]:run[-1][2]]
        return Mention("noun", whole, span, name=strip_article(whole), role=role, gender=gender)
    name_span = Span(names[0][1], names[-1][2])
    name = body[name_span.start:name_span.end]
    return Mention("name", name, name_span, name=name, role=role, gender=gender)


def _after_titles(lowered: list[str]) -> tuple[int, str]:
    """Index where the name starts after titles, honorifics and "of State"-like complements; honorific gender."""
    last, gender = -1, ""
    for n, word in enumerate(lowered):
        if word in TITLE_WORDS or word in HONORIFICS:
            last = n
            gender = HONORIFICS.get(word, gender)
    start = last + 1
    if 0 < start < len(lowered) and lowered[start] == "of":
        start += 1
        while start < len(lowered) - 1 and (lowered[start] in DEPARTMENTS or len(lowered) - start > 2):
            start += 1
    while start < len(lowered) - 1 and lowered[start] in DEPARTMENTS and last >= 0:
        start += 1
    return start, gender


def _role_text(body: str, role_tokens: list[Token]) -> str:
    kept = [t for t in role_tokens if t[0].lower().rstrip(".") not in HONORIFICS]
    while kept and kept[-1][0] == ".":
        kept = kept[:-1]
    while kept and (kept[0][0] == "." or kept[0][0] in SENTENCE_OPENERS):
        kept = kept[1:]
    return body[kept[0][1]:kept[-1][2]] if kept else ""
