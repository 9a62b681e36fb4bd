"""The demo's Django stack served over HTTP/1.1 (keep-alive, threaded: Django's runserver core) for
the weak-line benchmark, with one assignment block; prints its handler paths as JSON, then serves.

``python -m benchmarks.link_server HOST PORT MAX_MB`` (inside the server's namespace).
"""

import json
import logging
import sys


def main(host, port, max_mb):
    from benchmarks.harness import setup_django

    setup_django()
    logging.getLogger("django.server").setLevel(logging.ERROR)
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import WSGIServer, run

    from tests.support.workbench import Scenario

    block = Scenario(f'<kemenag_assignment max_file_mb="{max_mb}" max_files="20" allowed_types="pdf"/>').block(
        "link_learner"
    )
    handlers = ("upload", "upload_start", "upload_status", "upload_chunk", "upload_finish", "upload_cancel")
    print(json.dumps({name: block.runtime.handler_url(block, name) for name in handlers}), flush=True)
    WSGIServer.request_queue_size = 16
    run(host, int(port), WSGIHandler(), threading=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
