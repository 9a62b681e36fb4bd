"""Work units in their hierarchy, dated memberships, identities from CSV, and compliance rolled up."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Value

from kemenag_xblocks.competency import api, people, rules
from kemenag_xblocks.competency.models import LearnerProfile, WorkUnit
from tests.competency.conftest import add_entry

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 6, 30)
UNITS = (
    "code,name,level,parent_code\n"
    "KK-SBY,Kankemenag Kota Surabaya,kankemenag,KW-JATIM\n"  # its parent comes later: fine
    "PUSAT,Kementerian Agama RI,central,\n"
    "KW-JATIM,Kanwil Jawa Timur,kanwil,PUSAT\n"
    "MAN-1-SBY,MAN 1 Surabaya,sub_unit,KK-SBY\n"
    "KW-BALI,Kanwil Bali,kanwil,PUSAT\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def tree(tmp_path):
    call_command("kemenag_import_work_units", write(tmp_path, "units.csv", UNITS), stdout=io.StringIO())
    return {u.code: u for u in WorkUnit.objects.all()}


def test_units_import_builds_the_hierarchy_and_subtrees(tree):
    assert tree["MAN-1-SBY"].parent == tree["KK-SBY"] and tree["KK-SBY"].parent == tree["KW-JATIM"]
    assert tree["PUSAT"].level == "central" and tree["MAN-1-SBY"].level == "sub_unit"
    assert {u.code for u in people.subtree(tree["KW-JATIM"])} == {"KW-JATIM", "KK-SBY", "MAN-1-SBY"}
    assert len(people.subtree(tree["PUSAT"])) == 5


def test_a_units_file_with_any_bad_line_imports_nothing(tmp_path):
    text = "code,name,level,parent_code\nA,Unit A,kanwil,\nB,Unit B,provinsi,A\nC,Unit C,sub_unit,Z\n"
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 invalid"):
        call_command("kemenag_import_work_units", write(tmp_path, "u.csv", text), stderr=err)
    assert "line 3: level must be one of" in err.getvalue() and "line 4: unknown parent unit Z" in err.getvalue()
    assert not WorkUnit.objects.exists()


def test_people_import_sets_identity_and_refuses_a_bad_nip_for_the_whole_file(tmp_path, tree):
    for name in ("siti", "made", "ketut"):
        get_user_model().objects.create(username=name)
    bad = (
        "username,work_unit_code,work_unit_name,employee_type,nip,pns_orang_id\n"
        "siti,MAN-1-SBY,MAN 1 Surabaya,pns,198609262015051001,A5CF0A1B\n"
        "made,MAN-1-SBY,MAN 1 Surabaya,pns,198602302015051001,\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("kemenag_import_work_units", write(tmp_path, "p.csv", bad), stderr=err)
    assert "line 3:" in err.getvalue() and not LearnerProfile.objects.exists()
    good = (
        "username,work_unit_code,work_unit_name,employee_type,nip,pns_orang_id,start_date\n"
        "siti,MAN-1-SBY,MAN 1 Surabaya,pns,198609262015051001,A5CF0A1B,2020-01-01\n"
        "made,MAN-1-SBY,MAN 1 Surabaya,pppk,198602302021091001,,2020-01-01\n"
        "ketut,KW-BALI,Kanwil Bali,public,,,2020-01-01\n"
    )
    call_command("kemenag_import_work_units", write(tmp_path, "p.csv", good), stdout=io.StringIO())
    siti = LearnerProfile.objects.get(user__username="siti")
    assert (siti.employee_type, siti.nip, siti.pns_orang_id, siti.source) == (
        "pns",
        "198609262015051001",
        "A5CF0A1B",
        "csv",
    )
    assert LearnerProfile.objects.get(user__username="made").nip == "198602302021091001", "PPPK: not a NIP"
    assert WorkUnit.objects.get(code="MAN-1-SBY").parent.code == "KK-SBY", "importing people keeps the tree"


def test_a_june_transfer_moves_future_jp_not_past(tree):
    user = get_user_model().objects.create(username="siti")
    people.move(user.pk, tree["KK-SBY"], date(2020, 1, 1))
    people.move(user.pk, tree["KW-BALI"], date(2026, 6, 1))
    people.move(user.pk, tree["KW-BALI"], date(2026, 6, 1))  # a repeated import changes nothing
    assert people.unit_of(user.pk, date(2026, 5, 31)) == tree["KK-SBY"]
    assert people.unit_of(user.pk, date(2026, 6, 1)) == tree["KW-BALI"]
    add_entry(user, jp="8", on="2026-03-01")
    add_entry(user, jp="4", on="2026-06-15")
    from kemenag_xblocks.competency import siasn

    def exported(unit):
        return sorted(rec["jumlahJam"] for _pk, rec, _missing in siasn.iter_records(2026, unit))

    assert exported(tree["KK-SBY"]) == [8], "March's JP stay with Surabaya"
    assert exported(tree["KW-BALI"]) == [4], "June's go with Bali"
    in_may = {f.unit.code: f for f in api.unit_compliance(tree["PUSAT"], date(2026, 5, 31))}
    in_july = {f.unit.code: f for f in api.unit_compliance(tree["PUSAT"], date(2026, 7, 1))}
    assert in_may["KK-SBY"].learners == 1 and in_may["KW-BALI"].learners == 0
    assert in_july["KK-SBY"].learners == 0 and in_july["KW-BALI"].learners == 1


def test_compliance_rolls_up_every_level_per_type_and_excludes_those_without_target(tree):
    def member(name, unit, kind=None):
        user = get_user_model().objects.create(username=name)
        people.move(user.pk, tree[unit], date(2020, 1, 1))
        if kind:
            LearnerProfile.objects.create(user=user, employee_type=kind)
        return user

    add_entry(member("guru_pns", "MAN-1-SBY"), jp="24", on="2026-02-01")  # meets (PNS, default type)
    member("guru_pppk", "MAN-1-SBY", "pppk")  # none in two years
    add_entry(member("staf_kk", "KK-SBY", "pns"), jp="5", on="2026-02-01")  # below
    add_entry(member("honorer", "MAN-1-SBY", "non_asn"), jp="40", on="2026-02-01")  # no target: not counted
    member("warga", "KW-BALI", "public")
    report = {f.unit.code: f for f in api.unit_compliance(None, AS_OF)}
    man, kk, kanwil, pusat = (report[c] for c in ("MAN-1-SBY", "KK-SBY", "KW-JATIM", "PUSAT"))
    assert (man.meets, man.below, man.none, man.learners) == (1, 0, 1, 2)
    assert (kk.count(rules.BELOW, subtree=False), kk.learners) == (1, 3)
    assert (kanwil.meets, kanwil.below, kanwil.none) == (1, 1, 1) == (pusat.meets, pusat.below, pusat.none)
    assert pusat.count(rules.NONE_IN_TWO_YEARS, "pppk") == 1 and pusat.count(rules.NONE_IN_TWO_YEARS, "pns") == 0
    assert report["KW-BALI"].learners == 0, "the public is not in compliance figures"
    people_behind = [r[1] for r in api.people_in(tree["KW-JATIM"], AS_OF, state=rules.NONE_IN_TWO_YEARS)]
    assert people_behind == ["guru_pppk"]
    assert {r[1] for r in api.people_in(tree["KW-JATIM"], AS_OF)} == {"guru_pns", "guru_pppk", "staf_kk"}


@pytest.mark.parametrize("jp_year", ["0", "19.99", "20", "35"])
@pytest.mark.parametrize("last_on", [None, date(2025, 1, 1)])
@pytest.mark.parametrize("target", [None, "20"])
def test_the_sql_status_is_the_same_rule_as_the_python_one(jp_year, last_on, target):
    """``rules.status_sql`` (every report) and ``rules.status`` (every summary) on a grid."""
    from django.db.models import DateField, DecimalField

    row = (
        get_user_model()
        .objects.annotate(
            jp=Value(Decimal(jp_year), output_field=DecimalField(max_digits=9, decimal_places=2)),
            last=Value(last_on, output_field=DateField()),
            goal=Value(Decimal(target) if target else None, output_field=DecimalField(max_digits=9, decimal_places=2)),
        )
        .annotate(state=rules.status_sql("jp", "last", "goal"))
        .values_list("state", flat=True)
    )
    get_user_model().objects.create(username="x")
    assert list(row) == [rules.status(Decimal(jp_year), last_on is not None, Decimal(target) if target else None)]


def test_compliance_report_command_still_lists_units_with_learners(tree, tmp_path):
    user = get_user_model().objects.create(username="siti")
    people.move(user.pk, tree["KK-SBY"], date(2020, 1, 1))
    out = io.StringIO()
    call_command("kemenag_compliance_report", "--as-of", "2026-06-30", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1] == ["KK-SBY", "Kankemenag Kota Surabaya", "1", "0", "0", "1"]


def test_the_sso_source_applies_sign_in_claims_through_the_operators_hook(settings, client):
    from django.contrib.auth import signals

    settings.KEMENAG_IDENTITY_SOURCE = "sso"
    settings.KEMENAG_IDENTITY_CLAIMS = "tests.competency.claims_hook.claims"
    user = get_user_model().objects.create(username="siti")
    signals.user_logged_in.send(sender=type(user), request=None, user=user)
    profile = LearnerProfile.objects.get(user=user)
    assert (profile.nip, profile.pns_orang_id, profile.source) == ("198609262015051001", "A5CF0A1B", "sso")
    other = get_user_model().objects.create(username="made")
    signals.user_logged_in.send(sender=type(other), request=None, user=other)  # the same NIP: refused, logged
    assert not LearnerProfile.objects.filter(user=other).exists()
    settings.KEMENAG_IDENTITY_SOURCE = "csv"
    third = get_user_model().objects.create(username="ketut")
    signals.user_logged_in.send(sender=type(third), request=None, user=third)
    assert not LearnerProfile.objects.filter(user=third).exists(), "only when the operator chose sso"


def test_enrollment_makes_the_cohort(learner):
    from kemenag_xblocks.competency.models import CohortMember
    from tests.competency.conftest import COURSE, send_enrollment

    send_enrollment(learner)
    send_enrollment(learner)
    assert CohortMember.objects.filter(course_key=COURSE, user=learner).count() == 1


def test_the_admin_validates_a_profile_as_the_imports_do():
    from kemenag_xblocks.admin import LearnerProfileForm

    user = get_user_model().objects.create(username="siti")
    bad = LearnerProfileForm(data={"user": user.pk, "employee_type": "pns", "nip": "198602302015051001"})
    assert not bad.is_valid()
    assert "tanggal lahir" in str(bad.errors) or "birth date" in str(bad.errors)
    good = LearnerProfileForm(data={"user": user.pk, "employee_type": "pppk", "nip": "198602302021091001"})
    assert good.is_valid(), good.errors
