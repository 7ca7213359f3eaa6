"""Word documents (.docx) via python-docx: paragraphs in document order.

Title: a first paragraph styled "Title" or as a heading (the title the editor sees),
else the document's core property title. Byline: the core property author (placeholders
such as "python-docx" are dropped in draft.py). Date: the
core property "created", except python-docx's own template date (2013-12-23), which
every document made from that template carries.
Tables, headers, footers and comments are not article text and are not read.
"""
from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from typing import Any

from core.readers.draft import Draft, Extraction
from core.readers.errors import Unreadable, brief

_TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.timezone.utc)
_TITLE_STYLES = ("title", "heading")
# python-docx unpacks every part into memory; a crafted archive could be a "zip bomb".
# The sizes in a ZIP's headers can lie, and zipfile inflates a whole member before cutting
# it to the declared size, so each part is inflated once here, in bounded steps, and counted.
_MAX_UNPACKED = 200 * 2**20
_INFLATE_STEP = 2**20
# Word's XML compresses about 5-15 times; a part packed more than 100 times over is built
# to explode (lxml would spend gigabytes on it). Small parts are exempt: tiny files vary.
_MAX_RATIO = 100
_RATIO_FROM = 2**20
# Office encrypts a .docx by wrapping it in an OLE compound file, the old .doc container.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(data: bytes) -> Extraction:
    """Read a Word document; raises Unreadable when it is broken or holds no text."""
    document = _open(data)
    try:
        paragraphs = [(_style(p), p.text) for p in document.paragraphs if p.text.strip()]
        props = document.core_properties
        core_title, author, created = props.title or "", props.author or "", props.created
    except Exception as exc:  # noqa: BLE001 - malformed parts surface only when read
        raise Unreadable(f"the Word document is damaged ({brief(exc)})") from None
    title = ""
    if paragraphs and paragraphs[0][0].startswith(_TITLE_STYLES):
        title = paragraphs.pop(0)[1]
    title = title or core_title
    if not paragraphs:
        raise Unreadable("the Word document holds no text" if not title else "the Word document holds only a title, no text")
    draft = Draft(
        body="\n\n".join(text for _, text in paragraphs),
        title=title,
        byline=author,
        published=_created(created),
    )
    return Extraction("docx", [draft])


def _open(data: bytes) -> Any:
    if data.startswith(_OLE_SIGNATURE):
        raise Unreadable("this Word document is password-protected, or in the old .doc format; "
                         "open it in Word and save it as an unprotected .docx")
    if not data.startswith(b"PK\x03\x04"):
        raise Unreadable("this is not a valid Word document (.docx): it is not a ZIP archive")
    _check_archive(data)
    import docx  # imported here: python-docx costs ~0.1 s to load, needed only for .docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - BadZipFile, KeyError, lxml errors...
        if "Excessive depth" in str(exc):
            raise Unreadable("the Word document's XML is nested more than 256 levels deep; it was not made by "
                             "a word processor and cannot be read") from None
        raise Unreadable(f"this is not a valid Word document (.docx) ({brief(exc)})") from None


def _check_archive(data: bytes) -> None:
    """Refuse ZIP files that are not Office documents, and ones that unpack to huge sizes."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise Unreadable(f"this is not a valid Word document (.docx) ({brief(exc)})") from None
    if "[Content_Types].xml" not in {e.filename for e in entries}:
        raise Unreadable("this is a ZIP archive, not a Word document (it has no [Content_Types].xml)")
    if sum(e.file_size for e in entries) > _MAX_UNPACKED:
        raise Unreadable(f"the Word document unpacks to more than {_MAX_UNPACKED // 2**20} MB; it is not an article")
    for entry in entries:
        if entry.file_size > _RATIO_FROM and entry.file_size > _MAX_RATIO * max(entry.compress_size, 1):
            raise Unreadable(f"the Word document is a \"zip bomb\": its part {entry.filename} would unpack "
                             f"{entry.file_size // max(entry.compress_size, 1)} times over; it is not an article")
        if _inflates_past(data, entry, entry.file_size):
            raise Unreadable(f"the Word document is damaged or a \"zip bomb\": its part {entry.filename} unpacks "
                             f"to more than the {entry.file_size} bytes its header declares")


def _inflates_past(data: bytes, entry: zipfile.ZipInfo, declared: int) -> bool:
    """True when a member's data inflates to more than `declared` bytes (counted, never kept)."""
    if entry.compress_type == zipfile.ZIP_STORED:
        return False  # stored data is what it is; zipfile reads exactly compress_size bytes
    if entry.compress_type != zipfile.ZIP_DEFLATED:
        raise Unreadable(f"the Word document uses a compression Word never writes (method {entry.compress_type})")
    try:
        name_length, extra_length = struct.unpack_from("<HH", data, entry.header_offset + 26)
    except struct.error:
        raise Unreadable("this is not a valid Word document (.docx) (a part lies outside the file)") from None
    start = entry.header_offset + 30 + name_length + extra_length
    pending = memoryview(data)[start:start + entry.compress_size]
    inflater, total = zlib.decompressobj(-zlib.MAX_WBITS), 0
    try:
        while pending and total <= declared:
            total += len(inflater.decompress(pending, _INFLATE_STEP))
            pending = inflater.unconsumed_tail
        total += len(inflater.flush()) if total <= declared else 0
    except zlib.error:
        return False  # broken data: zipfile reports it in its own words when the part is read
    return total > declared


def _style(paragraph: Any) -> str:
    try:
        return (paragraph.style.name or "").casefold()
    except Exception:  # noqa: BLE001 - a style id missing from styles.xml
        return ""


def _created(created: Any) -> Any:
    if not isinstance(created, dt.datetime):
        return ""
    moment = created if created.tzinfo else created.replace(tzinfo=dt.timezone.utc)
    return "" if moment == _TEMPLATE_CREATED else created
