"""Who is speaking: cue verbs, the noun phrase beside them, and what a pronoun, surname or role stands for.

Two parts, rule-based and offline:
- frames: a cue verb (GenderGapTracker's list in spirit, all forms written out here; "according to";
  participles like "saying" take the subject of their clause) with its subject before it ("Cleverly said",
  "The mayor, Annika Threlfall, said") or after it ("said Priya Dunmore", "reported Sky News"), and an
  outlet addressed after "told" ("told Radio Saltmere").
- `Resolver`, one per article: a surname to its fullest form ("Cleverly" -> "James Cleverly", as Citron maps
  a name to its longest form), a pronoun to the nearest person of compatible gender (titles, honorifics,
  gendered nouns, a he/she right after the name), "the mayor" to the person the article gave that role.
  Candidates come from capitalised runs that read as people and from subjects already resolved for earlier
  quotes; look-ups are lazy and bounded so a long article costs little more than a short one.
"""
from __future__ import annotations

import re
from bisect import bisect_left
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

# --- word lists --------------------------------------------------------------------------------------
PRONOUNS = {"he": "m", "she": "f", "they": "", "it": ""}
_OTHER_PRONOUNS = {"i", "we", "you", "one", "who", "which", "that", "this"}
_DETERMINERS = set("the a an his her its their our my your this that these those one another some several "
                   "two three four five many both each every".split())
_AUX = set("has have had also later then previously earlier recently once again was is were are will would "
           "could should may might can did does do not never already still just first often "
           "subsequently initially further".split())
_NP_BREAK = set("that which who whom whose what when where while if as than then and or but because so to "
                "is was are were be been being has have had will would said says not no there here it "
                "in on at by with from into after before about".split())
_PREPOSITIONS = {"for", "of", "at", "from", "with", "in", "on"}
_CONNECTIVES = {"But", "And", "Yet", "So", "Then", "Still", "but", "and", "yet", "so", "then", "still"}
_BE = {"was", "were", "is", "are", "been", "being", "be", "get", "got", "gets"}
_WHEN_WORDS = set("monday tuesday wednesday thursday friday saturday sunday today tonight yesterday week month "
                  "year weekend morning afternoon evening night".split())
NAME_CONNECTORS = set("of and for the de van von der den du da di del la le al bin ibn &".split())
_SENTENCE_OPENERS = set(
    "The A An But And Or So Then Later Earlier Meanwhile However Yesterday Today Tonight On In At When While "
    "After Before Also Still Now This That These Those His Her Their Its Our My As If Asked Speaking "
    "Separately Elsewhere Last Next Since During By For With From Under Over Instead Indeed Yet Though "
    "Although Because Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov "
    "Dec Here There Writing Interviewed Addressing Responding".split())
HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": "", "sir": "m", "dame": "f",
              "lord": "m", "lady": "f"}
_PERSON_NOUNS = {"woman": "f", "man": "m", "girl": "f", "boy": "m", "resident": "", "witness": "",
                 "neighbour": "", "neighbor": "", "passenger": "", "driver": "", "teacher": "", "nurse": "",
                 "student": "", "pupil": "", "worker": "", "official": "", "victim": "", "customer": "",
                 "shopper": "", "owner": "", "farmer": "", "parent": "", "daughter": "f", "son": "m", "wife": "f",
                 "husband": "m", "sister": "f", "brother": "m", "mum": "f", "dad": "m", "grandmother": "f",
                 "grandfather": "m", "pensioner": "", "survivor": "", "fan": "", "employee": "", "source": ""}
