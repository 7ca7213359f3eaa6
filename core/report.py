"""A Comparison as JSON (the CLI contract), CSV (the differences list) and standalone HTML.

The HTML report is one file an editor can mail or archive: every piece of article text is
escaped, there are no scripts and no remote resources, and the palette is the app's (Okabe-Ito
hues with a second cue per category: solid, dotted or no underline).
"""
from __future__ import annotations

import csv
import html
import io
from collections.abc import Mapping
from typing import Any

from core.compare import Comparison
from core.highlights import article_highlights, rows_covered, whole_row_differences
from core.model import Difference, QuoteGroup, Side
from core.notes import STATUS_GLYPHS, STATUS_LABELS, Note, difference_key, quote_key
from core.panel_items import quote_numbers


# --- JSON -------------------------------------------------------------------------------------

def _side_json(side: Side) -> dict[str, Any]:
    return {"article": side.article, "text": side.text, "start": side.start, "end": side.end}


def difference_json(difference: Difference) -> dict[str, Any]:
    return {
        "kind": difference.kind, "category": difference.category, "severity": difference.severity,
        "explanation": difference.explanation, "sides": [_side_json(s) for s in difference.sides],
        "row": difference.row, "confidence": difference.confidence, "evidence": difference.evidence,
    }


def _quote_json(comparison: Comparison, group: QuoteGroup) -> dict[str, Any]:
    return {
        "relation": group.relation, "score": group.score,
        "sides": [{"article": s.article, "text": s.text, "start": s.start, "end": s.end, "speaker": s.speaker,
                   "relay": s.relay, "quote": s.quote} for s in group.sides],
        "differences": [difference_json(d) for d in comparison.quote_differences(group)],
    }


def to_json(comparison: Comparison) -> dict[str, Any]:
    """The `compare --json` contract: these field names are relied on; add fields, never rename."""
    return {
        "articles": [a.to_json() for a in comparison.articles],
        "rows": [{"kind": r.kind, "score": round(r.score, 4), "sentences": [list(s) for s in r.sentences]}
                 for r in comparison.rows],
        "quotes": [_quote_json(comparison, g) for g in comparison.quotes],
        "differences": [difference_json(d) for d in comparison.differences],
        "identical": comparison.identical,
        "pivot": comparison.pivot,
        "counts": comparison.counts(),
    }


# --- CSV --------------------------------------------------------------------------------------

def to_csv(comparison: Comparison, notes: Mapping[str, Note] | None = None) -> str:
    """One line per difference; per article its text and span (empty where it lacks the thing);
    then the editor's status and note."""
    notes = notes or {}
    out = io.StringIO()
    writer = csv.writer(out)
    labels = [_label(i) for i in range(len(comparison.articles))]
    header = ["number", "category", "kind", "severity", "explanation"]
    for label in labels:
        header += [f"{label}_text", f"{label}_start", f"{label}_end"]
    writer.writerow(header + ["status", "note"])
    for number, difference in enumerate(comparison.differences, start=1):
        line: list[Any] = [number, difference.category, difference.kind, difference.severity, difference.explanation]
        by_article = {s.article: s for s in difference.sides}
        for index in range(len(labels)):
            side = by_article.get(index)
            line += ["", "", ""] if side is None else [side.text or "", _blank(side.start), _blank(side.end)]
        note = notes.get(difference_key(comparison, number - 1))
        writer.writerow([_inert(cell) for cell in line + ([note.status, note.text] if note else ["unchecked", ""])])
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)" in an
# article quote would become a live link, "@SUM(...)" a command): OWASP's CSV-injection advice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: Any) -> Any:
    """Text cells that a spreadsheet would read as a formula get a leading apostrophe, which
    spreadsheets show as text and hide; numbers (offsets, the row number) stay numbers."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _blank(value: int | None) -> str | int:
    return "" if value is None else value


def _label(index: int) -> str:
    return chr(65 + index) if index < 26 else str(index + 1)


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body{font:13px system-ui,"Segoe UI","Noto Sans",Cantarell,sans-serif;color:#1D1D1F;background:#EFEFEF;margin:0;padding:18px}
h1{font-size:18px;margin:0 0 4px} h2{font-size:14px;margin:22px 0 8px}
.meta{color:#5F6368;margin-bottom:12px}
table.side{border-collapse:collapse;width:100%;background:#fff;table-layout:fixed}
table.side th{background:#F4F5F7;text-align:left;padding:8px 10px;border-bottom:1px solid #ddd;font-weight:600;vertical-align:top}
table.side td{padding:6px 10px;vertical-align:top;border-bottom:1px solid #f0f0f0;font-size:14.5px;line-height:1.45}
td.gap{background:repeating-linear-gradient(135deg,#FAFAFA 0 6px,#E2E2E4 6px 8px);color:#8D9096;font-size:11px}
td.furniture,span.furniture{color:#9A9CA1;font-size:11.5px;text-decoration:line-through}
tr.moved td:first-child{box-shadow:inset 3px 0 #5F6368}
td.reworded{border-left:3px dotted #0072B2}
td.onesided{border-left:3px solid #D55E00}
.f{background:#FBE2CF;text-decoration:underline solid #D55E00 2px;text-underline-offset:3px}
.w{background:#E2EEF8;text-decoration:underline dotted #0072B2 2px;text-underline-offset:3px}
.c{background:#E6E6E8}
.low{background:none;text-decoration:underline dashed #8D9096 2px}
.legend span{display:inline-block;margin-right:14px;padding:1px 6px}
table.list{border-collapse:collapse;width:100%;background:#fff}
table.list td,table.list th{padding:5px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
.badge{font-size:11px;font-weight:600;padding:1px 6px;border-radius:3px}
.status.verified{color:#00694E}.status.wrong{color:#A3261B}
.badge.factual{color:#A34700;background:#FBE2CF}.badge.wording{color:#0B4F7A;background:#E2EEF8}.badge.cosmetic{color:#444;background:#E6E6E8}
"""
_CLASS = {"factual": "f", "wording": "w", "cosmetic": "c"}


