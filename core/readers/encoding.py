"""Bytes to clean text: byte-order mark, then strict UTF-8, then a detector's guess.

Order and why:
  1. A byte-order mark is the file's own statement, so it wins (UTF-8, UTF-16, UTF-32).
  2. Without one, binary junk is refused before any guessing (NUL bytes, or many
     control bytes), because a detector will happily "decode" a JPEG.
  3. Strict UTF-8: nearly every modern file, and a false positive is very unlikely.
  4. An encoding the document declares itself (HTML's <meta charset>), if it decodes.
  5. charset-normalizer's guesses. It often prefers a Baltic or Central European code
     page for plain Western text, turning "naïve" into "naļve", so among its candidates
     Windows-1252 is taken unless its decoding looks less plausible than the best guess.

`repair()` then runs ftfy to undo mojibake ("Washingtonâ€™s" -> "Washington’s") while
keeping curly quotes (only when a quick check finds something ftfy would fix), and
normalises to Unicode NFC.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
import ftfy

from core.readers.errors import Unreadable

try:  # ftfy's own test for "this looks like UTF-8 decoded the wrong way"
    from ftfy.chardata import HTML_ENTITY_RE as _HTML_ENTITY
    from ftfy.chardata import UTF8_DETECTOR_RE as _UTF8_DETECTOR
except ImportError:  # a future ftfy without them: always run ftfy, just slower
    _HTML_ENTITY = _UTF8_DETECTOR = None

# UTF-32 LE's mark starts with UTF-16 LE's, so it is tested first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, LF, VT, FF, CR and ESC, plus DEL: text files hardly have any.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 0.05
_WESTERN = "cp1252"
# Other things ftfy fixes: terminal escapes, C1 controls, lone surrogates, ligatures
# (common in PDF text) and full-width Latin letters.
_OTHER_FIXES = re.compile("[\x1b\x80-\x9f\ud800-\udfff\ufb00-\ufb06\uff01-\uff5e]")
# Signs that a legacy decoding is wrong: a symbol wedged between letters ("ą" read as
# "¹" in "wi¹zaæ"), or a non-ASCII capital straight after a small letter ("dŸ").
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[¢£¤¥¦§¨©ª¬®¯°±²³´µ¶¸¹º¼½¾¿×÷ƒ†‡‰™](?=[^\W\d_])")
# Where the first letter of a mis-decoded UTF-8 sequence lies (Latin-1 letters to Cyrillic).
_MOJIBAKE_LEAD = re.compile("[\u00c0-\u04ff]")
_SAMPLE_CHARS = 100_000
_BREAK_SAMPLE = 4000


def bom_codec(data: bytes) -> str | None:
    """The codec named by the file's byte-order mark, or None."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def check_not_binary(data: bytes) -> None:
    """Raise Unreadable when bytes without a UTF-16/32 mark are clearly not text."""
    if b"\x00" in data:
        raise Unreadable("this is a binary file (it contains NUL bytes), not text")
    if not data:
        return
    share = (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)
    if share > _MAX_CONTROL_SHARE:
        raise Unreadable(f"this is a binary file ({share:.0%} of its bytes are control characters), not text")


def decode(data: bytes, declared: str = "") -> str:
    """Decode a text file's bytes (see the module docstring); raises Unreadable."""
    codec = bom_codec(data)
    if codec:
        text = _decode_with_bom(data, codec)
    else:
        check_not_binary(data)
        text = _decode_without_bom(data, declared)
    if not _VISIBLE.search(text):
        raise Unreadable("the file is empty")
    if not _has_word_breaks(text):
        raise Unreadable("the text encoding could not be recognised (it decodes to characters with no spaces or "
                         "punctuation, which is not language)")
    return text