_GENDERED = {"spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f", "congressman": "m",
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
_DEPARTMENTS = set("state defence defense health finance justice education transport energy commerce labor "
                   "labour interior agriculture treasury trade environment culture housing homeland security "
                   "foreign affairs home war veterans staff police".split())
_ROLE_MODIFIERS = {"deputy", "vice", "assistant", "acting", "interim", "former", "associate", "junior",
                   "shadow", "senior"}
ABBREVIATIONS = set("mr mrs ms dr st sen rep gov gen col capt lt sgt prof rev jr sr no vs etc jan feb mar apr "
                    "jun jul aug sep sept oct nov dec mt ft inc ltd co corp det insp supt cllr est approx "
                    "dept univ ave blvd rd".split())
_ORG_WORDS = set(
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
_PLACE_WORDS = set(
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
_GROUP_NOUNS = {"police", "staff", "people", "government", "management", "military", "public", "officials",
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
    return any(w in _ORG_WORDS or w in _PLACE_WORDS for w in words)


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
    while i < k and (toks[i][0] in _SENTENCE_OPENERS or not _is_wordlike(toks[i][0])) \
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
    if low in _OTHER_PRONOUNS:
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
    while i < j and (toks[i][0] in _SENTENCE_OPENERS or toks[i][0].lower() in NAME_CONNECTORS
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
            and toks[k - 1][0] not in _NP_BREAK and toks[k - 1][0] not in _DETERMINERS:
        k -= 1
    return k if k < i and (k == 0 or not _is_wordlike(toks[k - 1][0])) else i


def _noun_ending_at(body: str, toks: list[Token], j: int) -> tuple[Mention | None, int]:
    i, found_det = j, False
    while i > 0 and j - i < 8:
        prev = toks[i - 1][0]
        low = prev.lower()
        if low in _DETERMINERS:
            i -= 1
            found_det = True
            if i > 1 and toks[i - 1][0] in _PREPOSITIONS and toks[i - 2][0].isalpha() \
                    and toks[i - 2][0].lower() not in _NP_BREAK:
                i -= 1
                continue
            break
        if prev.isalpha() and low not in _NP_BREAK and low not in _OTHER_PRONOUNS and low not in PRONOUNS \
                or prev.endswith(("'s", "’s")):
            i -= 1
            continue
        break
    words = [t[0] for t in toks[i:j + 1]]
    possessive = any(w.endswith(("'s", "’s")) for w in words)
    head = toks[j][0].lower()
    if not (found_det or possessive or (head in _GROUP_NOUNS and j - i < 3)):
        return None, j
    if head in _DETERMINERS or head in SPEECH_CUES:
        return None, j
    text = body[toks[i][1]:toks[j][2]]
    gender = _GENDERED.get(head, "")
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
    while k < i and (toks[k][0] in _SENTENCE_OPENERS or toks[k][0].lower() in _DETERMINERS):
        k += 1
    return body[toks[k][1]:toks[i - 1][2]] if k < i else ""


def role_gender(role: str) -> str:
    """"spokeswoman for the White House" -> "f"; most roles say nothing."""
    return next((_GENDERED[w] for w in role.casefold().split() if w in _GENDERED), "")


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
        elif word.isalpha() and (low in _DETERMINERS or low in TITLE_WORDS or not seen_capital) \
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
    caps = [n for n, t in enumerate(phrase) if is_capital(t[0]) and t[0] not in _SENTENCE_OPENERS]
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
    if is_outlet(text) or any(w in _ORG_WORDS or w in _PLACE_WORDS for w in lowered):
        return Mention("name", text, span, name=strip_article(text))
    name_start, gender = _after_titles(lowered)
    role_tokens = lower_role + run[:name_start]
    names = [t for t in run[name_start:] if t[0] != "."]
    while names and names[0][0].lower() in NAME_CONNECTORS:
        names = names[1:]
    role = _role_text(body, role_tokens)
    gender = gender or next((_GENDERED[w] for w in lowered[:name_start] if w in _GENDERED), "")
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
        while start < len(lowered) - 1 and (lowered[start] in _DEPARTMENTS or len(lowered) - start > 2):
            start += 1
    while start < len(lowered) - 1 and lowered[start] in _DEPARTMENTS and last >= 0:
        start += 1
    return start, gender


def _role_text(body: str, role_tokens: list[Token]) -> str:
    kept = [t for t in role_tokens if t[0].lower().rstrip(".") not in HONORIFICS]
    while kept and kept[-1][0] == ".":
        kept = kept[:-1]
    while kept and (kept[0][0] == "." or kept[0][0] in _SENTENCE_OPENERS):
        kept = kept[1:]
    return body[kept[0][1]:kept[-1][2]] if kept else ""


_ROLE_SYNONYMS = {"boss": "manager", "gaffer": "manager", "ceo": "chief executive", "chairman": "chair",
                  "chairwoman": "chair", "chairperson": "chair", "spokesman": "spokesperson",
                  "spokeswoman": "spokesperson", "prime minister": "premier"}


def _role_words(role: str) -> list[str]:
    words = [w for w in role.casefold().replace("’s", "'s").split() if w not in _DETERMINERS]
    return " ".join(_ROLE_SYNONYMS.get(w, w) for w in words).split()


def role_matches(wanted: str, role: str) -> int:
    """How well a role noun ("mayor", "fire chief") fits a known role: 2 exact, 1 by head word, 0 not."""
    want = _role_words(wanted)
    have = _role_words(role)
    if not want or not have:
        return 0
    if want == have[-len(want):] and not (set(have[:-len(want)]) & _ROLE_MODIFIERS):
        return 2
    head = want[-1]
    if head in have and not (set(have) & _ROLE_MODIFIERS) - set(want):
        return 1
    return 0


# --- the article: who a surname, a pronoun or "the mayor" stands for ---------------------------------------

@dataclass(frozen=True)
class Speaker:
    """A resolved subject: `name` as the article gives it most fully, `span` where that name was found."""

    name: str
    role: str = ""
    span: Span | None = None
    person: bool = False
    outlet: bool = False
    gender: str = ""


_CAPITAL_RUN = re.compile(rf"[{UPPER}][\w'’-]*\.?(?:[ \t]+[{UPPER}][\w'’-]*)+")
_NAME_RUN = re.compile(rf"[{UPPER}][\w'’-]*\.?(?:[ \t]+[{UPPER}][\w'’-]*)*")
SPEECH_TRIE = _trie_pattern(sorted(SPEECH_CUES))
# "Gordon Feltham, chair of the residents' association, said"
_APPOSITIVE_CUE = re.compile(rf",\s+[^,.;:\"“”]{{2,90}},\s+(?:also\s+)?(?:{SPEECH_TRIE})\b")
# one capitalised word that speaks ("Hadley said") or gets a person's appositive ("Brennan, who")
_SINGLE_PERSON = re.compile(rf"[{UPPER}][\w'’-]+(?=,\s+(?:who|whose|aged|\d{{1,3}},|an?)\s|,?\s+(?:also\s+)?"
                            rf"(?:{SPEECH_TRIE})\b)")
_PERSON_AFTER = re.compile(r",\s+(?:who|whose|aged|\d{1,3},|an?)\s")  # "Brennan, who", "Edna Pocock, 81,"
# "the developer, Owen Pike," / "The local MP, Gareth Penhale,": a name set off after a description
_DESCRIBED_BEFORE = re.compile(r"(?<!\w)(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+[^,.;:\"“”]{2,50},\s+$")
_THE_APPOSITIVE = re.compile(r",\s+the\s+(?:[a-z’'-]+\s+){0,3}[a-z’'-]+,")  # "Ben Ito, the harbour master,"
_PRONOUN_AHEAD = re.compile(r"\b(?:([Hh]e|[Hh]is|[Hh]im|himself)|([Ss]he|[Hh]er|hers|herself))\b|[\"“”]")
_SENTENCE_END = re.compile(r"[.!?]\s+")
_NOT_BEFORE_NAMES = set("the a an of in at from to on near into by for with across via".split())
_CHUNK = 256
_MAX_FORMS = 6
_LOOKBACK = 2500
_CANDIDATES = 12


class Resolver:
    """Resolves subjects against one article; every look-up is lazy so short articles pay little.

    Antecedents ("he", "the mayor") come from two sources, nearest first: subjects already resolved for
    earlier quotes, and capitalised runs that read as people ("Mayor Annika Threlfall", "Brennan, who ...",
    "Ruth Anselm is on her third pot") or as organisations that speak ("Wexby Police said"). Nothing is taken
    from blocked spans: quote contents, excluded furniture, heading lines.
    """

    def __init__(self, body: str, blocked_starts: list[int], blocked_ends: list[int]) -> None:
        self.body = body
        self._starts = blocked_starts
        self._ends = blocked_ends
        self._chunks: dict[int, list[tuple[int, str]]] = {}
        self._memo: dict[int, Speaker | None] = {}
        self._noted: dict[int, Speaker] = {}
        self._full: dict[str, tuple[str, str, str]] = {}
        self._genders: dict[str, str] = {}

    def blocked(self, pos: int) -> bool:
        n = bisect_left(self._ends, pos + 1)
        return n < len(self._starts) and self._starts[n] <= pos

    def resolve(self, mention: Mention, before: int | None = None) -> Speaker:
        """The speaker a subject refers to (empty name when the article does not say); antecedents are
        looked for before `before` (default: the mention itself)."""
        at = mention.span.start if before is None else min(before, mention.span.start)
        if mention.kind == "pronoun":
            found = self._antecedent(at, mention.gender, mention.name)
            if found is not None and mention.gender and found.person:
                self._genders.setdefault(found.name, mention.gender)
            speaker = found or Speaker("")
        elif mention.kind == "noun":
            speaker = self._resolve_noun(mention, at)
        else:
            speaker = self._resolve_name(mention)
        if speaker.name and not speaker.outlet:
            self._noted[mention.span.start] = speaker
        return speaker

    def _resolve_name(self, mention: Mention) -> Speaker:
        name = mention.name or mention.text
        if is_outlet(name):
            return Speaker(strip_article(name), span=mention.span, outlet=True)
        if is_organisation(name) or name.lower() in _GROUP_NOUNS:
            return Speaker(strip_article(name), mention.role, mention.span)
        if mention.role and len(name.split()) > 1:
            full, role, gender = name, mention.role, ""  # "Mayor Annika Threlfall": already whole
        else:
            full, role, gender = self.full_name(name, mention.span.start)
        role = mention.role or role
        gender = mention.gender or gender or role_gender(role) or self._genders.get(full, "")
        return Speaker(full, role, mention.span, person=True, gender=gender)

    def _resolve_noun(self, mention: Mention, at: int) -> Speaker:
        head = _head_noun(mention.name)
        if head in TITLE_WORDS or head in _GENDERED:
            person = self._by_role(mention.name, at)
            if person is not None:
                return Speaker(person.name, person.role or mention.name, person.span, True, gender=person.gender)
        if head in _PERSON_NOUNS or head in _GENDERED or head in TITLE_WORDS:  # "a woman", "the daughter of ..."
            gender = mention.gender or _PERSON_NOUNS.get(head, "") or _GENDERED.get(head, "")
            return Speaker(mention.name, mention.role, mention.span, person=True, gender=gender)
        return Speaker(mention.name, mention.role, mention.span, gender=mention.gender)

    # names ---------------------------------------------------------------------------------------------------
    def full_name(self, name: str, at: int) -> tuple[str, str, str]:
        """Most repeated, then longest form of a name in the article ("Cleverly" -> "James Cleverly", "Edna" ->
        "Edna Pocock"), with a role and gender when a form had a title or honorific."""
        if name not in self._full:
            self._full[name] = self._full_name(name, at)
        return self._full[name]

    def _full_name(self, name: str, at: int) -> tuple[str, str, str]:
        words = [w for w in name.split() if w.lower().rstrip(".") not in HONORIFICS] or name.split()
        gender = next((HONORIFICS[w.lower().rstrip(".")] for w in name.split()
                       if w.lower().rstrip(".") in HONORIFICS), "")
        key = re.sub(r"['’]s$", "", words[-1])
        wanted = tuple(words[:-1]) + (key,)
        forms = self._forms_of(key, 0, at)
        if not forms and len(wanted) == 1:  # a surname before its full form: look ahead too
            forms = self._forms_of(key, at, len(self.body))
        counts: dict[tuple[str, ...], int] = {}
        for form in forms:
            counts[form[1]] = counts.get(form[1], 0) + 1
        best = None
        for form in forms:
            names = form[1]
            if len(wanted) > 1 and not (names[-len(wanted):] == wanted or wanted[-len(names):] == names):
                continue
            if best is None or _better_form(form, best, at, counts):
                best = form
        if best is None:
            return " ".join(wanted), "", gender
        role = best[2] or next((f[2] for f in forms if f[2] and f[1] == best[1]), "")
        return " ".join(best[1]), role, gender

    def _forms_of(self, word: str, lo: int, hi: int) -> list[tuple[int, tuple[str, ...], str]]:
        """Person-like capitalised runs holding `word` between lo and hi: (position, names, role)."""
        forms: list[tuple[int, tuple[str, ...], str]] = []
        body, size = self.body, len(word)
        start, seen = body.find(word, lo, hi), 0
        while start != -1 and len(forms) < _MAX_FORMS and seen < 4 * _MAX_FORMS:
            seen += 1
            end = start + size
            skip = (start and body[start - 1].isalnum()) or body[end:end + 1].isalnum() or self.blocked(start)
            before, run_start = ([], start) if skip else _capitals_before(body, start)
            after = [] if skip else _capitals_after(body, end)
            start = body.find(word, end, hi)
            if not before and not after:
                continue
            names, role = _split_form(before + [word] + after, _sentence_starts_at(body, run_start))
            preceding = body[max(0, run_start - 12):run_start].split()
            if preceding and preceding[-1].lower() in _NOT_BEFORE_NAMES and not role:
                continue  # "in New Hampshire Sanders won": a place glued to a name
            if len(names) > 1 and word in names:
                forms.append((run_start, names, role))
        return forms

    # antecedents --------------------------------------------------------------------------------------------
    def _antecedent(self, at: int, gender: str, pronoun: str) -> Speaker | None:
        """he/she: the nearest person of compatible gender; they: the nearest speaker; it: the nearest
        organisation."""
        for found in self._walk(at):
            if found.outlet or (pronoun in ("he", "she") and not found.person) or (pronoun == "it" and found.person):
                continue
            known = found.gender or self._genders.get(found.name, "")
            if gender and known and known != gender:
                continue
            return found
        return None

    def _by_role(self, wanted: str, at: int) -> Speaker | None:
        """"the mayor": the nearest person given that role (before, else after), exact roles first."""
        for backwards in (True, False):
            best, score = None, 0
            for found in self._walk(at, backwards):
                fit = role_matches(wanted, found.role) if found.person else 0
                if fit > score:
                    best, score = found, fit
                if score == 2:
                    break
            if best is not None:
                return best
        return None

    def _walk(self, at: int, backwards: bool = True):
        """Candidate speakers nearest `at` first, before it (or after it): at most `_CANDIDATES` of them, within
        `_LOOKBACK` characters, so a pronoun with no antecedent costs little."""
        chunk, step, left = at // _CHUNK, -1 if backwards else 1, _CANDIDATES
        while 0 <= chunk * _CHUNK < len(self.body) and abs(chunk * _CHUNK - at) <= _LOOKBACK + _CHUNK:
            lo = chunk * _CHUNK
            hits = self._hits_in(chunk) + [(p, "noted") for p in self._noted if lo <= p < lo + _CHUNK]
            for pos, kind in sorted(hits, reverse=backwards):
                if (pos < at) if backwards else (pos > at):
                    found = self._noted[pos] if kind == "noted" else self._candidate(pos, kind)
                    if found is not None:
                        yield found
                    left -= 1
                    if not left:
                        return
            chunk += step

    def _hits_in(self, chunk: int) -> list[tuple[int, str]]:
        """Capitalised runs in one chunk that read as people or speaking organisations; scanned once."""
        if chunk not in self._chunks:
            body, lo = self.body, chunk * _CHUNK
            hi = min(len(body), lo + _CHUNK + 80)  # a run starting in the chunk may end after it
            hits = [(m.start(), _run_kind(body, m)) for m in _CAPITAL_RUN.finditer(body, lo, hi)
                    if m.start() < lo + _CHUNK]
            for m in _SINGLE_PERSON.finditer(body, lo, hi):
                if m.start() >= lo + _CHUNK:
                    break
                word = m.group()
                if word in _SENTENCE_OPENERS or word.lower() in _OTHER_PRONOUNS or _capitals_before(body, m.start())[0]:
                    continue
                group = word.lower() in _NON_PERSON or word.lower() in _GROUP_NOUNS
                hits.append((m.start(), "organisation" if group else "person"))
            self._chunks[chunk] = [h for h in hits if h[1] and not self.blocked(h[0])]
        return self._chunks[chunk]

    def _candidate(self, pos: int, kind: str) -> Speaker | None:
        if pos not in self._memo:
            self._memo[pos] = self._person_at(pos) if kind == "person" else self._organisation_at(pos)
        return self._memo[pos]

    def _organisation_at(self, pos: int) -> Speaker | None:
        m = _NAME_RUN.match(self.body, pos)
        name = strip_article(m.group()) if m else ""
        return Speaker(name, span=Span(pos, m.end())) if name and not is_outlet(name) else None

    def _person_at(self, pos: int) -> Speaker | None:
        """A person from a capitalised run alone: name and title split, roles from the words around it."""
        body = self.body
        m = _NAME_RUN.match(body, pos)
        names, role = _split_form(m.group().split(), _sentence_starts_at(body, pos))
        if not names:
            return None
        first = body.find(names[0], pos, m.end())
        span = Span(first, m.end())
        role = role or _title_before(body, pos) or _appositive_role(body, pos, m.end())
        name, known_role, gender = self.full_name(" ".join(names), pos)
        role = role or known_role
        gender = gender or _honorific_gender(m.group()) or role_gender(role) or _gender_after(body, m.end())
        return Speaker(name, role, span, person=True, gender=gender)


def _run_kind(body: str, run: re.Match) -> str:
    """"person", "organisation" (one that speaks: "Wexby Police said") or "" for other capitalised runs."""
    words = run.group().split()
    lowered = [w.lower().rstrip(".,") for w in words]
    before = [w.rstrip(",") for w in body[max(0, run.start() - 24):run.start()].split()]
    after = body[run.end():run.end() + 24].replace(",", " ", 1).split()
    next_word = after[0] if after else ""
    if any(w in _NON_PERSON for w in lowered):
        return "organisation" if next_word in SPEECH_CUES and len(words) > 1 else ""
    if len(words) > 4 or (len(words) == 1 and words[0] in _SENTENCE_OPENERS):
        return ""
    titled = any(w in _TITLE_OR_HONORIFIC for w in lowered[:-1]) or (before and before[-1].lower() in TITLE_WORDS)
    if titled or next_word in SPEECH_CUES or (before and before[-1] in SPEECH_CUES):
        return "person"
    if before and before[-1].lower() in _NOT_BEFORE_NAMES:
        return ""
    described = body[run.end():run.end() + 1] == "," and _DESCRIBED_BEFORE.search(body, max(0, run.start() - 60),
                                                                                   run.start())
    if described or _PERSON_AFTER.match(body, run.end()) or _APPOSITIVE_CUE.match(body, run.end()) \
            or (len(words) > 1 and (_gender_after(body, run.end()) or _THE_APPOSITIVE.match(body, run.end()))):
        return "person"
    return ""


def _title_before(body: str, pos: int) -> str:
    """Lower-case title words just before a name: "deputy mayor Tobias Renwick" -> "deputy mayor"."""
    words = body[max(0, pos - 40):pos].split()
    n = len(words)
    while n and words[n - 1] in TITLE_WORDS:
        n -= 1
    return " ".join(words[n:])


_ROLE_BEFORE = re.compile(r"(?<!\w)(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Aa]n?)\s+([^,.;:]{2,60}?),\s+$")
_ROLE_AFTER = re.compile(r",\s+(?:the\s+|an?\s+)?([a-z][^,.;:]{2,60}?)[,.]")


def _appositive_role(body: str, start: int, end: int) -> str:
    """"The mayor, Annika Threlfall," / "Fenella Marchbank, chief of Saltmere Fire and Rescue,"."""
    m = _ROLE_BEFORE.search(body, max(0, start - 70), start)
    if m and _has_title(m.group(1)):
        return m.group(1)
    m = _ROLE_AFTER.match(body, end)
    return m.group(1) if m and _has_title(m.group(1)) else ""


def _has_title(phrase: str) -> bool:
    return any(w in TITLE_WORDS for w in phrase.casefold().split()[:4])


def _honorific_gender(run: str) -> str:
    return next((HONORIFICS[w] for w in run.lower().replace(".", " ").split() if w in HONORIFICS), "")


def _gender_after(body: str, end: int) -> str:
    """"Marchbank ... praised her crews": the first he/she/his/her after a name in its own sentence (or opening
    the next one: "Rourke mends nets. He calls"), before any quote mark."""
    hi = min(len(body), end + 90)
    m = _PRONOUN_AHEAD.search(body, end, hi)
    if m is None or m.group(0) in '"“”':
        return ""
    stop = _SENTENCE_END.search(body, end, m.start())
    if stop is not None and stop.end() != m.start():
        return ""
    return "m" if m.group(1) else "f"


def _capitals_before(body: str, pos: int) -> tuple[list[str], int]:
    """Up to five capitalised words just before `pos` ("British Foreign Secretary James" before "Cleverly"),
    and where the first of them starts."""
    lo = max(0, pos - 90)
    chunk = body[lo:pos]
    words = chunk.split()
    n = len(words)
    while n and len(words) - n < 5 and is_capital(words[n - 1]) and words[n - 1][-1] not in _NOT_IN_NAMES:
        n -= 1
    taken = words[n:]
    if not taken:
        return [], pos
    found = chunk.rfind(taken[0], 0, len(chunk) - sum(map(len, taken[1:])))
    return taken, lo + found if found >= 0 else pos


_NOT_IN_NAMES = frozenset(",;:!?\"“”‘’'()[]")


def _capitals_after(body: str, pos: int) -> list[str]:
    """Up to two capitalised words right after `pos` ("Pocock" after "Edna"), punctuation dropped."""
    words = []
    for word in body[pos:pos + 40].split()[:2] if body[pos:pos + 1] == " " else []:
        bare = word.rstrip(",.;:!?)”’\"'")
        if not is_capital(bare) or bare.endswith(("'s", "’s")):
            break
        words.append(bare)
        if bare != word:
            break
    return words


def _sentence_starts_at(body: str, pos: int) -> bool:
    before = body[max(0, pos - 3):pos].rstrip(" \t")
    return not before or before[-1] in ".!?\n\"”’:"


def _head_noun(phrase: str) -> str:
    words = phrase.casefold().split()
    for n, word in enumerate(words):
        if word in _PREPOSITIONS and n:
            return words[n - 1]
    return words[-1] if words else ""


def _split_form(words: list[str], sentence_start: bool) -> tuple[tuple[str, ...], str]:
    """A capitalised run -> (name words, role): "British Foreign Secretary James Cleverly" -> (James, Cleverly)
    and "British Foreign Secretary". A sentence-initial epithet goes: "Brave Edna Pocock" -> (Edna, Pocock)."""
    last = -1
    for n in range(len(words) - 2, -1, -1):
        if words[n].lower().rstrip(".") in _TITLE_OR_HONORIFIC_ALL:
            last = n
            break
    names = words[last + 1:]
    for n in range(len(names) - 2, -1, -1):
        if names[n].endswith(".") and len(names[n]) > 2:
            names, sentence_start = names[n + 1:], True
            break
    while names and (names[0] in _SENTENCE_OPENERS or names[0].lower() in _DEPARTMENTS
                     or names[0].endswith(("'s", "’s"))):
        names, sentence_start = names[1:], False
    for word in names:
        if word.lower().strip(".,") in _NON_PERSON or word.endswith(("'s", "’s", ",")):
            return (), ""
    if sentence_start and last < 0 and len(names) >= 3:
        names = names[1:]
    if last < 0:
        return tuple(names), ""
    role_words = [w for w in words[:last + 1] if w.lower().rstrip(".") not in HONORIFICS]
    while role_words and role_words[0] in _SENTENCE_OPENERS:
        role_words = role_words[1:]
    return tuple(names), " ".join(role_words)


def _better_form(form, best, at: int, counts: dict) -> bool:
    """The most repeated form wins, then the longest; among equals the earliest before `at`, else the earliest."""
    if counts[form[1]] != counts[best[1]]:
        return counts[form[1]] > counts[best[1]]
    if len(form[1]) != len(best[1]):
        return len(form[1]) > len(best[1])
    form_before, best_before = form[0] < at, best[0] < at
    if form_before != best_before:
        return form_before
    return form[0] < best[0]


_NON_PERSON = frozenset(_ORG_WORDS | _PLACE_WORDS | OUTLET_WORDS | _DEPARTMENTS)
_TITLE_OR_HONORIFIC_ALL = frozenset(TITLE_WORDS | set(HONORIFICS))
_TITLE_OR_HONORIFIC = _TITLE_OR_HONORIFIC_ALL - {"former", "acting", "interim", "first", "head"}
