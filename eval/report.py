"""Write an `EvalRun` as report.json, report.md (tables for the README) and report.html (self-contained).

The HTML has no scripts and loads nothing: one inline SVG bar chart per metric (bars per question type plus
the overall value, with the gate's bar drawn as a line) and a table of failures.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from eval.runner import METRICS, EvalRun, QuestionResult

# metrics shown in the by-type table and charted (ratios on a 0..1 scale)
TABLE_METRICS = ("answer_correct", "citation_hit", "numeric_grounding", "abstention_accuracy", "false_refusal_rate",
                 "cite_mrr", "search_hit@5", "latency_p50_ms")
CHART_METRICS = ("answer_correct", "citation_hit", "citation_precision", "citation_recall", "cite_hit@1", "cite_mrr",
                 "search_hit@1", "search_hit@5", "search_mrr", "numeric_grounding", "abstention_accuracy",
                 "false_refusal_rate", "latency_p50_ms", "latency_p95_ms", "answer_chars_mean")
SHORT = {"answer_correct": "correct", "citation_hit": "cite@gold", "numeric_grounding": "grounded",
         "abstention_accuracy": "abstain", "false_refusal_rate": "false refusal", "cite_mrr": "cite MRR",
         "search_hit@5": "search@5", "latency_p50_ms": "p50 ms"}


def fmt(value: Any, metric: str = "") -> str:
    """A metric value for tables: ratios with 3 decimals, milliseconds and lengths as integers, None as '—'."""
    if value is None:
        return "—"
    if metric.endswith("_ms"):
        return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"
    if metric.endswith("_mean") or metric == "n" or metric.startswith("n_"):
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _gate_by_metric(run: EvalRun) -> dict[str, dict[str, Any]]:
    """The gate's checks keyed by metric name."""
    return {c["metric"]: c for c in run.gate.get("checks", [])}


def to_markdown(run: EvalRun) -> str:
    """The summary for humans and the README: overall metrics with their bars, then one row per type."""
    gate = _gate_by_metric(run)
    o = run.overall
    status = "not checked" if not run.gate else ("PASSED" if run.gate.get("passed") else "FAILED")
    lines = [
        f"## Evaluation: {Path(run.dataset).name} ({o['n']} questions, mode `{run.mode}`, {run.started})",
        "",
        f"Gate: **{status}**. Answer modes: "
        + (", ".join(f"{m} × {n}" for m, n in run.answer_modes().items()) or "—") + ".",
        "",
        "| metric | value | bar | ok |",
        "| --- | ---: | ---: | :---: |",
    ]
    for metric in METRICS:
        if o.get(metric) is None and metric not in gate:
            continue
        c = gate.get(metric)
        bar = "—" if c is None else ("≤ " if c["key"].endswith("_max") else "≥ ") + fmt(c["bar"], metric)
        ok = "" if c is None else ("✅" if c["ok"] else "❌")
        lines.append(f"| {metric} | {fmt(o.get(metric), metric)} | {bar} | {ok} |")
    lines += ["", "| type | n | " + " | ".join(SHORT.get(m, m) for m in TABLE_METRICS) + " |",
              "| --- | ---: | " + " | ".join("---:" for _ in TABLE_METRICS) + " |"]
    for typ, s in [*run.by_type.items(), ("**all**", o)]:
        lines.append(f"| {typ} | {s['n']} | " + " | ".join(fmt(s.get(m), m) for m in TABLE_METRICS) + " |")
    if run.by_phrasing:
        lines += ["", "| phrasing | n | " + " | ".join(SHORT.get(m, m) for m in TABLE_METRICS) + " |",
                  "| --- | ---: | " + " | ".join("---:" for _ in TABLE_METRICS) + " |"]
        for name, s in run.by_phrasing.items():
            lines.append(f"| {name} | {s['n']} | " + " | ".join(fmt(s.get(m), m) for m in TABLE_METRICS) + " |")
    if getattr(run, "by_style", None):
        lines += ["", "| style | n | " + " | ".join(SHORT.get(m, m) for m in TABLE_METRICS) + " |",
                  "| --- | ---: | " + " | ".join("---:" for _ in TABLE_METRICS) + " |"]
        for name, s in run.by_style.items():
            lines.append(f"| {name} | {s['n']} | " + " | ".join(fmt(s.get(m), m) for m in TABLE_METRICS) + " |")
    fails = run.failures()
    lines += ["", f"Failures: {len(fails)} (see report.html / report.json)."]
    for r in fails[:50]:
        lines.append(f"- `{r.id}` {_md(r.question)} — {_md('; '.join(problems(r)))}; cited: {_cites_text(r)}")
    return "\n".join(lines) + "\n"


def problems(r: QuestionResult) -> list[str]:
    """Why a question is listed as a failure, in short phrases."""
    out = []
    if r.error:
        out.append("error: " + r.error)
    if r.missing:
        out.append("missing: " + ", ".join(r.missing))
    if r.ungrounded:
        out.append("ungrounded: " + ", ".join(r.ungrounded))
    if r.direction == "reversed":
        out.append("direction reversed: the answer states the opposite change to the gold")
    if r.answerable and r.cite_rank is None:
        out.append("no citation at a gold line")
    return out