def to_html(comparison: Comparison, title: str = "Triangulate comparison",
            notes: Mapping[str, Note] | None = None) -> str:
    """A standalone, script-free HTML report of the comparison, with the editor's notes when given."""
    notes = notes or {}
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<div class='meta'>{html.escape(_summary(comparison))}</div>",
        _legend(),
        _side_by_side(comparison),
        _difference_list(comparison, notes),
        _quote_table(comparison, notes),
        "</body></html>",
    ]
    return "\n".join(parts)


def _summary(comparison: Comparison) -> str:
    counts = comparison.counts()
    if comparison.identical:
        return "The articles say the same thing" + (
            f" ({counts['cosmetic']} cosmetic differences)." if counts["cosmetic"] else ".")
    return (f"{counts['factual']} factual, {counts['wording']} wording and {counts['cosmetic']} cosmetic differences "
            f"across {len(comparison.articles)} articles.")


def _legend() -> str:
    return ("<div class='legend'><span class='f'>factual</span><span class='w'>wording</span>"
            "<span class='c'>cosmetic</span><span class='low'>low confidence</span>"
            "<span class='furniture'>page furniture</span></div>")


def _side_by_side(comparison: Comparison) -> str:
    whole = whole_row_differences(comparison.differences, comparison.rows, comparison.versions)
    rendered = [_sentence_html(comparison, i, whole) for i in range(len(comparison.articles))]
    marks = _row_marks(comparison, whole)
    head = "".join(
        f"<th>{_label(i)} · {html.escape(a.source or 'Unknown outlet')}<br>"
        f"<span class='meta'>{html.escape(a.title)} · {html.escape(a.date or 'no date')}</span></th>"
        for i, a in enumerate(comparison.articles))
    body = []
    for number, row in enumerate(comparison.rows):
        cells = []
        for article, indices in enumerate(row.sentences):
            sentences = comparison.versions[article].analysis.sentences
            if not indices:
                cells.append(f"<td class='gap'>NOT IN {_label(article)}</td>" if not _furniture_row(comparison, row)
                             else "<td></td>")
                continue
            furniture = all(sentences[i].furniture for i in indices)
            css = "furniture" if furniture else marks.get(number, "")
            tip = "" if furniture else _row_tip(comparison, whole, number)
            cells.append(f"<td class='{css}'{tip}>" + " ".join(rendered[article][i] for i in indices) + "</td>")
        body.append(f"<tr class='{row.kind}'>" + "".join(cells) + "</tr>")
    return f"<h2>Side by side</h2><table class='side'><tr>{head}</tr>" + "".join(body) + "</table>"


