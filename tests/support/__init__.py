"""What every test layer shares, one place per responsibility.

* ``handlers`` — the one way a test reaches a block over HTTP: ``handler_url`` (a block's handler
  as a workbench student, with a suffix and a query), ``page_url`` (a scenario page),
  ``as_student`` (any workbench URL asked by another student), ``read`` (a body, a streamed file
  closed without closing the database connection), ``multipart`` (a form built by hand) and
  ``Caller`` (JSON, GET, form and raw POSTs, redirects followed as the same user). The folders'
  own helpers are thin layers on ``Caller``: ``AssignmentCaller`` (``tests/assignment``: upload,
  hand-in), ``QuizCaller`` (``tests/quiz``: answers sent as the attempt's tokens),
  ``ResourcesCaller`` (``tests/resources``), ``ReplyCaller`` and ``Reply``
  (``tests/security``). Browser and engine tests drive a real server and build their own requests.
* ``olx`` — scenario OLX used by more than one test file, from ``tests/data/<block tag>/<name>.xml``:
  ``olx("kemenag_assignment/rubric")``, ``small_quiz(attrs, url_name, kk_weight)``.
* ``workbench`` — ``Scenario``: OLX loaded into the workbench, ``.block(student_id, child)``.
* ``blocks`` (the probe block), ``quiz_tokens`` (authored ids ↔ an attempt's tokens),
  ``page_weight``, ``browser`` and ``quiz_browser`` (browser-test helpers).

Fixture names, each with one meaning across the suite:

============================  ==========================================================================
``client``                    pytest-django's test client; a workbench user is a URL's ``?student=``
``csrf_client``               a test client that enforces Django's CSRF check (``tests/perf``)
``scenario``                  loads OLX: ``scenario(xml)`` → a ``Scenario``
``unit``                      one loaded ``Scenario`` (a course unit of the workbench)
``calls``, ``rubric_calls``   an ``AssignmentCaller`` on ``plain.xml`` / ``rubric.xml``
``up``                        the assignment's resumable-upload caller (``tests/assignment/test_resumable.py``)
``quiz_caller``               ``quiz_caller(xml, student_id)`` → a ``QuizCaller`` (``tests/quiz``)
``reading``                   a ``ResourcesCaller`` on ``reading_list.xml`` (``tests/resources``)
``tracker``                   a ``Caller`` on the JP tracker ``tracker.xml`` (``tests/competency``)
``world``                     every block after a learner used it, each as a ``ReplyCaller`` (``tests/security``)
``stored``                    what a test stored through the handlers, for the pages that show it
``learner``                   a Django user, a learner (``tests/competency``)
``officer``                   the staff user as student_1's HR officer (``tests/competency``)
``work_units``                organisation units (``WorkUnit`` rows), never course units
``course``                    a course key with a JP value (``tests/competency``)
``published``                 the events blocks publish (grades, completion), captured
``probe_block_type``          the probe block's temporary OLX tag
``english``                   messages in English for the module (the demo's default is Indonesian)
``demo_server``, ``server``   a live demo server process (browser tests)
``page``, ``phone``           a Chromium page, desktop or phone-sized (browser tests)
``wheel``                     the wheel ``pip`` would build from this checkout
============================  ==========================================================================
"""
