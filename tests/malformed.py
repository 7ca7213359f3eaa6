"""A seeded generator of broken files for every format Triangulate reads (issue 9).

    samples = build_corpus(folder, count=320)   # Sample(path, kind, expect, ...)
    paths = write_corpus(folder, count=320)     # just the paths

Every file is written from scratch here: small team-written articles rendered in each
format, then broken on purpose. `expect` says what a correct import does with the file:
  "good"  - imported whole (`paragraphs` must all be in the stored body, `articles` many);
  "error" - refused with a per-file reason;
  "skip"  - listed as skipped or failed by discovery (links that loop, pipes);
  "any"   - either of the above: a damaged file may still hold readable text.
The catalogue covers the kinds issue 9 names (truncated, zero-byte, binary garbage, wrong
extension, bad and mixed encodings, BOMs, NUL bytes, 10,000-level nesting, huge single
lines, JSON with wrong types, a 10,000-entry feed, encrypted and corrupt PDF and DOCX,
zip bombs named .docx, symlink loops); the rest of `count` is random mutations of good
files (cut, bit flips, spliced formats), so a bigger count is a longer fuzzing run.
"""
from __future__ import annotations

import io
import json
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
DEFAULT_SEED = 20240909
NESTING = 10_000
FEED_ENTRIES = 10_000


@dataclass(frozen=True)
class Sample:
    path: Path
    kind: str
    expect: str                        # "good" | "error" | "skip" | "any"
    paragraphs: tuple[str, ...] = ()   # for "good": text that must be stored whole
    articles: int = 1                  # for "good": how many articles the file holds


@dataclass(frozen=True)
class Story:
    title: str
    paragraphs: tuple[str, ...]
    source: str = "Wexmouth Courier"
    author: str = "Mara Olsen"
    date: str = "2024-03-14"

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


# Team-written articles (fiction): nothing here is copied from ../shared.
_STORIES = (
    Story("Harbour wall repairs begin", (
        "Repairs to the harbour wall at Wexmouth began on Monday and will take eleven weeks, the harbour board said.",
        "Crews will work at low tide only, so the schedule depends on the weather, engineer Tomas Reyes told the board.",
        '"We would rather lose a week than lose a crane," Reyes said. The work will cost 2.4 million pounds.',
    )),
    Story("Library to open on Sundays", (
        "The central library in Kelby will open on Sundays from April, the council announced on Tuesday.",
        "Opening hours will run from 11am to 4pm, and the cost of about 38,000 pounds a year comes from the culture budget.",
        '"Families asked for this more than anything else," councillor Priya Natt said at the meeting.',
    )),
    Story("Ferry timetable cut for winter", (
        "The island ferry will run four times a day instead of six from November, the operator said on Friday.",
        "Fewer than 120 passengers a day used the late sailings last winter, according to the operator's figures.",
        "Residents of Holm Island said the change would make evening hospital visits on the mainland impossible.",
    )),
    Story("School roof fund reaches target", (
        "Parents at Saltmarsh Primary have raised 15,000 pounds to repair the school roof, two months ahead of plan.",
        "The appeal began in January after rain closed two classrooms, head teacher Alan Broad said.",
        '"Every bake sale counted," Broad said. Work is due to start in the summer holidays.',
    )),
    Story("Night buses return to the coast road", (
        "Night buses will return to the coast road between Wexmouth and Penhallow on 1 May after a three-year gap.",
        "The county transport office said the service would run hourly on Fridays and Saturdays until 3am.",
        "Taxi drivers in Penhallow said the buses would not hurt their trade, as most fares are within the town.",
    )),
    Story("Café owner backs new quay", (
        "Zoë Brennan, who runs the café on the front, said the new quay would bring walkers back to the harbour.",
        "“We need the quay,” Brennan said. The board meets on Friday to approve the plan, which costs 1.1 million euros.",
        "Plans show a ramp for wheelchairs and a shelter for the lifeboat crew’s equipment.",
    )),
)


def _story(rng: random.Random, tag: str) -> Story:
    """A story made unique by a reference line, so no two files hold the same text."""
    base = rng.choice(_STORIES)
    return Story(base.title, base.paragraphs + (f"Reference {tag} for the news desk.",), base.source, base.author,
                 base.date)


# --- rendering one story in each format ------------------------------------------------------------

def render_txt(story: Story) -> bytes:
    return (f"title: {story.title}\nsource: {story.source}\ndate: {story.date}\nauthor: {story.author}\n\n"
            + story.body).encode("utf-8")


def render_md(story: Story) -> bytes:
    return (f"---\nsource: {story.source}\ndate: {story.date}\n---\n\n# {story.title}\n\n"
            + story.body).encode("utf-8")