def _has_word_breaks(text: str) -> bool:
    """Every written language, CJK included, breaks text with spaces or punctuation.

    A wrong decoding (random bytes behind a UTF-16 byte-order mark, say) yields one endless
    "word"; that is noise, not an article.
    """
    if len(text) < 80:
        return True
    # Start, middle and end: a page whose first megabytes are one attribute or one tag soup
    # still has language further on, while a wrong decoding is noise all the way through.
    middle = len(text) // 2
    samples = {text[:_BREAK_SAMPLE], text[middle:middle + _BREAK_SAMPLE], text[-_BREAK_SAMPLE:]}
    return any(_breaks_at_least(sample, 0.01 * len(sample)) for sample in samples)


def _breaks_at_least(sample: str, needed: float) -> bool:
    # Stops at the first percent of breaks: real text gets there within a line, so the check no
    # longer walks the whole sample (it was 45 % of import time in the scale profile).
    if sample.count(" ") + sample.count("\n") >= needed:
        return True  # spaces and newlines are breaks in every script: real text ends here, at C speed
    found = 0
    for ch in sample:
        if _is_break(ch):
            found += 1
            if found >= needed:
                return True
    return found >= needed


def _is_break(ch: str) -> bool:
    # ASCII digits and symbols count too: a page that opens with thousands of nested tags
    # ("<div><div>...") or a JSON export with a long number is markup, not a mis-decoding,
    # and no wrong decoding of bytes yields pure ASCII.
    if ch.isascii():
        return not ch.isalpha()
    return ch.isspace() or unicodedata.category(ch)[0] in "PZ"


def repair(text: str) -> str:
    """Undo mojibake and normalise to NFC; curly quotes are kept as they are."""
    if needs_ftfy(text):
        text = ftfy.fix_text(text, uncurl_quotes=False)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def needs_ftfy(text: str) -> bool:
    """True when ftfy could change something: mojibake, entities, ligatures, controls.

    ftfy costs about 0.6 s per MB of text while these checks cost about 0.07 s, and
    most text has nothing for it to fix; a 200 MB export would otherwise take minutes.
    """
    if _UTF8_DETECTOR is None:
        return True
    entity = "&" in text and bool(_HTML_ENTITY.search(text))  # every entity starts with "&"
    if text.isascii():
        return "\x1b" in text or entity
    # ftfy's detector is slow (~0.8 ms on a 5 KB article) and every sequence it finds starts with a
    # letter in U+00C0-U+04FF (tests/test_readers_parts.py checks that against ftfy): without one,
    # a quick scan rules it out.
    suspect = bool(_MOJIBAKE_LEAD.search(text)) and bool(_UTF8_DETECTOR.search(text))
    return entity or suspect or bool(_OTHER_FIXES.search(text))


_VISIBLE = re.compile("[^\\s\u200b\u200c\u200d\u2060\ufeff]")


def _decode_with_bom(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        name = codec.replace("-sig", "").upper()
        raise Unreadable(f"the file starts with a {name} byte-order mark but is not valid {name} ({exc.reason})") from None


def _decode_without_bom(data: bytes, declared: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        text = _try_declared(data, declared)
        if text is not None:
            return text
    return _guess(data)


def _try_declared(data: bytes, declared: str) -> str | None:
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        name = _WESTERN  # as browsers do: pages labelled Latin-1 are really Windows-1252
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return None


def _guess(data: bytes) -> str:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise Unreadable("the text encoding could not be recognised (it is neither UTF-8 nor a known legacy encoding)")
    best_text = str(best)
    candidates = {best.encoding, *best.could_be_from_charset, *(m.encoding for m in matches)}
    if _WESTERN in candidates or "latin_1" in candidates:
        western = _strict(data, _WESTERN)
        if western is not None and _implausibility(western) <= _implausibility(best_text):
            return western
    return best_text


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _implausibility(text: str) -> int:
    sample = text[:_SAMPLE_CHARS]
    wedged = len(_SYMBOL_IN_WORD.findall(sample))
    odd_caps = sum(1 for a, b in zip(sample, sample[1:]) if a.islower() and b.isupper() and not b.isascii())
    return wedged + odd_caps
