"""Demo-only pages the workbench lacks: the LMS's ``jump_to_id`` links and the favicon.

* ``/courses/<course>/jump_to_id/<url_name>``: where the quiz's "recommended units" lead in the
  LMS. In the demo a course unit that holds our blocks opens its scenario ("Kursus: ..."); a
  reading unit (HTML only) is shown from ``course_content/``; any other id gets a page saying
  what the link would open in the LMS, never a 404.
* ``/favicon.ico``: the theme's icon.
"""

import urllib.parse

import nh3
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from lxml import etree

from demo.course_units import COURSE_DIR, OUR_TAGS
from kemenag_theme import THEME_DIR

FAVICON = THEME_DIR / "lms" / "static" / "images" / "favicon.ico"


def favicon(request):
    response = FileResponse(open(FAVICON, "rb"), content_type="image/x-icon")  # noqa: SIM115 (closed by Django)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _unit(url_name):
    """``(display name, [html], holds our blocks)`` of a course unit, found by its url_name."""
    if not url_name.replace("_", "").replace("-", "").isalnum():
        return None
    path = COURSE_DIR / "vertical" / f"{url_name}.xml"
    if not path.is_file():
        return None
    unit = etree.parse(str(path)).getroot()
    readings = []
    for child in unit:
        if child.tag == "html" and child.get("url_name"):
            html = COURSE_DIR / "html" / f"{child.get('url_name')}.html"
            if html.is_file():
                readings.append(nh3.clean(html.read_text(encoding="utf-8")))
    return unit.get("display_name", url_name), readings, any(child.tag in OUR_TAGS for child in unit)


def jump_to_id(request, course_key, url_name):
    student = request.GET.get("student", "student_1")
    query = urllib.parse.urlencode({"student": student})
    found = _unit(url_name)
    if found and found[2]:
        return HttpResponseRedirect(f"/scenario/kursus_{url_name}/?{query}")
    context = {"url_name": url_name, "course_key": course_key, "found": found, "student_query": query}
    return render(request, "demo/unit.html", context)