def render_html(story: Story) -> bytes:
    paras = "".join(f"<p>{_escape_html(p)}</p>\n" for p in story.paragraphs)
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{_escape_html(story.title)}</title></head>'
            f'<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>'
            f"<h1>{_escape_html(story.title)}</h1>\n{paras}</article><footer>All rights reserved.</footer>"
            f"</body></html>").encode("utf-8")


def render_json(story: Story) -> bytes:
    return json.dumps(_record(story), ensure_ascii=False).encode("utf-8")


def render_jsonl(stories: list[Story]) -> bytes:
    return "\n".join(json.dumps(_record(s), ensure_ascii=False) for s in stories).encode("utf-8") + b"\n"


def render_rss(stories: list[Story]) -> bytes:
    items = "".join(
        f"<item><title>{_escape_html(s.title)}</title><link>https://courier.example/{i}</link>"
        f"<description>{_escape_html(s.body)}</description><pubDate>Thu, 14 Mar 2024 09:00:00 +0000</pubDate></item>"
        for i, s in enumerate(stories))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Wexmouth Courier</title>'
            f"<link>https://courier.example/</link>{items}</channel></rss>").encode("utf-8")


def render_atom(stories: list[Story]) -> bytes:
    entries = "".join(
        f"<entry><title>{_escape_html(s.title)}</title><id>urn:x:{i}</id><updated>2024-03-14T09:00:00Z</updated>"
        f'<content type="text">{_escape_html(s.body)}</content></entry>' for i, s in enumerate(stories))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Wexmouth Courier</title>{entries}</feed>").encode("utf-8")


def render_pdf(story: Story) -> bytes:
    """A one-page PDF with real text (Helvetica, one line per paragraph), built by hand."""
    lines = [story.title, ""]
    for para in story.paragraphs:
        lines += [para, ""]
    text_ops = " T* ".join(f"({_escape_pdf(line)}) Tj" for line in lines)
    content = f"BT /F1 10 Tf 14 TL 40 800 Td {text_ops} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        f"<< /Title ({_escape_pdf(story.title)}) /Author ({_escape_pdf(story.author)}) >>".encode("latin-1"),
    ]
    return _pdf_file(objects, info=6)


def render_docx(story: Story) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(story.title, 0)
    for para in story.paragraphs:
        document.add_paragraph(para)
    document.core_properties.author = story.author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_RENDER: dict[str, Callable[[Story], bytes]] = {
    "txt": render_txt, "md": render_md, "html": render_html, "json": render_json,
    "jsonl": lambda s: render_jsonl([s]), "rss": lambda s: render_rss([s]), "atom": lambda s: render_atom([s]),
    "pdf": render_pdf, "docx": render_docx,
}
# The formats a PDF can hold faithfully (Helvetica's standard encoding is Latin only).
_ASCII_ONLY = frozenset({"pdf"})


def _record(story: Story) -> dict:
    return {"title": story.title, "text": story.body, "source": story.source, "date": story.date,
            "author": story.author, "url": "https://courier.example/story"}


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _escape_pdf(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf_file(objects: list[bytes], info: int | None = None) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1) + (b" /Info %d 0 R" % info if info else b"") + b" >>"
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def encrypt_pdf(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- hand-made ZIP archives: zip bombs and broken Office packages -----------------------------------

_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="xml" ContentType="application/xml"/></Types>')


@dataclass(frozen=True)
class _Member:
    name: str
    deflated: bytes       # raw deflate stream (or stored bytes when method == 0)
    crc: int
    size: int             # the uncompressed size written into the headers (may lie)
    method: int = 8


def zip_archive(members: list[_Member]) -> bytes:
    """A ZIP file from pre-compressed members, so a header may declare any size."""
    out, central = bytearray(), bytearray()
    for m in members:
        name = m.name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, m.method, 0, 0x21, m.crc, len(m.deflated),
                           m.size, len(name), 0) + name + m.deflated
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, m.method, 0, 0x21, m.crc,
                               len(m.deflated), m.size, len(name), 0, 0, 0, 0, 0, offset) + name
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                                 len(out), 0)
    return bytes(out)


def deflated(data: bytes) -> _Member:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return _Member("", compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data))


