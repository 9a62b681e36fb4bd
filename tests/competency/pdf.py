"""Reading transcript PDFs as a viewer does (PDFium): their text, and pages as PNG images."""

import pypdfium2


def pdf_text(content):
    """Every page's text, as PDFium extracts it (what a reader would copy)."""
    document = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def pdf_png(content, path, page=0, scale=2):
    """Render one page to a PNG file (for looking at it)."""
    document = pypdfium2.PdfDocument(content)
    document[page].render(scale=scale).to_pil().save(path)
    return path
