"""Build ``course.tar.gz`` in Studio's import format: one top folder holding ``course.xml``.

Standard library only, so ``make course`` works before the virtualenv exists. The archive is
reproducible (sorted entries, no owners, fixed times), so two builds of the same OLX are identical.

    python3 course_content/build_course.py [OUTPUT]     # default: course.tar.gz
"""

import gzip
import sys
import tarfile
from pathlib import Path

COURSE_DIR = Path(__file__).resolve().parent / "moderasi-beragama-asn"
# Files an editor or the OS leaves next to the OLX never belong in an import.
SKIPPED = {".DS_Store", "__pycache__", "Thumbs.db"}


def _normalise(info):
    """Drop local owners and times; skip hidden and editor files."""
    name = Path(info.name).name
    if name in SKIPPED or name.startswith(".") or name.endswith("~"):
        return None
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mtime = 0
    info.mode = 0o755 if info.isdir() else 0o644
    return info


def build(output, source=COURSE_DIR):
    """Write the course at ``source`` to the ``.tar.gz`` at ``output``; returns the output path."""
    source, output = Path(source), Path(output)
    if not (source / "course.xml").is_file():
        raise FileNotFoundError(f"{source} has no course.xml")
    with (
        open(output, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as packed,
        tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        tar.add(source, arcname=source.name, filter=_normalise)
    return output


def main(argv):
    output = build(argv[1] if len(argv) > 1 else "course.tar.gz")
    print(f"{output}: {output.stat().st_size // 1024} KiB, import it in Studio (Tools > Import)")


if __name__ == "__main__":
    main(sys.argv)
