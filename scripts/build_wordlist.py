"""Derive resources/lexicon/words.txt.gz, the word list the spell check reads (run once, at build time).

Source: Debian's wamerican and wbritish (SCOWL, Kevin Atkinson; permissive licence, notice in
resources/lexicon/NOTICE). Both spellings are kept: an outlet's house style is not a misspelling.
Run: .venv/bin/python scripts/build_wordlist.py  (needs: apt-get install wamerican wbritish)
"""
from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

SOURCES = (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english"))
TARGET = Path(__file__).resolve().parents[1] / "resources" / "lexicon" / "words.txt.gz"
LOWER_WORD = re.compile(r"^[a-z]+$")


def main() -> int:
    missing = [str(p) for p in SOURCES if not p.exists()]
    if missing:
        print(f"missing {', '.join(missing)}: apt-get install wamerican wbritish", file=sys.stderr)
        return 1
    words: set[str] = set()
    for source in SOURCES:
        for line in source.read_text(encoding="utf-8").splitlines():
            word = line.strip()
            # Capitalised entries are names; possessives add nothing a spell check needs.
            if LOWER_WORD.match(word):
                words.add(word)
    TARGET.write_bytes(gzip.compress("\n".join(sorted(words)).encode("utf-8"), mtime=0))
    print(f"{len(words)} words -> {TARGET} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