def _row_marks(comparison: Comparison, whole: dict[int, str]) -> dict[int, str]:
    """The margin mark of each row whose difference covers it whole: a one-sided run or a rewording."""
    marks: dict[int, str] = {}
    for index, category in whole.items():
        for row in rows_covered(comparison.differences[index], comparison.rows, comparison.versions):
            kind = comparison.rows[row].kind
            mark = "onesided" if kind == "only_in" else "reworded" if category == "wording" else ""
            if mark and marks.get(row) != "onesided":
                marks[row] = mark
    return marks


def _row_tip(comparison: Comparison, whole: dict[int, str], row: int) -> str:
    notes = [comparison.differences[i].explanation for i in whole
             if row in rows_covered(comparison.differences[i], comparison.rows, comparison.versions)]
    return f" title=\"{html.escape(' · '.join(notes), quote=True)}\"" if notes else ""


def _furniture_row(comparison: Comparison, row: Any) -> bool:
    return all(comparison.versions[a].analysis.sentences[i].furniture
               for a, indices in enumerate(row.sentences) for i in indices)


def _sentence_html(comparison: Comparison, article: int, whole: dict[int, str]) -> dict[int, str]:
    """Each sentence of one article as escaped HTML with its highlights."""
    version = comparison.versions[article]
    body = version.body
    marks = article_highlights(comparison.differences, article, len(body), skip=whole)
    out = {}
    for sentence in version.analysis.sentences:
        start, end = sentence.span.start, sentence.span.end
        pieces, cursor = [], start
        for mark in marks:
            if mark.end <= start or mark.start >= end or sentence.furniture:
                continue
            left, right = max(mark.start, start), min(mark.end, end)
            pieces.append(html.escape(body[cursor:left]))
            css = "low" if mark.low_confidence else _CLASS.get(mark.category, "c")
            tip = html.escape(comparison.differences[mark.difference].explanation, quote=True)
            pieces.append(f"<span class='{css}' title=\"{tip}\">{html.escape(body[left:right])}</span>")
            cursor = right
        pieces.append(html.escape(body[cursor:end]))
        label = f"<span class='meta'>[{html.escape(sentence.furniture)}]</span> " if sentence.furniture else ""
        out[sentence.index] = label + "".join(pieces)
    return out


def _difference_list(comparison: Comparison, notes: Mapping[str, Note]) -> str:
    ordered = sorted(enumerate(comparison.differences, start=1),
                     key=lambda item: ({"factual": 0, "wording": 1, "cosmetic": 2}.get(item[1].category, 3), item[0]))
    rows = "".join(
        f"<tr><td>{number}</td><td><span class='badge {d.category}'>{html.escape(d.category)}</span></td>"
        f"<td>{html.escape(d.kind)}</td><td>{html.escape(d.severity)}</td><td>{html.escape(d.explanation)}</td>"
        f"{_note_cells(notes.get(difference_key(comparison, number - 1)))}</tr>"
        for number, d in ordered)
    return ("<h2>Differences</h2><table class='list'><tr><th>#</th><th>category</th><th>kind</th><th>severity</th>"
            f"<th>explanation</th><th>status</th><th>note</th></tr>{rows}</table>")


def _note_cells(note: Note | None) -> str:
    if note is None:
        return "<td class='meta'>unchecked</td><td></td>"
    return (f"<td class='status {html.escape(note.status)}'>{html.escape(STATUS_GLYPHS[note.status])} "
            f"{html.escape(STATUS_LABELS[note.status])}</td><td>{html.escape(note.text)}</td>")


def _quote_table(comparison: Comparison, notes: Mapping[str, Note]) -> str:
    """Shared quotes first, numbered as the app numbers them, then the quotes only one article has."""
    numbers = quote_numbers(comparison)
    rows = []
    for index in sorted(range(len(comparison.quotes)), key=lambda i: (i not in numbers, i)):
        group = comparison.quotes[index]
        sides = "<br>".join(
            f"<b>{_label(s.article)}</b> “{html.escape(s.text)}” — {html.escape(s.speaker or 'unattributed')}"
            + (f" (via {html.escape(s.relay)})" if s.relay else "")
            for s in group.sides)
        number = f"“{numbers[index]}" if index in numbers else ""
        note = notes.get(quote_key(comparison, index))
        rows.append(f"<tr><td>{number}</td><td>{html.escape(group.relation)}</td><td>{sides}</td>"
                    f"{_note_cells(note)}</tr>")
    return ("<h2>Quotes</h2><table class='list'><tr><th>#</th><th>relation</th><th>wording and speaker per article</th>"
            f"<th>status</th><th>note</th></tr>{''.join(rows)}</table>")
