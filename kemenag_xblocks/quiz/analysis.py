"""The staff report: SQL aggregates over the stored scores, then arithmetic over a few rows.

Only learners' latest submitted attempts count. Nothing here loops over learners in Python:
each figure is a grouped aggregate (a handful of queries whatever the number of attempts).
"""

import math

import nh3
from django.db.models import Avg, Count, F, Sum

from kemenag_xblocks.quiz.models import QuizAttempt, QuizBandCount, QuizCounter, QuizDimensionScore, QuizItemScore
from kemenag_xblocks.quiz.scoring import round2

# Below this many learners Cronbach's alpha and item-rest correlations swing wildly (two learners
# give ±1): the report still shows them, marked, with a warning (docs/quiz.md, "Staff report").
MIN_RELIABILITY_N = 30


def _variance(n, total, squares):
    """Population variance from n, Σx, Σx² (what one SQL row gives)."""
    if not n:
        return 0.0
    mean = total / n
    return max(squares / n - mean * mean, 0.0)


def correlation(n, sx, sy, sxx, syy, sxy):
    """Pearson's r from sums; None when either variable does not vary."""
    if n < 2:
        return None
    cov = sxy / n - (sx / n) * (sy / n)
    vx, vy = _variance(n, sx, sxx), _variance(n, sy, syy)
    if vx <= 1e-12 or vy <= 1e-12:
        return None
    return cov / math.sqrt(vx * vy)


def cronbach_alpha(k, item_variances, total_variance):
    """alpha = k/(k-1) * (1 - sum of item variances / variance of the total); None when undefined."""
    if k < 2 or total_variance <= 1e-12:
        return None
    return k / (k - 1) * (1 - sum(item_variances) / total_variance)


def _maybe(value):
    return None if value is None else round(value, 3)


def item_analysis(usage_key):
    """``{item_id: {dimension, n, mean, item_rest}}`` plus each item's variance, from one query."""
    rows = (
        QuizItemScore.objects.filter(attempt__usage_key=usage_key, attempt__is_latest=True)
        .values("item_id", "dimension")
        .annotate(
            n=Count("id"),
            sx=Sum("score"),
            sy=Sum("rest"),
            sxx=Sum(F("score") * F("score")),
            syy=Sum(F("rest") * F("rest")),
            sxy=Sum(F("score") * F("rest")),
        )
        .order_by("dimension", "item_id")
    )
    items = {}
    for row in rows:
        n = row["n"]
        items[row["item_id"]] = {
            "dimension": row["dimension"],
            "n": n,
            "mean": round2(row["sx"] / n),
            "item_rest": _maybe(correlation(n, row["sx"], row["sy"], row["sxx"], row["syy"], row["sxy"])),
            "variance": _variance(n, row["sx"], row["sxx"]),
        }
    return items


def dimension_summary(usage_key):
    """``{dimension: {n, mean, total_variance, mean_items}}`` from one grouped query."""
    rows = (
        QuizDimensionScore.objects.filter(attempt__usage_key=usage_key, attempt__is_latest=True)
        .values("dimension")
        .annotate(
            n=Count("id"),
            mean=Avg("index"),
            st=Sum("item_sum"),
            stt=Sum(F("item_sum") * F("item_sum")),
            items=Avg("item_count"),
        )
    )
    return {
        row["dimension"]: {
            "n": row["n"],
            "mean": round2(row["mean"]),
            "total_variance": _variance(row["n"], row["st"], row["stt"]),
            "mean_items": row["items"],
        }
        for row in rows
    }


def band_distribution(usage_key, bands):
    """``{dimension or "": [{band, min, count}]}`` from the atomically kept counters."""
    counts = {}
    for row in QuizBandCount.objects.filter(usage_key=usage_key).values("dimension", "band_min", "count"):
        counts[(row["dimension"], row["band_min"])] = row["count"]
    dimensions = {dimension for dimension, _ in counts} | {""}
    return {
        dimension: [{"band": b["name"], "min": b["min"], "count": counts.get((dimension, b["min"]), 0)} for b in bands]
        for dimension in sorted(dimensions)
    }


def cohort_gain(course_key, usage_key, pretest_url_name):
    """Mean post-test minus mean pre-test index per dimension, over learners who took both."""
    if not pretest_url_name:
        return {}
    post_learners = QuizAttempt.objects.filter(usage_key=usage_key, is_latest=True).values("anonymous_id")
    pre = QuizDimensionScore.objects.filter(
        attempt__course_key=course_key,
        attempt__url_name=pretest_url_name,
        attempt__is_latest=True,
        attempt__anonymous_id__in=post_learners,
    )
    pre_learners = pre.values("attempt__anonymous_id")
    post = QuizDimensionScore.objects.filter(
        attempt__usage_key=usage_key, attempt__is_latest=True, attempt__anonymous_id__in=pre_learners
    )
    pre_means = {
        r["dimension"]: (r["mean"], r["n"]) for r in pre.values("dimension").annotate(mean=Avg("index"), n=Count("id"))
    }
    post_means = {r["dimension"]: r["mean"] for r in post.values("dimension").annotate(mean=Avg("index"))}
    return {
        dimension: {
            "pre": round2(pre_mean),
            "post": round2(post_means[dimension]),
            "gain": round2(post_means[dimension] - pre_mean),
            "n": n,
        }
        for dimension, (pre_mean, n) in pre_means.items()
        if dimension in post_means
    }


