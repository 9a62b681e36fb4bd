"""Kemenag Digital Learning Center: XBlocks, plugin app and theme for Open edX."""

import os
import re

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))
# Files that ship inside the packages besides Python modules.
DATA_DIRS = {"templates", "static", "public", "locale", "scenarios", "conf", "theme", "brand", "patches"}


def package_data(package):
    """Every file inside a data folder (templates, static, locale...) anywhere in the package."""
    root = os.path.join(HERE, *package.split("."))
    found = []
    for dirpath, _dirs, files in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        if DATA_DIRS.intersection(rel_dir.split(os.sep)):
            found.extend(os.path.join(rel_dir, name) for name in files if not name.endswith(".pyc"))
    return found


def load_requirements(path):
    """Unpinned names from a pip-tools .in file (pins live in the compiled .txt files)."""
    names = []
    with open(os.path.join(HERE, path), encoding="utf-8") as handle:
        for line in handle:
            line = re.sub(r"#.*", "", line).strip()
            if line and not line.startswith("-"):
                names.append(line)
    return names


def read_file(path):
    with open(os.path.join(HERE, path), encoding="utf-8") as handle:
        return handle.read()


def read_version():
    with open(os.path.join(HERE, "kemenag_xblocks", "__init__.py"), encoding="utf-8") as handle:
        return re.search(r'__version__ = "([^"]+)"', handle.read()).group(1)


XBLOCKS = [
    "kemenag_moderation_quiz = kemenag_xblocks.quiz.block:ModerationQuizBlock",
    "kemenag_assignment = kemenag_xblocks.assignment.block:AssignmentBlock",
    "kemenag_competency = kemenag_xblocks.competency.block:CompetencyBlock",
    "kemenag_resources = kemenag_xblocks.resources.block:ResourcesBlock",
]
PLUGIN_APP = ["kemenag_xblocks = kemenag_xblocks.apps:KemenagXBlocksConfig"]

setup(
    name="kemenag-dlc-openedx",
    version=read_version(),
    description="Religious-moderation quiz, assignment and JP competency XBlocks, plugin app and "
    "theme for the Kemenag Digital Learning Center on Open edX",
    long_description=read_file("README.md"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    python_requires=">=3.12",
    packages=find_packages(include=["kemenag_xblocks", "kemenag_xblocks.*", "kemenag_theme", "kemenag_theme.*"]),
    package_data={
        "kemenag_xblocks": package_data("kemenag_xblocks"),
        "kemenag_theme": package_data("kemenag_theme"),
    },
    include_package_data=True,
    install_requires=load_requirements("requirements/base.in"),
    entry_points={
        "xblock.v1": XBLOCKS,
        "lms.djangoapp": PLUGIN_APP,
        "cms.djangoapp": PLUGIN_APP,
        "tutor.plugin.v1": ["kemenag = kemenag_theme.tutor_plugin"],
    },
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3.12",
        "Natural Language :: Indonesian",
        "Natural Language :: English",
    ],
)
