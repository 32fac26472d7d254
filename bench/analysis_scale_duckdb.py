#!/usr/bin/env python3
"""DuckDB side of bench/analysis_scale.rs: the sector analysis's aggregates in SQL.

Loads the wide CSV the benchmark writes (wave, institution, respondent,
i0..iN: reverse-coded item values, empty = n.v.t. or no answer) into an
in-memory DuckDB table, then computes, per wave, the same figures as
`report::sector` and `report::institution`:

* per institution x domain and per domain (sector): n, mean and SD of the
  domain score (mean of the answered items rescaled to 0-100 per item
  scale, only when at least min_answered_share of the domain's items are
  answered; rounded to f32 like `scoring::Response::scores`);
* Cronbach's alpha per institution x domain and per domain over the
  complete cases of the domain's items;
* the partition suppression of institutions in the sector report
  (`disclosure::partition`: primary below min_group, then the smallest
  shown institutions until the hidden ones are at least two groups and
  min_group respondents), on the respondent counts and per domain on the
  scored counts, and the spread (quartiles) of the shown institution means.

Prints one JSON object on stdout: load and analysis times (seconds, each
analysis run), DuckDB's version and threads, peak RSS, and every figure, which
the Rust program compares with its own. Usage:

    python3 bench/analysis_scale_duckdb.py DATA.csv META.json [--runs N] [--threads N]
"""

import argparse
import json
import resource
import sys
import time

import duckdb


def load_sql(path, meta):
    cols = {"wave": "VARCHAR", "institution": "VARCHAR", "respondent": "INTEGER"}
    cols.update({it["column"]: "TINYINT" for it in meta["items"]})
    spec = ", ".join(f"'{k}': '{v}'" for k, v in cols.items())
    path = path.replace("'", "''")
    return (
        "CREATE TABLE responses AS SELECT * FROM read_csv("
        f"'{path}', header = true, columns = {{{spec}}})"
    )


def scored_sql(meta):
    """One row per response: per domain its score s{d} and, for complete
    cases only, the total t{d} of its items (NULL when any is missing),
    with the item columns."""
    share = float(meta["min_answered_share"])
    items = meta["items"]
    item_cols = ", ".join(it["column"] for it in items)
    inner, outer = [], []
    for d, dom in enumerate(meta["domains"]):
        k = len(dom["items"])
        cols = [items[j]["column"] for j in dom["items"]]
        answered = " + ".join(f"({c} IS NOT NULL)::INTEGER" for c in cols)
        # The same operations in the same order as scoring::score_coded, so
        # the f64 sum is identical before the score is rounded to f32.
        total = " + ".join(
            "coalesce(({c} - {mn})::DOUBLE / {span}::DOUBLE * 100::DOUBLE, 0::DOUBLE)".format(
                c=items[j]["column"],
                mn=items[j]["min"],
                span=items[j]["max"] - items[j]["min"],
            )
            for j in dom["items"]
        )
        inner.append(f"{answered} AS a{d}, {total} AS sum{d}")
        outer.append(
            f"CASE WHEN a{d} > 0 AND a{d}::DOUBLE / {k}::DOUBLE >= {share!r}::DOUBLE "
            f"THEN (sum{d} / a{d}::DOUBLE)::FLOAT::DOUBLE END AS s{d}"
        )
        outer.append(" + ".join(f"{c}::INTEGER" for c in cols) + f" AS t{d}")
    return (
        f"SELECT wave, institution, {item_cols}, {', '.join(outer)} "
        f"FROM (SELECT wave, institution, {item_cols}, {', '.join(inner)} FROM responses)"
    )