def repeated_deflate(chunk: bytes, times: int) -> tuple[bytes, int, int]:
    """Raw deflate of `chunk` repeated `times` times, without ever holding the whole output.

    A full flush resets the compressor's history, so every repetition compresses to the very
    same bytes: a gigabyte of XML costs a megabyte on disk and milliseconds to build.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return block * times + compressor.flush(zlib.Z_FINISH), crc, len(chunk) * times


def docx_bomb(template: bytes, total: int = 1024 * MB, honest: bool = True) -> bytes:
    """A real .docx (the template's parts) whose word/document.xml inflates to `total` bytes.

    The XML is well formed (a document opening, a million paragraphs, no end), so only the
    size stops a reader; `honest=False` declares 4 KB in the headers while the data inflates on.
    """
    chunk = b"<w:p><w:r><w:t>harbour wall </w:t></w:r></w:p>" * (MB // 48)
    stream, crc, size = repeated_deflate(chunk, max(1, total // len(chunk)))
    members = []
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                members.append(_Member(info.filename, stream, crc, size if honest else 4096))
            else:
                part = deflated(source.read(info))
                members.append(_Member(info.filename, part.deflated, part.crc, part.size))
    return zip_archive(members)


def docx_many_members(count: int = 400, each: int = MB) -> bytes:
    stream, crc, size = repeated_deflate(b"\0" * 65536, each // 65536)
    members = [_Member("[Content_Types].xml", _CONTENT_TYPES, zlib.crc32(_CONTENT_TYPES), len(_CONTENT_TYPES), 0)]
    members += [_Member(f"word/media/image{i}.bin", stream, crc, size) for i in range(count)]
    return zip_archive(members)


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A copy of a ZIP with each member passed through `change` (None drops the member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            new = change(info.filename, source.read(info))
            if new is not None:
                target.writestr(info.filename, new)
    return out.getvalue()


# --- the catalogue ---------------------------------------------------------------------------------

TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson",
                   ".rss", ".atom", ".xml")
ALL_EXTENSIONS = TEXT_EXTENSIONS + (".pdf", ".docx")
_FORMAT_EXTENSION = {"txt": ".txt", "md": ".md", "html": ".html", "json": ".json", "jsonl": ".jsonl",
                     "rss": ".rss", "atom": ".atom", "pdf": ".pdf", "docx": ".docx"}
_BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                   + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                              for i in range(1, 10)))


class _Writer:
    """Writes samples into one folder with unique, readable names."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder = folder
        self.rng = rng
        self.samples: list[Sample] = []
        self._tags = 0

    def tag(self) -> str:
        self._tags += 1
        return f"T{self._tags:05d}"

    def story(self, ascii_only: bool = False) -> Story:
        story = _story(self.rng, self.tag())
        while ascii_only and not story.body.isascii():
            story = _story(self.rng, self.tag())
        return story

    def add(self, name: str, data: bytes, kind: str, expect: str, story: Story | None = None,
            articles: int = 1, folder: str = "") -> Path:
        where = self.folder / folder if folder else self.folder
        where.mkdir(parents=True, exist_ok=True)
        path = where / f"{len(self.samples):04d}-{name}"
        path.write_bytes(data)
        paragraphs = story.paragraphs if story is not None and expect == "good" else ()
        self.samples.append(Sample(path, kind, expect, paragraphs, articles))
        return path

    def good(self, fmt: str, kind: str = "good", extension: str | None = None) -> Path:
        story = self.story(ascii_only=fmt in _ASCII_ONLY)
        ext = extension or _FORMAT_EXTENSION[fmt]
        return self.add(f"{kind.replace(' ', '-')}-{fmt}{ext}", _RENDER[fmt](story), kind, "good", story)


def _good_files(w: _Writer) -> None:
    for fmt in _RENDER:
        for _ in range(2):
            w.good(fmt)
    stories = [w.story() for _ in range(3)]
    w.add("good-three.jsonl", render_jsonl(stories), "good", "good", None, articles=3)
    owner_only = w.story(ascii_only=True)
    w.add("encrypted-no-user-password.pdf", encrypt_pdf(render_pdf(owner_only), ""), "encrypted pdf", "good",
          owner_only)


def _zero_and_blank(w: _Writer) -> None:
    for ext in ALL_EXTENSIONS:
        w.add(f"zero-byte{ext}", b"", "zero-byte", "error")
    for ext in (".txt", ".md", ".json", ".rss", ".html"):
        w.add(f"blank{ext}", b" \r\n\t\n   \n", "zero-byte", "error")


def _binary_garbage(w: _Writer) -> None:
    signatures = [b"", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", b"\xff\xd8\xff\xe0\0\x10JFIF\0", b"\x7fELF\x02\x01\x01",
                  b"\x1f\x8b\x08\0", b"GIF89a", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]
    for ext in ALL_EXTENSIONS:
        for sig in w.rng.sample(signatures, 2):
            w.add(f"garbage{ext}", sig + w.rng.randbytes(w.rng.randrange(64, 8000)), "binary garbage", "error")


def _wrong_extensions(w: _Writer) -> None:
    # Content that is clearly another format is read as that format.
    for fmt, ext in (("pdf", ".txt"), ("docx", ".html"), ("json", ".md"), ("html", ".json"), ("rss", ".txt"),
                     ("atom", ".xml"), ("jsonl", ".json"), ("pdf", ".docx"), ("docx", ".pdf"), ("html", ".txt")):
        w.good(fmt, "wrong extension", ext)
    prose = render_txt(w.story())
    for ext in (".pdf", ".docx", ".rss", ".xml", ".atom"):
        w.add(f"prose-named{ext}", prose, "wrong extension", "error")
    png = b"\x89PNG\r\n\x1a\n" + w.rng.randbytes(3000)
    w.add("picture.docx", png, "wrong extension", "error")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("notes.txt", "just a zip")
    w.add("archive.docx", plain_zip.getvalue(), "wrong extension", "error")
    w.add("html-named.pdf", render_html(story := w.story()), "wrong extension", "good", story)


def _encodings(w: _Writer) -> None:
    story = w.story()
    cp1252 = w.story()
    while cp1252.body.isascii():
        cp1252 = w.story()
    w.add("windows-1252.txt", render_txt(cp1252).decode("utf-8").encode("cp1252"), "legacy encoding", "good", cp1252)
    w.add("utf16-no-bom.txt", render_txt(story).decode().encode("utf-16-le"), "invalid encoding", "error")
    w.add("high-bytes.txt", bytes(w.rng.randrange(0x80, 0x100) for _ in range(3000)), "invalid encoding", "error")
    w.add("high-bytes.md", bytes(w.rng.randrange(0x80, 0x100) for _ in range(3000)), "invalid encoding", "error")
    w.add("high-bytes.json", b'{"text": "' + bytes(w.rng.randrange(0x80, 0x100) for _ in range(3000)) + b'"}',
          "invalid encoding", "any")
    mixed = render_txt(w.story()) + "\n\nCafé prices rose by 5 pence.".encode("cp1252")
    w.add("mixed-utf8-cp1252.txt", mixed, "mixed encoding", "any")
    sprinkled = bytearray(render_md(w.story()))
    for _ in range(8):
        sprinkled.insert(w.rng.randrange(len(sprinkled)), w.rng.choice(b"\x80\x81\xc3\xe2\xff\xfe"))
    w.add("sprinkled-invalid.md", bytes(sprinkled), "invalid encoding", "any")
    japanese = "港の防波堤の修理が月曜日に始まり、十一週間かかると港湾委員会が発表した。" * 5
    w.add("shift-jis.txt", japanese.encode("shift_jis"), "legacy encoding", "any")
    russian = "Ремонт портовой стены начался в понедельник и займёт одиннадцать недель. " * 5
    w.add("koi8-r.txt", russian.encode("koi8_r"), "legacy encoding", "any")
    lying = render_html(w.story()).replace(b'charset="utf-8"', b'charset="utf-7"')
    w.add("wrong-meta-charset.html", lying, "invalid encoding", "any")
    w.add("unknown-meta-charset.html", render_html(w.story()).replace(b'charset="utf-8"', b'charset="x-nonsense"'),
          "invalid encoding", "any")
    feed = render_rss([w.story()]).replace(b'encoding="utf-8"', b'encoding="utf-16"')
    w.add("feed-declares-utf16.rss", feed, "invalid encoding", "any")
    latin_json = render_json(cp1252).decode().encode("cp1252")
    w.add("json-in-cp1252.json", latin_json, "legacy encoding", "any")


def _boms(w: _Writer) -> None:
    for name, codec, fmt in (("utf8-bom.txt", "utf-8-sig", "txt"), ("utf16le-bom.md", "utf-16", "md"),
                             ("utf16be-bom.html", "utf-16-be", "html"), ("utf32-bom.txt", "utf-32", "txt"),
                             ("utf8-bom.json", "utf-8-sig", "json"), ("utf16-bom.jsonl", "utf-16", "jsonl"),
                             ("utf8-bom.rss", "utf-8-sig", "rss")):
        story = w.story()
        text = _RENDER[fmt](story).decode("utf-8")
        if fmt == "html":
            text = text.replace('charset="utf-8"', 'charset="utf-16"')
        data = ("\ufeff" + text).encode("utf-16-be") if codec == "utf-16-be" else text.encode(codec)
        w.add(name, data, "BOM", "good", story)
    w.add("bom-only.txt", b"\xef\xbb\xbf", "BOM", "error")
    w.add("utf16-bom-only.md", b"\xff\xfe", "BOM", "error")
    w.add("utf16-bom-odd-length.txt", b"\xff\xfe" + "Harbour".encode("utf-16-le") + b"A", "BOM", "error")
    w.add("utf16-bom-on-utf8.txt", b"\xff\xfe" + render_txt(w.story()), "BOM", "any")
    w.add("double-bom.txt", b"\xef\xbb\xbf\xef\xbb\xbf" + render_txt(w.story()), "BOM", "any")
    w.add("utf32-bom-garbage.json", b"\xff\xfe\0\0" + w.rng.randbytes(401), "BOM", "error")


def _nul_bytes(w: _Writer) -> None:
    for fmt in ("txt", "md", "html", "json", "jsonl", "rss"):
        data = bytearray(_RENDER[fmt](w.story()))
        for _ in range(3):
            data.insert(w.rng.randrange(len(data)), 0)
        w.add(f"nul-bytes{_FORMAT_EXTENSION[fmt]}", bytes(data), "NUL bytes", "error")
    story = w.story()
    escaped = json.dumps({"title": story.title, "text": story.body.replace(" ", "\u0000 ", 3)})
    w.add("escaped-nul.json", escaped.encode(), "NUL bytes", "any")


def _deep_nesting(w: _Writer) -> None:
    story = w.story()
    text = _escape_html(story.paragraphs[0])
    for tag in ("div", "b", "blockquote", "table"):
        page = (f"<html><body>{'<' + tag + '>' * 0}" + f"<{tag}>" * NESTING + f"<p>{text}</p>"
                + f"</{tag}>" * NESTING + "</body></html>")
        w.add(f"nested-{tag}.html", page.encode(), "deep nesting", "any")
    unclosed = "<html><body>" + "<div><span>" * NESTING + text
    w.add("nested-unclosed.htm", unclosed.encode(), "deep nesting", "any")
    w.add("nested-arrays.json", b"[" * (NESTING * 10) + b"]" * (NESTING * 10), "deep nesting", "error")
    deep_object = '{"a": ' * NESTING + json.dumps({"text": story.body}) + "}" * NESTING
    w.add("nested-objects.json", deep_object.encode(), "deep nesting", "any")
    w.add("nested-jsonl.jsonl", (b'{"x": ' * NESTING + b"1" + b"}" * NESTING + b"\n") + render_jsonl([w.story()]),
          "deep nesting", "any")
    w.add("nested-quotes.md", (">" * NESTING + " " + story.body).encode(), "deep nesting", "any")
    w.add("nested-lists.md", "".join("  " * min(i, 2000) + "- item\n" for i in range(2000)).encode(),
          "deep nesting", "any")
    field_html = "<div>" * NESTING + text + "</div>" * NESTING
    w.add("nested-html-in-json.json", json.dumps({"title": "Nested", "text": field_html}).encode(),
          "deep nesting", "any")
    entry = _escape_html("<div>" * NESTING + text + "</div>" * NESTING)
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item><title>Deep</title>'
            f"<description>{entry}</description></item></channel></rss>")
    w.add("nested-entry.rss", feed.encode(), "deep nesting", "any")
    xml_deep = '<?xml version="1.0"?><rss version="2.0"><channel>' + "<x>" * NESTING + "</x>" * NESTING + "</channel></rss>"
    w.add("nested-xml.rss", xml_deep.encode(), "deep nesting", "any")
    pdf_deep = _pdf_file([b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * NESTING + b"]" * NESTING + b" >>",
                          b"<< /Type /Pages /Kids [] /Count 0 >>"])
    w.add("nested-arrays.pdf", pdf_deep, "deep nesting", "error")
    deep_doc = render_docx(w.story())
    nested_xml = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                  b'2006/main"><w:body>' + b"<w:sdt><w:sdtContent>" * NESTING + b"</w:sdtContent></w:sdt>" * NESTING
                  + b"</w:body></w:document>")
    w.add("nested-xml.docx", rezip(deep_doc, lambda n, d: nested_xml if n == "word/document.xml" else d),
          "deep nesting", "error")


