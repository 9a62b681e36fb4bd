"""Office documents (docx, xlsx, pptx, odt) are zip files: inspected without trusting what they say.

``check_container(fileobj, ext, check)`` raises ``OfficeRefused`` (``code``, ``message``) for:

* **zip bombs** (``bad_archive``): every member is read through a bounded stream, in small blocks,
  counting the bytes the decompressor actually produces, not the sizes the archive declares. The
  whole archive may produce at most ``KEMENAG_UPLOAD_MAX_UNCOMPRESSED_BYTES`` and at most
  ``KEMENAG_UPLOAD_MAX_COMPRESSION_RATIO`` times its compressed size; one member past ``MEMBER_FLOOR``
  at most that ratio times its own compressed size. Reading stops at the first block past a limit,
  so memory stays at one block whatever the archive holds (a 2 MB .odt whose ``mimetype`` inflates to
  190 MB costs ~64 kB, not 190 MB).
* **active content** (``active_content``): macros (``vbaProject.bin``, a macro-enabled content type,
  xlsx ``macrosheets/``, ODF ``Basic/`` and ``Scripts/``), ActiveX controls (``activeX/``), embedded
  OLE objects (``embeddings/oleObject*.bin``, the Follina carrier), and any relationship to outside
  the file (``TargetMode="External"`` in a ``.rels`` part: a remote ``attachedTemplate``, an external
  ``oleObject``, frame or image that Office fetches on opening). Hyperlinks to ``http(s):`` and
  ``mailto:`` are the one external relationship kept: Office opens them only when clicked, and
  reports cite their sources (docs/decisions/0010-office-active-content.md).
* **not the format it claims** (``content_mismatch``): the members the format requires are missing,
  or an ODF ``mimetype`` member is not exactly the format's type.

Relationship parts are parsed with lxml without entities, DTDs or network access, and only when
smaller than ``XML_PART_MAX``.
"""

import re
import zipfile

from lxml import etree

from kemenag_xblocks.conf import setting

READ_BLOCK = 64 * 1024
# Small members may compress extremely well (a few kB of repeated XML); the ratio applies past this.
MEMBER_FLOOR = 1024 * 1024
MAX_MEMBERS = 10000
XML_PART_MAX = 2 * 1024 * 1024
ODF_MIMETYPE_MAX = 100

# Member names (lower case) that carry code or controls.
_ACTIVE_NAME = re.compile(
    r"(^|/)vbaproject\.bin$"
    r"|(^|/)vbadata\.xml$"
    r"|(^|/)activex/"
    r"|(^|/)embeddings/oleobject[^/]*\.bin$"
    r"|(^|/)macrosheets/"
    r"|^basic/"
    r"|^scripts/"
)
_MACRO_CONTENT_TYPE = re.compile(rb"macroenabled|vbaproject|ms-office\.activex|oleobject", re.IGNORECASE)
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_HYPERLINK = "/hyperlink"
_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class OfficeRefused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _read_bounded(archive, info, budget):
    """Stream one member, counting produced bytes; ``(bytes kept, bytes produced)``. Keeps the content
    only of parts the checks read (relationships, content types, the ODF mimetype)."""
    keep = _kept_limit(info.filename)
    kept, produced = [], 0
    member_cap = max(MEMBER_FLOOR, budget["ratio"] * max(info.compress_size, 1))
    with archive.open(info) as stream:
        while block := stream.read(READ_BLOCK):
            produced += len(block)
            budget["total"] += len(block)
            if produced > member_cap or budget["total"] > budget["cap"]:
                raise OfficeRefused("bad_archive")
            if keep and sum(map(len, kept)) < keep:
                kept.append(block)
    data = b"".join(kept)
    if keep and produced > keep:
        data = None  # too large to be the small part it claims to be
    return data, produced


def _kept_limit(name):
    lower = name.lower()
    if lower == "mimetype":
        return ODF_MIMETYPE_MAX
    if lower.endswith(".rels") or lower == "[content_types].xml":
        return XML_PART_MAX
    return 0


def _external_targets(rels):
    """The relationships of a ``.rels`` part that point outside the file and are not safe links."""
    try:
        root = etree.fromstring(rels, _XML)
    except etree.XMLSyntaxError:
        raise OfficeRefused("content_mismatch") from None
    bad = []
    for rel in root.iter("{*}Relationship"):
        if (rel.get("TargetMode") or "").lower() != "external":
            continue
        if (rel.get("Type") or "").endswith(_HYPERLINK) and _SAFE_LINK.match((rel.get("Target") or "").strip()):
            continue
        bad.append(rel.get("Target"))
    return bad


def inspect(fileobj, kind, expected):
    """Raise ``OfficeRefused`` unless ``fileobj`` is a plain document of ``kind`` (``ooxml``/``odf``)."""
    max_total = setting("KEMENAG_UPLOAD_MAX_UNCOMPRESSED_BYTES")
    ratio = setting("KEMENAG_UPLOAD_MAX_COMPRESSION_RATIO")
    with zipfile.ZipFile(fileobj) as archive:
        members = archive.infolist()
        compressed = sum(m.compress_size for m in members) or 1
        declared = sum(m.file_size for m in members)
        # Declared sizes refuse an honest bomb before a byte is inflated; produced bytes decide.
        if len(members) > MAX_MEMBERS or declared > max_total or declared / compressed > ratio:
            raise OfficeRefused("bad_archive")
        names = {m.filename for m in members}
        if any(_ACTIVE_NAME.search(name.lower()) for name in names):
            raise OfficeRefused("active_content")
        budget = {"total": 0, "cap": min(max_total, ratio * compressed), "ratio": ratio}
        parts = {}
        for info in members:
            if info.is_dir():
                continue
            data, _produced = _read_bounded(archive, info, budget)
            if _kept_limit(info.filename):
                parts[info.filename] = data
    if kind == "ooxml":
        if "[Content_Types].xml" not in names or expected not in names:
            raise OfficeRefused("content_mismatch")
        types = parts.get("[Content_Types].xml")
        if types is None or _MACRO_CONTENT_TYPE.search(types):
            raise OfficeRefused("active_content" if types is not None else "content_mismatch")
        for name, data in parts.items():
            if name.lower().endswith(".rels") and (data is None or _external_targets(data)):
                raise OfficeRefused("active_content")
        return
    mimetype = parts.get("mimetype")
    if "content.xml" not in names or mimetype is None or mimetype.strip() != expected.encode():
        raise OfficeRefused("content_mismatch")


def check_container(fileobj, kind, expected):
    """``inspect``, with a broken archive (bad zip, bad CRC, unsupported method) as ``content_mismatch``."""
    try:
        inspect(fileobj, kind, expected)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError, EOFError):
        raise OfficeRefused("content_mismatch") from None
    except NotImplementedError:  # a compression method zipfile cannot read
        raise OfficeRefused("content_mismatch") from None
    finally:
        fileobj.seek(0)
