"""Page weight per block (issue 9): the JavaScript, CSS and images each block's learner view adds to a
page, gzip-compressed as the web server sends them, against the 60 KB budget. Bytes, not time: the
figure is the same on every machine. ``.venv/bin/python -m benchmarks bench_page_weight``.
"""

from tests.support.page_weight import BUDGET, measure

BLOCKS = (
    ("kemenag_moderation_quiz", '<kemenag_moderation_quiz display_name="Tes"/>'),
    ("kemenag_assignment", '<kemenag_assignment display_name="Tugas"/>'),
    ("kemenag_competency", '<kemenag_competency display_name="JP" jp="20"/>'),
    (
        "kemenag_resources",
        '<kemenag_resources display_name="Ruang Baca"><item kind="link" url="https://online.flipbuilder.com/klaoh/euoy">'
        "<title>Moderasi Beragama</title></item></kemenag_resources>",
    ),
)


def run(stack, floor=None):
    def get(url):
        response = stack.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return b"".join(response.streaming_content) if response.streaming else response.content

    print(f"page weight per block, gzip level 6 (budget {BUDGET // 1024} KB = {BUDGET:,} B each):", flush=True)
    weights = [measure(tag, stack.block(xml).student_view({}), get) for tag, xml in BLOCKS]
    for weight in weights:
        verdict = "ok" if weight.compressed <= BUDGET and not weight.external else "OVER BUDGET OR EXTERNAL"
        print(f"  {weight.line()}  {verdict}", flush=True)
        if weight.external:
            print(f"    other hosts: {weight.external}", flush=True)
    return weights
