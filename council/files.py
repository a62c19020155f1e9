"""What a file is, from its content: the type by its signature (never by its name), its SHA-256
and size read in chunks (memory stays flat, whatever the size), and its text for search."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

CHUNK = 1024 * 1024

# The types the council's documents come in: media type and the file name extension it gets.
PDF = ("application/pdf", "pdf")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ODT = ("application/vnd.oasis.opendocument.text", "odt")
ODS = ("application/vnd.oasis.opendocument.spreadsheet", "ods")
PNG = ("image/png", "png")
JPEG = ("image/jpeg", "jpg")
TIFF = ("image/tiff", "tif")
ACCEPTED = (PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG, TIFF)
EXTENSIONS = ", ".join(ext.upper() for _, ext in ACCEPTED)


@dataclass(frozen=True)
class Sniffed:
    media_type: str
    extension: str
    sha256: str
    size: int


def sniff(file: IO[bytes]) -> tuple[str, str] | None:
    """The media type and extension of a file from its first bytes (and, for the office formats,
    which are ZIP archives, from the members that name them); None for anything else."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    declared = archive.read("mimetype").decode("ascii", "replace").strip()
                    return {ODT[0]: ODT, ODS[0]: ODS}.get(declared)
                if "[Content_Types].xml" in names:
                    if "word/document.xml" in names:
                        return DOCX
                    if "xl/workbook.xml" in names:
                        return XLSX
        except (zipfile.BadZipFile, OSError, KeyError, ValueError):
            return None
        finally:
            file.seek(0)
    return None


def digest(file: IO[bytes]) -> tuple[str, int]:
    """SHA-256 and size, read in chunks."""
    file.seek(0)
    sha, size = hashlib.sha256(), 0
    while chunk := file.read(CHUNK):
        sha.update(chunk)
        size += len(chunk)
    file.seek(0)
    return sha.hexdigest(), size


def sha512(file: IO[bytes]) -> str:
    """SHA-512 of the file (the checksum OParl names), read in chunks."""
    file.seek(0)
    sha = hashlib.sha512()
    while chunk := file.read(CHUNK):
        sha.update(chunk)
    file.seek(0)
    return sha.hexdigest()


def fold(text: str) -> str:
    """Lowercase, without diacritics (ș and ş alike), whitespace collapsed: the form search
    compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip()


# Text extraction stops here: search needs the words, not a whole book.
TEXT_LIMIT = 2_000_000


def extract_text(file: IO[bytes], media_type: str) -> str:
    """The file's text: a PDF's text layer (pypdf); the words of DOCX, XLSX, ODT and ODS files
    from their XML. Images (scans without a text layer) have none. Never raises: a file whose
    text cannot be read is still a document."""
    file.seek(0)
    try:
        if media_type == PDF[0]:
            return _pdf_text(file)
        members = {
            DOCX[0]: ["word/document.xml"],
            XLSX[0]: ["xl/sharedStrings.xml"],
            ODT[0]: ["content.xml"],
            ODS[0]: ["content.xml"],
        }.get(media_type)
        if members:
            return _xml_text(file, members)
    except Exception:  # a damaged or hostile file: no text, but the upload stands
        return ""
    finally:
        file.seek(0)
    return ""


def _pdf_text(file: IO[bytes]) -> str:
    from pypdf import PdfReader

    parts, total = [], 0
    for page in PdfReader(file).pages:
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
        if total > TEXT_LIMIT:
            break
    return "\n".join(parts)[:TEXT_LIMIT]


def _xml_text(file: IO[bytes], members: list[str]) -> str:
    parts: list[str] = []
    with zipfile.ZipFile(file) as archive:
        for name in members:
            if name not in archive.namelist():
                continue
            info = archive.getinfo(name)
            if info.file_size > 50 * TEXT_LIMIT:  # a ZIP bomb
                continue
            with archive.open(info) as member:
                for _, element in ElementTree.iterparse(io.BufferedReader(member)):
                    if element.text and element.text.strip():
                        parts.append(element.text.strip())
                    element.clear()
    return " ".join(parts)[:TEXT_LIMIT]
