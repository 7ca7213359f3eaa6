"""PDF and Word (.docx) articles, generated here: a tiny hand-written PDF with Helvetica
text streams, and documents written with python-docx."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from core.model import ReadError
from core.readers import read_file

STORY = [
    "Ferry strike ends on northern routes",
    "Ferry crews on the northern routes returned to work on Monday after a",
    "week-long strike over rosters, the union said in a statement to members.",
    "The company agreed to publish shift patterns four weeks ahead and to pay",
    "a fixed allowance for late changes, according to the union.",
]
SECOND_PAGE = ["Passengers had faced long queues (at the terminals) during the dispute."]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], title: str = "", author: str = "") -> bytes:
    """A minimal valid PDF: one Helvetica line per list item; an empty page draws a grey box."""
    objects = {1: "<< /Type /Catalog /Pages 2 0 R >>",
               3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids, next_id = [], 4
    for lines in pages:
        if lines:
            stream = "BT /F1 11 Tf 14 TL 72 720 Td " + " ".join(f"({_escape(s)}) Tj T*" for s in lines) + " ET"
        else:
            stream = "0.5 g 72 600 200 100 re f"
        objects[next_id] = f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream"
        objects[next_id + 1] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {next_id} 0 R >>")
        kids.append(next_id + 1)
        next_id += 2
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    info = ""
    if title or author:
        objects[next_id] = f"<< /Title ({_escape(title)}) /Author ({_escape(author)}) >>"
        info = f" /Info {next_id} 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode("latin-1")
    xref, size = len(out), max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offsets[n]:010d} 00000 n \n" for n in range(1, size)).encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypt(pdf: bytes, user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- PDF ------------------------------------------------------------------------------

def test_pdf_metadata_title_and_wrapped_lines_joined(tmp_path: Path) -> None:
    path = write(tmp_path, "story.pdf", make_pdf([STORY, SECOND_PAGE], title="Ferry strike ends on northern routes",
                                                 author="Ines Park"))
    (article,) = read_file(path, folder_source="Valley Courier").articles
    assert (article.format, article.path) == ("pdf", str(path))
    assert article.title == "Ferry strike ends on northern routes"
    assert article.byline == "Ines Park"
    assert article.published == ""  # a PDF's creation date is not its publication date
    assert (article.source, article.source_origin) == ("Valley Courier", "folder")
    paras = article.body.split("\n\n")
    assert paras[0] == ("Ferry crews on the northern routes returned to work on Monday after a "
                        "week-long strike over rosters, the union said in a statement to members. "
                        "The company agreed to publish shift patterns four weeks ahead and to pay "
                        "a fixed allowance for late changes, according to the union.")
    assert paras[-1] == "Passengers had faced long queues (at the terminals) during the dispute."


def test_pdf_first_line_is_the_title_without_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "story.pdf", make_pdf([STORY], title="Microsoft Word - draft3.docx"))
    article = read_file(path).articles[0]
    assert article.title == "Ferry strike ends on northern routes"
    assert article.body.startswith("Ferry crews on the northern routes")


def test_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.pdf", encrypt(make_pdf([STORY]), user_password=""))
    assert "shift patterns" in read_file(path).articles[0].body


@pytest.mark.parametrize("name, data, reason", [
    ("protected.pdf", encrypt(make_pdf([STORY]), user_password="secret"), "the PDF is password-protected"),
    ("scan.pdf", make_pdf([[], []]), "the PDF has no extractable text"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref", "the PDF could not be parsed"),
    ("text.pdf", b"This is a text file that was given a .pdf name by mistake.", "this is not a PDF file"),
    ("empty.pdf", b"", "the file is empty"),
])
def test_unusable_pdfs(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_file(write(tmp_path, name, data))
    assert caught.value.reason.startswith(reason)


# --- DOCX -----------------------------------------------------------------------------

def make_docx(paragraphs: list[tuple[str, str]], **properties: object) -> bytes:
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    for key, value in properties.items():
        setattr(document.core_properties, key, value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("holiday/photo1.txt", "not a document")
    return out.getvalue()


BODY = [
    ("Normal", "The paper mill in Ostby will close at the end of the year, its owners said on Tuesday."),
    ("Normal", ""),
    ("Normal", "OSTBY (Valley Wire) - About 120 people work at the mill, which opened in 1911."),
    ("Heading 2", "What happens next"),
    ("Normal", "The union will meet the owners on Friday."),
]


def test_docx_title_style_paragraph_is_the_title(tmp_path: Path) -> None:
    data = make_docx([("Title", "Mill to close in Ostby"), *BODY], author="Ines Park",
                     created=dt.datetime(2023, 1, 17, 9, 30))
    (article,) = read_file(write(tmp_path, "mill.docx", data)).articles
    assert (article.format, article.title, article.byline, article.published) == (
        "docx", "Mill to close in Ostby", "Ines Park", "2023-01-17")
    assert article.body.split("\n\n") == [text for _, text in BODY if text]
    assert (article.source, article.source_origin) == ("Valley Wire", "dateline")


def test_docx_core_title_and_template_defaults_ignored(tmp_path: Path) -> None:
    # python-docx's template says author "python-docx", created 2013-12-23: not real metadata
    data = make_docx(BODY, title="Mill to close")
    article = read_file(write(tmp_path, "mill.docx", data)).articles[0]
    assert (article.title, article.byline, article.published) == ("Mill to close", "", "")
    assert article.body.startswith("The paper mill in Ostby")


@pytest.mark.parametrize("name, data, reason", [
    ("corrupt.docx", b"PK\x03\x04" + b"\x00\x01damaged" * 40, "this is not a valid Word document (.docx)"),
    ("text.docx", b"Plain text saved with a .docx name.", "this is not a valid Word document (.docx)"),
    ("photos.docx", plain_zip(), "this is a ZIP archive, not a Word document"),
    ("blank.docx", make_docx([("Normal", ""), ("Normal", "   ")]), "the Word document holds no text"),
    ("titleonly.docx", make_docx([("Title", "Only a title")]), "the Word document holds only a title"),
])
def test_unusable_docx(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_file(write(tmp_path, name, data))
    assert caught.value.reason.startswith(reason)


def test_truncated_docx_is_reported_not_raised(tmp_path: Path) -> None:
    data = make_docx(BODY)
    with pytest.raises(ReadError) as caught:
        read_file(write(tmp_path, "cut.docx", data[: len(data) // 2]))
    assert "Word document" in caught.value.reason
