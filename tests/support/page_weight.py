"""What a block's ``student_view`` costs a learner on a slow line: its JavaScript, CSS and images,
gzip-compressed as the LMS's web server sends them, and every host they would make the browser
contact. Shared by ``tests/integration/test_page_weight.py`` and ``benchmarks/bench_page_weight.py``.
"""

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

PACKAGE = Path(__file__).resolve().parents[2] / "kemenag_xblocks"
BUDGET = 60 * 1024  # compressed bytes per block (issue 9)
PLATFORM = "http://testserver"  # where the Django test client's relative URLs point
# URIs that name an XML vocabulary: the browser never fetches them.
NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink", "http://www.w3.org/1999/xhtml")

# Places a browser starts a request from: attributes in HTML, url()/@import in CSS, and string
# literals with a scheme or a protocol-relative // in JavaScript or markup.
HTML_REFERENCE = re.compile(r"""\b(?:src|href|srcset|poster|data|action)\s*=\s*["']([^"']+)["']""", re.I)
CSS_REFERENCE = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']""", re.I)
ABSOLUTE = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s"'<>)]*""")
IMAGE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|ico)(?:\?|$)", re.I)


def gzipped(data):
    """Bytes on the wire: level 6, what nginx and most CDNs-that-we-do-not-use default to."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass
class Weight:
    """One block's assets: ``parts`` is ``[(what, raw bytes, gzipped bytes)]``."""

    block: str
    parts: list = field(default_factory=list)
    external: list = field(default_factory=list)

    @property
    def raw(self):
        return sum(raw for _what, raw, _gz in self.parts)

    @property
    def compressed(self):
        return sum(gz for _what, _raw, gz in self.parts)

    def add(self, what, data):
        self.parts.append((what, len(data), gzipped(data)))

    def line(self):
        share = self.compressed / BUDGET * 100
        files = ", ".join(f"{what} {gz:,} B" for what, _raw, gz in self.parts)
        return (
            f"{self.block:<34} {self.compressed:>7,} B gzip ({self.raw:>7,} B raw)  "
            f"{share:5.1f}% of {BUDGET // 1024} KB  [{files}]"
        )


def external_references(text):
    """Absolute URLs in ``text`` pointing at another host (XML namespace names excepted)."""
    found = []
    for match in ABSOLUTE.finditer(text):
        url = match.group(0)
        if url.startswith(NAMESPACES):
            continue
        host = urlsplit(url if "://" in url else "http:" + url).hostname
        if host and host != urlsplit(PLATFORM).hostname:
            found.append(url)
    return found


def referenced_urls(text, kind):
    """URLs ``text`` makes the browser load, relative ones included."""
    if kind == "css":
        return [a or b for a, b in CSS_REFERENCE.findall(text)]
    return HTML_REFERENCE.findall(text)


def measure(name, fragment, get):
    """Weigh ``fragment``'s resources (``get(url) -> bytes`` fetches from the platform) and the images
    its HTML and CSS load; record every reference to another host."""
    weight = Weight(name)
    html = fragment.body_html()
    weight.external += external_references(html)
    images = [url for url in referenced_urls(html, "html") if IMAGE.search(url)]
    for resource in fragment.resources:
        if resource.kind == "url":
            if urlsplit(resource.data).netloc:
                weight.external.append(resource.data)
                continue
            data = get(resource.data)
            what = resource.data.rsplit("/", 1)[-1]
        else:  # inline <style>/<script> text
            data = resource.data.encode("utf-8")
            what = f"inline {resource.mimetype}"
        text = data.decode("utf-8", "replace")
        weight.external += external_references(text)
        if resource.mimetype == "text/css":
            base = resource.data if resource.kind == "url" else ""
            images += [urljoin(base, url) for url in referenced_urls(text, "css") if not url.startswith("data:")]
        weight.add(what, data)
    for url in dict.fromkeys(images):
        if urlsplit(url).netloc:
            weight.external.append(url)
        else:
            weight.add(url.rsplit("/", 1)[-1], get(url))
    weight.external = list(dict.fromkeys(weight.external))
    return weight


def package_sources():
    """Every file our blocks send to a browser: ``public/`` assets and templates."""
    return sorted(
        path
        for pattern in ("*/public/*", "*/templates/*.html")
        for path in PACKAGE.glob(pattern)
        if path.suffix in (".js", ".css", ".html", ".svg")
    )