def _md(text: str) -> str:
    """Text safe inside a Markdown line: no raw HTML, no table pipes, no line breaks."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def _cites_text(r: QuestionResult) -> str:
    """Citations as `file:start-end`, or '—'."""
    if not r.citations:
        return "—"
    return ", ".join(f"{c['doc']}:{c['line_start']}" + (f"-{c['line_end']}" if c["line_end"] != c["line_start"] else "")
                     for c in r.citations)


def svg_bars(title: str, rows: list[tuple[str, float | None]], *, scale_max: float | None = None,
             bar: float | None = None, bar_is_max: bool = False) -> str:
    """One horizontal bar chart as inline SVG; `bar` draws the gate threshold as a dashed line."""
    label_w, plot_w, row_h, top = 150, 320, 22, 26
    values = [v for _, v in rows if v is not None]
    vmax = scale_max if scale_max is not None else max([*values, bar or 0.0, 1e-9])
    height = top + row_h * len(rows) + 8
    width = label_w + plot_w + 70
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
           f'aria-label="{html.escape(title)}">',
           f'<text x="0" y="16" font-size="13" font-weight="bold">{html.escape(title)}</text>']
    for i, (label, v) in enumerate(rows):
        y = top + i * row_h
        out.append(f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">{html.escape(label)}</text>')
        if v is None:
            out.append(f'<text x="{label_w + 4}" y="{y + 15}" font-size="12" fill="#888">n/a</text>')
            continue
        w = max(0.0, min(1.0, v / vmax)) * plot_w if vmax else 0.0
        fail = bar is not None and (v > bar if bar_is_max else v < bar)
        color = "#c0392b" if fail else ("#34495e" if label == "all" else "#2e86c1")
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{color}"/>')
        out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{html.escape(fmt(v, title))}</text>')
    if bar is not None and vmax:
        x = label_w + min(1.0, bar / vmax) * plot_w
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 4}" stroke="#000" '
                   f'stroke-dasharray="4 3"><title>gate {"≤" if bar_is_max else "≥"} {bar}</title></line>')
    out.append("</svg>")
    return "".join(out)


def to_html(run: EvalRun) -> str:
    """A self-contained HTML page: summary, one SVG chart per metric by type, and the failures table."""
    gate = _gate_by_metric(run)
    esc = html.escape
    status = "not checked" if not run.gate else ("PASSED" if run.gate.get("passed") else "FAILED")
    charts = []
    for metric in CHART_METRICS:
        rows: list[tuple[str, float | None]] = [(t, s.get(metric)) for t, s in run.by_type.items()]
        rows.append(("all", run.overall.get(metric)))
        if all(v is None for _, v in rows):
            continue
        ratio = not (metric.endswith("_ms") or metric.endswith("_mean"))
        c = gate.get(metric)
        charts.append(svg_bars(metric, rows, scale_max=1.0 if ratio else None,
                               bar=c["bar"] if c else None, bar_is_max=bool(c and c["key"].endswith("_max"))))
    fail_rows = []
    for r in run.failures():
        cites = "<br>".join(
            f"[{c['n']}] {esc(c['doc'])}:{c['line_start']}-{c['line_end']} <q>{esc(c['quote'][:200])}</q>"
            for c in r.citations) or "—"
        gold = ", ".join(f"{esc(str(d))}:{ln}" for d, ln in r.gold) or "—"
        fail_rows.append(
            f"<tr><td>{esc(r.id)}</td><td>{esc(r.type)}</td><td>{esc(r.question)}</td><td>{esc(r.expected)}</td>"
            f"<td>{esc(r.got)}</td><td>{cites}</td><td>{gold}</td><td>{esc('; '.join(problems(r)))}</td></tr>")
    summary_md = to_markdown(run)
    css = ("body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse}"
           "td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;font-size:13px}"
           ".charts{display:flex;flex-wrap:wrap;gap:18px}.pass{color:#1e8449}.fail{color:#c0392b}")
    cls = "" if not run.gate else ("pass" if run.gate.get("passed") else "fail")
    overall_rows = "".join(
        f"<tr><td>{esc(m)}</td><td>{esc(fmt(run.overall.get(m), m))}</td>"
        f"<td>{esc(('≤ ' if gate[m]['key'].endswith('_max') else '≥ ') + fmt(gate[m]['bar'], m)) if m in gate else '—'}"
        f"</td><td>{esc(h)}</td></tr>"
        for m, (_, h) in METRICS.items() if run.overall.get(m) is not None or m in gate)
    return f"""<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>dcqa eval — {esc(Path(run.dataset).name)}</title>
<style>{css}</style></head><body>
<h1>Evaluation: {esc(Path(run.dataset).name)}</h1>
<p>{run.overall['n']} questions, mode <code>{esc(run.mode)}</code>, started {esc(run.started)},
{run.wall_s:.1f} s. Gate: <b class="{cls}">{status}</b></p>
<table><tr><th>metric</th><th>value</th><th>bar</th><th>meaning</th></tr>{overall_rows}</table>
<h2>By type</h2>
<div class="charts">{''.join(charts)}</div>
<h2>Failures ({len(fail_rows)})</h2>
<table><tr><th>id</th><th>type</th><th>question</th><th>expected</th><th>got</th><th>citations</th><th>gold lines</th>
<th>problems</th></tr>{''.join(fail_rows)}</table>
<details><summary>report.md</summary><pre>{esc(summary_md)}</pre></details>
</body></html>
"""


def write_reports(run: EvalRun, out_dir: Path | str) -> dict[str, Path]:
    """Write report.json, report.md and report.html into `out_dir` (created if needed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "report.json", "md": out / "report.md", "html": out / "report.html"}
    paths["json"].write_text(json.dumps(run.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    paths["md"].write_text(to_markdown(run), encoding="utf-8")
    paths["html"].write_text(to_html(run), encoding="utf-8")
    return paths