def _aggregates(usage_key):
    """The item, dimension and overall aggregates of the latest attempts in ONE statement (a UNION
    ALL of three grouped scans, each grouped by one column): what ``item_analysis``,
    ``dimension_summary`` and the learners' aggregate compute in three, for a third of the round
    trips and query building. Returns ``(learners, items, summary)`` shaped as those."""
    from django.db import connection

    q = connection.ops.quote_name
    attempts, item_scores, dimension_scores = (
        q(model._meta.db_table) for model in (QuizAttempt, QuizItemScore, QuizDimensionScore)
    )
    latest = f"a.{q('usage_key')} = %s AND a.{q('is_latest')} = %s"
    sql = (
        f"SELECT 0, s.{q('item_id')}, MAX(s.{q('dimension')}), COUNT(*), SUM(s.{q('score')}), "  # noqa: S608
        f"SUM(s.{q('rest')}), SUM(s.{q('score')} * s.{q('score')}), SUM(s.{q('rest')} * s.{q('rest')}), "
        f"SUM(s.{q('score')} * s.{q('rest')}) "
        f"FROM {item_scores} s JOIN {attempts} a ON a.{q('id')} = s.{q('attempt_id')} WHERE {latest} "
        f"GROUP BY s.{q('item_id')} "
        f"UNION ALL SELECT 1, d.{q('dimension')}, '', COUNT(*), AVG(d.{q('index')}), SUM(d.{q('item_sum')}), "
        f"SUM(d.{q('item_sum')} * d.{q('item_sum')}), AVG(d.{q('item_count')}), 0 "
        f"FROM {dimension_scores} d JOIN {attempts} a ON a.{q('id')} = d.{q('attempt_id')} WHERE {latest} "
        f"GROUP BY d.{q('dimension')} "
        f"UNION ALL SELECT 2, '', '', COUNT(*), AVG(a.{q('overall')}), 0, 0, 0, 0 FROM {attempts} a WHERE {latest}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [usage_key, True] * 3)
        rows = cursor.fetchall()
    items, summary, learners = {}, {}, {"n": 0, "mean": None}
    for kind, key, dimension, n, a, b, c, d, e in sorted(rows, key=lambda row: (row[0], row[2], row[1])):
        if kind == 0:
            items[key] = {
                "dimension": dimension,
                "n": n,
                "mean": round2(a / n),
                "item_rest": _maybe(correlation(n, a, b, c, d, e)),
                "variance": _variance(n, a, c),
            }
        elif kind == 1:
            summary[key] = {"n": n, "mean": round2(a), "total_variance": _variance(n, b, c), "mean_items": d}
        else:
            learners = {"n": n, "mean": a}
    return learners, items, summary


def staff_report(course_key, usage_key, spec, pretest_url_name=""):
    """Everything the staff view shows, as plain data (also the ``staff_report`` handler's answer)."""
    counter = QuizCounter.objects.filter(usage_key=usage_key).values("started", "submitted").first() or {}
    learners, items, summary = _aggregates(usage_key)
    dimensions = []
    for dimension in spec["dimensions"]:
        stats = summary.get(dimension["id"])
        own_items = [item for item in items.values() if item["dimension"] == dimension["id"]]
        alpha = None
        if stats:
            alpha = cronbach_alpha(
                round(stats["mean_items"]), [i["variance"] for i in own_items], stats["total_variance"]
            )
        dimensions.append(
            {
                "id": dimension["id"],
                "name": dimension["name"],
                "n": stats["n"] if stats else 0,
                "mean": stats["mean"] if stats else None,
                "alpha": _maybe(alpha),
                "small_sample": bool(stats) and stats["n"] < MIN_RELIABILITY_N,
            }
        )
    names = {d["id"]: d["name"] for d in spec["dimensions"]}
    # The question as authored, as plain text (staff read which question, not only its id).
    prompts = {item["id"]: nh3.clean(item["prompt"], tags=set()).strip() for item in spec["items"]}
    for item_id, item in items.items():
        item.pop("variance")
        item["dimension_name"] = names.get(item["dimension"], item["dimension"])
        item["prompt"] = prompts.get(item_id, "")
        item["small_sample"] = item["n"] < MIN_RELIABILITY_N
    bands = band_distribution(usage_key, spec["bands"])
    gain = cohort_gain(course_key, usage_key, pretest_url_name)
    return {
        "attempts_started": counter.get("started", 0),
        "attempts_submitted": counter.get("submitted", 0),
        "learners": learners["n"],
        "overall_mean": round2(learners["mean"]) if learners["mean"] is not None else None,
        "dimensions": dimensions,
        "bands": bands,
        # The same counts as rows of a table: one per band, overall then each dimension.
        "band_table": [
            {
                "band": band["name"],
                "min": band["min"],
                "counts": [_count(bands, dimension, band["min"]) for dimension in ["", *names]],
            }
            for band in spec["bands"]
        ],
        "items": items,
        "min_reliability_n": MIN_RELIABILITY_N,
        "small_sample": any(d["small_sample"] for d in dimensions) or any(i["small_sample"] for i in items.values()),
        "gain": [{"id": d, "name": names[d], **gain[d]} for d in names if d in gain],
    }


def _count(bands, dimension, band_min):
    return next((c["count"] for c in bands.get(dimension, []) if c["min"] == band_min), 0)