def _huge_lines(w: _Writer) -> None:
    words = " ".join(w.rng.choice(("harbour", "wall", "crane", "tide", "council", "budget")) for _ in range(1000))
    line = (words + " ") * (9 * MB // (len(words) + 1))
    w.add("huge-line.txt", line.encode(), "huge single line", "any")
    w.add("huge-word.txt", b"a" * (9 * MB), "huge single line", "error")
    w.add("huge-emphasis.md", ("*_[`" * (MB // 2)).encode(), "huge single line", "any")
    w.add("huge-brackets.md", ("[" * MB + "](" * MB).encode(), "huge single line", "any")
    w.add("huge-line.html", b"<html><body><p>" + line[: 8 * MB].encode() + b"</p></body></html>",
          "huge single line", "any")
    w.add("huge-attribute.html", b'<html><body><p title="' + b"x" * (8 * MB) + b'">Short text.</p></body></html>',
          "huge single line", "any")
    w.add("huge-record.jsonl", json.dumps({"text": line[: 20 * MB]}).encode() + b"\n", "huge single line", "any")
    w.add("huge-entities.html", b"<p>" + b"&amp;" * (MB) + b"</p>", "huge single line", "any")


def _wrong_json_types(w: _Writer) -> None:
    story = w.story()
    variants = {
        "text-number": {"title": "T", "text": 42},
        "text-bool": {"text": True},
        "text-null": {"text": None, "title": "Only a title"},
        "text-nested-nulls": {"text": [None, [None], {"value": None}]},
        "text-object-of-numbers": {"text": {"value": 7, "rendered": 8}},
        "title-object": {"title": {"a": 1}, "text": w.story().body, "date": ["2024"], "source": 17, "url": 5},
        "all-lists": [[1], [2], ["x"]],
        "strings": ["first", "second"],
        "mixed-list": [1, "two", None, {"title": "no text"}],
        "number": 3.25,
        "deep-wrapper": {"response": {"results": {"data": {"items": 5}}}},
        "date-huge-number": {"text": w.story().body, "date": 10 ** 30},
        "date-float-nan": {"text": w.story().body, "date": float("nan")},
        "author-numbers": {"text": w.story().body, "author": [1, 2, {"name": 3}]},
    }
    for name, value in variants.items():
        expect = "any" if isinstance(value, dict) and isinstance(value.get("text"), str) else "error"
        w.add(f"json-{name}.json", json.dumps(value, allow_nan=True).encode(), "JSON with wrong types", expect)
    w.add("json-inf.json", b'{"text": 1e999, "date": -1e999}', "JSON with wrong types", "error")
    w.add("json-nan-literal.json", b'{"text": NaN}', "JSON with wrong types", "error")
    w.add("json-huge-int.json", b'{"text": "Short note about the quay.", "date": ' + b"9" * 5000 + b"}",
          "JSON with wrong types", "any")
    w.add("json-huge-int-only.json", b"9" * 5000, "JSON with wrong types", "error")
    w.add("json-keys-numbers.jsonl", b'{"1": 2}\n{"text": {"text": {"text": 5}}}\n[]\n"s"\n',
          "JSON with wrong types", "error")
    w.add("json-trailing-garbage.json", render_json(w.story()) + b"\x00garbage", "JSON with wrong types", "any")
    many = w.story()
    w.add("one-good-line-in-50000.jsonl", b'{"text": 1}\n[2]\n{oops\n' * 16_667 + render_jsonl([many]),
          "JSON with wrong types", "good", many)


def _feeds(w: _Writer, entries: int) -> None:
    stories = [Story(f"Tide table update {i}", (f"High water at Wexmouth on day {i} is at {i % 12 + 1} o'clock, "
                                                 f"the harbour office said in bulletin number {i}.",))
               for i in range(entries)]
    w.add(f"feed-{entries}-entries.rss", render_rss(stories), "feed with 10,000 entries", "good", None,
          articles=entries)
    w.add("billion-laughs.rss", _BILLION_LAUGHS + b'<rss version="2.0"><channel><item><title>&lol9;</title>'
          b"<description>&lol9;</description></item></channel></rss>", "XML bomb", "any")
    w.add("billion-laughs.html", _BILLION_LAUGHS + b"<html><body><p>&lol9;</p></body></html>", "XML bomb", "any")
    w.add("external-entity.rss", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
          b'<rss version="2.0"><channel><item><title>x</title><description>&x;</description></item></channel></rss>',
          "XML bomb", "any")
    w.add("entries-without-text.atom", render_atom([w.story()]).replace(b'<content type="text">', b"<x>")
          .replace(b"</content>", b"</x>"), "feed without text", "error")


def _pdfs(w: _Writer) -> None:
    story = w.story(ascii_only=True)
    good = render_pdf(story)
    w.add("encrypted-password.pdf", encrypt_pdf(good, "s3cret"), "encrypted pdf", "error")
    w.add("encrypted-truncated.pdf", encrypt_pdf(render_pdf(w.story(True)), "s3cret")[:-300], "encrypted pdf", "error")
    for cut in (0.1, 0.5, 0.9, 0.97):
        w.add(f"truncated-{int(cut * 100)}.pdf", good[: int(len(good) * cut)], "truncated", "any")
    w.add("no-xref.pdf", good[: good.index(b"xref")], "corrupt pdf", "any")
    w.add("header-then-garbage.pdf", b"%PDF-1.7\n" + w.rng.randbytes(5000), "corrupt pdf", "error")
    w.add("header-only.pdf", b"%PDF-1.4\n%%EOF\n", "corrupt pdf", "error")
    w.add("no-text.pdf", _pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]), "corrupt pdf", "error")
    w.add("page-loop.pdf", _pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>",
                                      b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]), "corrupt pdf", "error")
    bad_stream = good.replace(b"stream\nBT", b"stream\nx\x9c\xff\xff")
    w.add("bad-content-stream.pdf", bad_stream, "corrupt pdf", "any")
    flate_bomb, _, _ = repeated_deflate(b"0 0 m " * 10000, 2000)
    bomb_obj = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % (len(flate_bomb) + 2) \
        + b"\x78\x9c" + flate_bomb + b"\nendstream"
    w.add("flate-bomb.pdf", _pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                       b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                                       bomb_obj]), "zip bomb", "error")
    flipped = bytearray(good)
    for _ in range(20):
        flipped[w.rng.randrange(len(flipped))] ^= 0xFF
    w.add("bit-flipped.pdf", bytes(flipped), "corrupt pdf", "any")


