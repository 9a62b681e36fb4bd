"""``make course``: the archive Studio imports (one top folder holding course.xml)."""

import importlib.util
import tarfile

import pytest

from tests.course.course_tree import COURSE_DIR


def load_build():
    spec = importlib.util.spec_from_file_location("build_course", COURSE_DIR.parent / "build_course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build


def test_archive_has_one_top_folder_holding_the_whole_course(tmp_path):
    output = load_build()(tmp_path / "course.tar.gz")
    with tarfile.open(output) as tar:
        names = tar.getnames()
        members = {member.name: member for member in tar.getmembers()}
    assert {name.split("/")[0] for name in names} == {COURSE_DIR.name}
    assert f"{COURSE_DIR.name}/course.xml" in names
    on_disk = {f"{COURSE_DIR.name}/{path.relative_to(COURSE_DIR)}" for path in COURSE_DIR.rglob("*") if path.is_file()}
    assert {name for name, member in members.items() if member.isfile()} == on_disk
    assert all(member.uid == 0 and member.uname == "" for member in members.values())


def test_archive_is_reproducible(tmp_path):
    build = load_build()
    first, second = build(tmp_path / "a.tar.gz"), build(tmp_path / "b.tar.gz")
    assert first.read_bytes() == second.read_bytes()


def test_editor_leftovers_are_not_packed(tmp_path):
    source = tmp_path / "kursus"
    (source / "html").mkdir(parents=True)
    (source / "course.xml").write_text('<course url_name="r" org="o" course="c"/>')
    (source / "html" / ".catatan.swp").write_text("x")
    (source / "html" / "a.html~").write_text("x")
    with tarfile.open(load_build()(tmp_path / "out.tar.gz", source=source)) as tar:
        assert sorted(tar.getnames()) == ["kursus", "kursus/course.xml", "kursus/html"]


def test_a_folder_without_course_xml_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_build()(tmp_path / "out.tar.gz", source=tmp_path)
