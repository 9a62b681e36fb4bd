"""The defaults an author gets by leaving things out: Kemenag's four moderation indicators
(Moderasi Beragama, 2019) with equal weights, and the five IP ASN bands (Peraturan BKN 8/2019).

Names stay in Indonesian: they are the ministry's own terms, shown as authored.
"""

DEFAULT_DIMENSIONS = (
    {"id": "komitmen_kebangsaan", "weight": 1.0, "name": "Komitmen Kebangsaan"},
    {"id": "toleransi", "weight": 1.0, "name": "Toleransi"},
    {"id": "anti_kekerasan", "weight": 1.0, "name": "Anti-kekerasan"},
    {"id": "akomodatif_budaya_lokal", "weight": 1.0, "name": "Akomodatif terhadap Budaya Lokal"},
)

DEFAULT_BANDS = (
    {"min": 0.0, "name": "Sangat Rendah"},
    {"min": 61.0, "name": "Rendah"},
    {"min": 71.0, "name": "Sedang"},
    {"min": 81.0, "name": "Tinggi"},
    {"min": 91.0, "name": "Sangat Tinggi"},
)

DEFAULT_LIKERT_SCALE = 5
# Recommendations are shown for a dimension whose index is below this, unless the author says otherwise.
DEFAULT_RECOMMEND_BELOW = 71.0

GRADE_MODES = ("index", "completion")
# Which of a learner's attempts is the grade (docs/quiz.md, "Retakes"). Highest by default: CAT
# practice lets a participant practise, and a practice must never lower what was achieved.
COUNTED_ATTEMPTS = ("highest", "latest", "first")
DEFAULT_COUNTED_ATTEMPT = "highest"
# The settings' lower bounds, and the widest Likert scale a paper can show: one rule for OLX
# import and Studio's settings editor alike.
SETTING_MINIMUMS = {
    "weight": 0,
    "items_per_dimension": 0,
    "attempts_allowed": 0,
    "time_limit_minutes": 0,
    "likert_scale": 2,
}
LIKERT_SCALE_MAX = 10
ITEM_TYPES = ("likert", "choice")


def default_dimensions():
    return [dict(d) for d in DEFAULT_DIMENSIONS]


def default_bands():
    return [dict(b) for b in DEFAULT_BANDS]