def _docx(w: _Writer) -> None:
    good = render_docx(w.story())
    w.add("encrypted-office.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + w.rng.randbytes(4000),
          "encrypted docx", "error")
    for cut in (0.05, 0.5, 0.95):
        w.add(f"truncated-{int(cut * 100)}.docx", good[: int(len(good) * cut)], "truncated", "error")
    w.add("no-document.docx", rezip(good, lambda n, d: None if n == "word/document.xml" else d), "corrupt docx", "error")
    w.add("no-content-types.docx", rezip(good, lambda n, d: None if n == "[Content_Types].xml" else d),
          "corrupt docx", "error")
    w.add("broken-xml.docx", rezip(good, lambda n, d: d[: len(d) // 2] if n == "word/document.xml" else d),
          "corrupt docx", "error")
    w.add("empty-document.docx", rezip(good, lambda n, d: b"" if n == "word/document.xml" else d),
          "corrupt docx", "error")
    w.add("billion-laughs.docx", rezip(good, lambda n, d: _BILLION_LAUGHS + b"<w:document>&lol9;</w:document>"
                                       if n == "word/document.xml" else d), "XML bomb", "error")
    w.add("bad-styles.docx", rezip(good, lambda n, d: b"<oops" if n == "word/styles.xml" else d), "corrupt docx", "any")
    w.add("zip-bomb-1gb.docx", docx_bomb(good, 1024 * MB, honest=True), "zip bomb", "error")
    w.add("zip-bomb-lying-header.docx", docx_bomb(good, 256 * MB, honest=False), "zip bomb", "error")
    w.add("zip-bomb-under-cap.docx", docx_bomb(good, 150 * MB, honest=True), "zip bomb", "error")
    w.add("zip-bomb-many-members.docx", docx_many_members(), "zip bomb", "error")
    flipped = bytearray(good)
    for _ in range(10):
        flipped[w.rng.randrange(len(flipped))] ^= 0xFF
    w.add("bit-flipped.docx", bytes(flipped), "corrupt docx", "any")


def _truncations(w: _Writer) -> None:
    for fmt in ("txt", "md", "html", "json", "jsonl", "rss", "atom"):
        data = _RENDER[fmt](w.story())
        for cut in (1, len(data) // 3, len(data) - 7):
            w.add(f"truncated-at-{cut}{_FORMAT_EXTENSION[fmt]}", data[:cut], "truncated", "any")


def _links_and_pipes(w: _Writer) -> None:
    """A folder linked to its parent and to itself, file links that loop, a dangling link, a pipe."""
    links = w.folder / "links"
    links.mkdir(parents=True, exist_ok=True)
    w.add("inside-links.txt", render_txt(story := w.story()), "symlink loop", "good", story, folder="links")
    specs = [("to-parent", "..", True), ("to-self", ".", True), ("loop-a.txt", "loop-b.txt", False),
             ("loop-b.txt", "loop-a.txt", False), ("dangling.md", "nowhere.md", False)]
    for name, target, is_dir in specs:
        path = links / name
        try:
            os.symlink(target, path, target_is_directory=is_dir)
        except (OSError, NotImplementedError):  # Windows without the right to make links
            continue
        w.samples.append(Sample(path, "symlink loop", "skip"))
    if hasattr(os, "mkfifo"):
        pipe = links / "named-pipe.txt"
        os.mkfifo(pipe)
        w.samples.append(Sample(pipe, "not a file", "skip"))


_MUTATIONS = ("cut", "flip", "delete", "duplicate", "insert", "splice", "rename", "nul")


def _mutant(w: _Writer, number: int) -> None:
    """One random mutation of a good file: a longer fuzzing run is just a bigger count."""
    fmt = w.rng.choice(list(_RENDER))
    data = bytearray(_RENDER[fmt](w.story(ascii_only=fmt in _ASCII_ONLY)))
    ext = _FORMAT_EXTENSION[fmt]
    how = w.rng.choice(_MUTATIONS)
    n = len(data)
    if how == "cut":
        data = data[: w.rng.randrange(n)]
    elif how == "flip":
        for _ in range(w.rng.randrange(1, 40)):
            data[w.rng.randrange(n)] = w.rng.randrange(256)
    elif how == "delete":
        start = w.rng.randrange(n)
        del data[start: start + w.rng.randrange(1, max(2, n // 4))]
    elif how == "duplicate":
        start = w.rng.randrange(n)
        data[start:start] = data[start: start + w.rng.randrange(1, max(2, n // 2))]
    elif how == "insert":
        start = w.rng.randrange(n)
        data[start:start] = w.rng.randbytes(w.rng.randrange(1, 200))
    elif how == "splice":
        other_format = w.rng.choice(list(_RENDER))
        other = _RENDER[other_format](w.story(ascii_only=other_format in _ASCII_ONLY))
        data = data[: w.rng.randrange(n)] + other[w.rng.randrange(len(other)):]
    elif how == "rename":
        ext = w.rng.choice(ALL_EXTENSIONS)
    elif how == "nul":
        data[w.rng.randrange(n):w.rng.randrange(n)] = b"\0" * w.rng.randrange(1, 5)
    w.add(f"mutant-{number}-{how}-{fmt}{ext}", bytes(data), f"mutation ({how})", "any")


_CATALOGUE = (_good_files, _zero_and_blank, _binary_garbage, _wrong_extensions, _encodings, _boms, _nul_bytes,
              _deep_nesting, _huge_lines, _wrong_json_types, _pdfs, _docx, _truncations, _links_and_pipes)


def build_corpus(folder: Path, count: int = 320, seed: int = DEFAULT_SEED, feed_entries: int = FEED_ENTRIES,
                 ) -> list[Sample]:
    """Write at least `count` samples (the fixed catalogue, then random mutants) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    w = _Writer(folder, random.Random(seed))
    for part in _CATALOGUE:
        part(w)
    _feeds(w, feed_entries)
    number = 0
    while len(w.samples) < count:
        number += 1
        _mutant(w, number)
    return w.samples


def write_corpus(folder: Path, count: int = 320, seed: int = DEFAULT_SEED) -> list[Path]:
    """The corpus's paths (see build_corpus)."""
    return [s.path for s in build_corpus(folder, count, seed)]


# --- a hostile reader, to prove the importer survives what no real file has done yet ---------------

def hostile_read(path: Path, folder_source: str = "") -> object:
    """Behave as a reader bug would for files named so; read normally otherwise.

    Used as core.isolation.READER ("malformed:hostile_read") inside a worker process.
    """
    import signal
    import sys
    import time

    from core.readers import read_file

    name = Path(path).name
    if "hang" in name:
        while True:  # a parser stuck in a loop: only killing the process stops it
            time.sleep(0.05)
    if "segfault" in name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "exit" in name:
        sys.exit(3)  # SystemExit is no Exception: it ends the worker
    if "hog" in name:
        blocks = []
        while True:  # until the worker's memory limit says no
            blocks.append(bytearray(64 * MB))
    return read_file(path, folder_source)


# --- an import in a separate process, measured -----------------------------------------------------

def import_and_measure(folder: Path, db: Path, report: Path) -> None:
    """Import `folder` into a new library at `db`; write what happened to `report` as JSON.

    Run as a child process (python tests/malformed.py import ...) so the caller can bound its
    wall-clock time and read its peak memory, and its workers', apart from the test process.
    """
    import resource
    import sqlite3
    import time

    from core import isolation
    from core.library import Library

    started = time.monotonic()
    with Library.open(db) as library:
        job = library.imports.start([folder])
        steps = sum(1 for _ in job)
        summary = job.summary
    isolation.shutdown()  # join the workers, so RUSAGE_CHILDREN counts them
    elapsed = time.monotonic() - started
    conn = sqlite3.connect(db)
    articles = {}
    for path, body in conn.execute("SELECT path, body FROM articles ORDER BY id"):
        articles.setdefault(path, []).append(body[:50_000])  # enough to check any good article whole
    data = {
        "seconds": elapsed,
        "steps": steps,
        "files": summary.files,
        "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
        "problems": [[p.path, p.kind, p.reason] for p in summary.problems],
        "articles": articles,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    conn.close()
    report.write_text(json.dumps(data), encoding="utf-8")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    if sys.argv[1:2] == ["import"]:  # python tests/malformed.py import FOLDER DB REPORT.json
        import_and_measure(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:  # write a corpus to look at: python tests/malformed.py /tmp/corpus [count]
        target = Path(sys.argv[1])
        made = build_corpus(target, int(sys.argv[2]) if len(sys.argv) > 2 else 320)
        print(f"{len(made)} files in {target}")


def hostile_analyse(body: str, published: str) -> tuple[str, int]:
    """An analyser that hangs on texts saying so, else the real one (core.isolation.ANALYSER in a worker)."""
    import time

    from core.isolation import analysis_json

    if "hang-the-analysis" in body:
        while True:
            time.sleep(0.05)
    return analysis_json(body, published)
