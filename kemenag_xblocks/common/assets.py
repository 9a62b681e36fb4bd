"""The files a block's resource URL may serve: a fixed allowlist of named assets, nothing else.

The runtime (the LMS's ``xblock/resource/<type>/<uri>``, the workbench's ``resource/<type>/<uri>``)
passes whatever follows the block type in the URL to ``open_local_resource``, percent-decoded: an
absolute path, ``..``, doubled slashes. XBlock's default joins that onto the package folder, so an
absolute path (``public/common//etc/passwd``) escaped it and served settings, the database and
learners' unfinished uploads (as ``text/html``, from the site's origin).

Here a URI is only ever looked up, exactly, in an index built from the package itself:

* ``public/<name>``: the regular files directly inside the block's own ``public/`` folder;
* ``public/common/<name>``: the browser modules every block shares (``SHARED_ASSETS``, from
  ``kemenag_xblocks/common/public``).

Only files with a static-asset suffix are indexed; symbolic links and anything whose resolved path
leaves the folder are not. No URI is ever joined onto a path, so nothing outside the index, and no
stored learner byte, can be reached.
"""

import functools
import importlib.resources
import os
from pathlib import Path

from xblock.exceptions import DisallowedFileError

# The shared browser modules, served to every block under ``public/common/``. A new shared file
# is added here (a test fails for a fragment that references a file the index does not hold).
SHARED_ASSETS = ("chunked_upload.js", "kemenag.js")
SHARED_PREFIX = "public/common/"
# What a static asset may be; anything else in a public folder (sources, notes) is not served.
ASSET_SUFFIXES = frozenset({".js", ".css", ".png", ".jpg", ".svg", ".gif", ".woff", ".woff2"})


def _folder(package, *parts):
    return Path(os.fspath(importlib.resources.files(package))).joinpath(*parts).resolve()


def index_folder(folder, names=None):
    """``{name: resolved path}`` of the assets directly inside ``folder`` (only ``names`` if given):
    regular files, not symbolic links, with an asset suffix, resolving inside ``folder``."""
    folder = Path(folder).resolve()
    found = {}
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        if names is not None and entry.name not in names:
            continue
        if entry.is_symlink() or not entry.is_file() or entry.suffix.lower() not in ASSET_SUFFIXES:
            continue
        resolved = entry.resolve()
        if resolved.parent != folder:
            continue
        found[entry.name] = resolved
    return found


@functools.cache
def asset_index(package, public_dir="public"):
    """Every URI a block of ``package`` serves, mapped to its file (built once per process)."""
    own = {f"{public_dir}/{name}": path for name, path in index_folder(_folder(package, public_dir)).items()}
    shared = index_folder(_folder("kemenag_xblocks.common", "public"), SHARED_ASSETS)
    own.update({SHARED_PREFIX + name: path for name, path in shared.items()})
    return own


def open_asset(package, uri, public_dir="public"):
    """The asset's bytes as an open binary file; ``DisallowedFileError`` for any other URI."""
    if isinstance(uri, bytes):
        uri = uri.decode("utf-8", "replace")
    path = asset_index(package, public_dir).get(uri) if isinstance(uri, str) else None
    if path is None:
        raise DisallowedFileError(f"Not a public asset of this block: {uri!r}")
    # O_NOFOLLOW: a file replaced by a symbolic link after the index was built is not followed.
    return os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb")