def analysis_sql(meta):
    """The statements of one analysis run, in order."""
    m = int(meta["min_group"])
    scored = scored_sql(meta)
    aggs = ["count(*) AS n"]
    for d, dom in enumerate(meta["domains"]):
        aggs += [
            f"count(s{d}) AS n{d}",
            f"avg(s{d}) AS mean{d}",
            f"stddev_samp(s{d}) AS sd{d}",
            f"count(t{d}) AS an{d}",
            f"var_samp(t{d}) AS vt{d}",
            # Item variances over the complete cases (var_samp skips NULL;
            # CASE measured faster than FILTER here).
            "("
            + " + ".join(
                f"var_samp(CASE WHEN t{d} IS NOT NULL THEN {meta['items'][j]['column']} END)"
                for j in dom["items"]
            )
            + f") AS vi{d}",
        ]
    agg = (
        "CREATE OR REPLACE TEMP TABLE agg AS SELECT wave, institution, "
        + ", ".join(aggs)
        + f" FROM ({scored}) GROUP BY GROUPING SETS ((wave, institution), (wave))"
    )
    # Long form: domain -1 is the respondent count of the group.
    parts = [
        "SELECT wave, institution, -1 AS domain, n, NULL::DOUBLE AS mean, "
        "NULL::DOUBLE AS sd, NULL::BIGINT AS alpha_n, NULL::DOUBLE AS alpha FROM agg"
    ]
    for d, dom in enumerate(meta["domains"]):
        k = len(dom["items"])
        parts.append(
            f"SELECT wave, institution, {d}, n{d}, mean{d}, sd{d}, an{d}, "
            f"CASE WHEN an{d} >= 3 AND vt{d} > 0 THEN "
            f"{k}::DOUBLE / ({k}::DOUBLE - 1) * (1 - vi{d} / vt{d}) END FROM agg"
        )
    cells = "CREATE OR REPLACE TEMP TABLE cells AS " + " UNION ALL ".join(parts)
    # disclosure::partition over the institutions of a wave (the sector has
    # no respondents outside an institution, so no remainder group), per
    # count (domain -1) and per domain's scored counts.
    shown = f"""
CREATE OR REPLACE TEMP TABLE shown AS
WITH p AS (
  SELECT wave, domain, institution, n, n >= {m} AS prim
  FROM cells WHERE institution IS NOT NULL
), h AS (
  SELECT wave, domain, sum(n) AS total,
         count(*) FILTER (WHERE NOT prim) AS hc,
         coalesce(sum(n) FILTER (WHERE NOT prim), 0) AS hs
  FROM p GROUP BY wave, domain
), v AS (
  SELECT wave, domain, institution,
         row_number() OVER w AS r, sum(n) OVER w AS c
  FROM p WHERE prim
  WINDOW w AS (PARTITION BY wave, domain ORDER BY n, institution
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), fix AS (
  -- j: how many of the smallest shown institutions must be hidden too
  -- (NULL: hiding all of them is not enough, the total is hidden).
  SELECT h.wave, h.domain, h.total >= {m} AS total_ok,
         CASE WHEN h.hc = 0 OR (h.hc >= 2 AND h.hs >= {m}) THEN 0
              ELSE min(v.r) END AS j
  FROM h LEFT JOIN v ON v.wave = h.wave AND v.domain = h.domain
                    AND h.hc + v.r >= 2 AND h.hs + v.c >= {m}
  GROUP BY h.wave, h.domain, h.total, h.hc, h.hs
)
SELECT p.wave, p.domain, p.institution,
       fix.total_ok AND fix.j IS NOT NULL AS total_shown,
       CASE WHEN NOT fix.total_ok THEN false
            WHEN fix.j IS NULL THEN p.prim
            ELSE p.prim AND v.r > fix.j END AS shown
FROM p JOIN fix USING (wave, domain) LEFT JOIN v USING (wave, domain, institution)
"""
    institution_domain = """
SELECT wave, institution, domain, n, mean, sd, coalesce(alpha_n, 0), alpha
FROM cells WHERE institution IS NOT NULL AND domain >= 0
ORDER BY wave, institution, domain
"""
    # A mean is shown in the sector report when its domain partition shows
    # it and the institution's count is shown.
    institutions = """
SELECT s.wave, s.institution, c.n, s.shown,
       list(sd.total_shown AND sd.shown AND s.shown ORDER BY sd.domain)
FROM shown s
JOIN cells c ON c.wave = s.wave AND c.institution = s.institution AND c.domain = -1
JOIN shown sd ON sd.wave = s.wave AND sd.institution = s.institution AND sd.domain >= 0
WHERE s.domain = -1
GROUP BY s.wave, s.institution, c.n, s.shown
ORDER BY s.wave, s.institution
"""
    sector = """
WITH means AS (
  SELECT c.wave, c.domain, c.mean
  FROM cells c
  JOIN shown sd USING (wave, domain, institution)
  JOIN shown s ON s.wave = c.wave AND s.institution = c.institution AND s.domain = -1
  WHERE c.domain >= 0 AND sd.total_shown AND sd.shown AND s.shown
), spread AS (
  SELECT wave, domain, quantile_cont(mean, [0, 0.25, 0.5, 0.75, 1]) AS q
  FROM means GROUP BY wave, domain
)
SELECT c.wave, c.domain, c.n, c.mean, c.sd, coalesce(c.alpha_n, 0), c.alpha, spread.q
FROM cells c LEFT JOIN spread USING (wave, domain)
WHERE c.institution IS NULL AND c.domain >= 0
ORDER BY c.wave, c.domain
"""
    return [agg, cells, shown], institution_domain, institutions, sector


def analyse(con, statements):
    setup, institution_domain, institutions, sector = statements
    for s in setup:
        con.execute(s)
    return {
        "institution_domain": con.execute(institution_domain).fetchall(),
        "institutions": con.execute(institutions).fetchall(),
        "sector_domain": con.execute(sector).fetchall(),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", help="the CSV written by analysis_scale.rs")
    ap.add_argument("meta", help="the JSON describing its items and domains")
    ap.add_argument("--runs", type=int, default=3, help="timed analysis runs (default 3)")
    ap.add_argument("--threads", type=int, help="DuckDB threads (default: DuckDB's choice)")
    a = ap.parse_args()
    with open(a.meta, encoding="utf-8") as f:
        meta = json.load(f)

    con = duckdb.connect()
    if a.threads:
        con.execute(f"SET threads = {int(a.threads)}")
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]

    t = time.perf_counter()
    con.execute(load_sql(a.data, meta))
    load_s = time.perf_counter() - t
    rows = con.execute("SELECT count(*) FROM responses").fetchone()[0]

    statements = analysis_sql(meta)
    runs = []
    result = None
    for _ in range(max(1, a.runs)):
        t = time.perf_counter()
        result = analyse(con, statements)
        runs.append(time.perf_counter() - t)

    out = {
        "duckdb": duckdb.__version__,
        "threads": str(threads),
        "rows": rows,
        "load_s": load_s,
        "analysis_s": runs,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        **{k: [list(r) for r in v] for k, v in result.items()},
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
