"""The briefing as Markdown, for e-mail and wikis: the same sections, tables instead of charts.

User text is escaped twice over: ``<`` (and an ``&`` that would start an
entity) become HTML entities, so a wiki that passes raw HTML through never
runs a ``<script>`` from a work's name, and Markdown's own punctuation gets a
backslash, so a name never turns into a link, emphasis or a broken table.
Everything else stays as typed, so the text also reads well as plain e-mail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scheduler.report import numbers
from scheduler.report.briefing import Briefing
from scheduler.text.risk import risk_words

# Rows of long tables written in full; the rest are counted (the Excel holds them all).
TABLE_LIMIT = 400

_MARKDOWN_PUNCTUATION = "\\`*_[]|~"
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def escape(text: object) -> str:
    """Plain text that renders as itself in CommonMark/GFM, on one line."""
    value = " ".join(str(text).split())
    value = _ENTITY.sub("&amp;", value).replace("<", "&lt;")
    return "".join("\\" + c if c in _MARKDOWN_PUNCTUATION else c for c in value)


def _table(headings: Sequence[str], rows: Sequence[Sequence[object]],
           right: Sequence[int] = ()) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in headings) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(headings))) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(escape(cell) for cell in row) + " |")
    return [*lines, ""]


def _more(b: Briefing, total: int) -> list[str]:
    if total <= TABLE_LIMIT:
        return []
    return [f"_{escape(b.labels['more'].format(n=total - TABLE_LIMIT))}_", ""]


def render_markdown(b: Briefing) -> str:
    """The whole briefing as Markdown text."""
    out = _head(b) + _key_message(b) + _conflict(b) + _requests(b) + _displacements(b)
    out += _gantt(b) + _budgets(b) + _load(b) + _risks(b) + _uncertainty(b)
    out += _comparison(b) + _method(b)
    return "\n".join(out).rstrip("\n") + "\n"


def _head(b: Briefing) -> list[str]:
    t = b.labels
    out = [f"# {escape(t['doc_title'])}: {escape(b.scenario)}", ""]
    if b.description:
        out += [escape(b.description), ""]
    out += [f"{escape(t['made_on'])} {escape(b.made_on)} · {escape(t['status'])}: "
            f"**{escape(b.method.status_text)}**", ""]
    return out


def _key_message(b: Briefing) -> list[str]:
    """The key message and, with a plan, its key figures as a one-row table."""
    t = b.labels
    out = [f"## {escape(t['key_message'])}", ""]
    out += [escape(sentence) for sentence in b.key_message]
    out += [""]
    k = b.kpis
    if b.has_plan:
        out += _table([t["requests"], t["displacements"], t["weeks"], t["weighted_cost"],
                       t["cost"]],
                      [[f"{(k.placed or 0) + (k.accepted or 0)} / {k.requests}", k.moved,
                        b.number(k.shift_weeks or 0), b.number(k.displacement_cost or 0),
                        b.money(k.request_cost or 0)]], right=[1, 2, 3, 4])
    return out


def _conflict(b: Briefing) -> list[str]:
    t = b.labels
    if not b.conflict:
        return []
    out = [f"## {escape(t['conflict'])}", ""]
    return out + [f"- {escape(line)}" for line in b.conflict] + [""]


def _requests(b: Briefing) -> list[str]:
    t = b.labels
    out = [f"## {escape(t['requests'])}", ""]
    if not b.requests:
        return out + [escape(t["no_requests"]), ""]
    out += _table(
        [t["id"], t["name"], t["requested_by"], t["reason"], t["outcome"], t["weeks"],
         t["window"], t["cost"], t["displaces"]],
        [[r.id, r.name, r.requested_by, r.reason, r.outcome_text, r.weeks, r.window,
          b.money(r.cost), ", ".join(r.displaced) or "—"] for r in b.requests[:TABLE_LIMIT]],
        right=[7])
    return out + _more(b, len(b.requests))


def _displacements(b: Briefing) -> list[str]:
    t = b.labels
    out = [f"## {escape(t['displacements'])}", ""]
    if not b.displacements:
        return out + [escape(t["no_displacements"]), ""]
    out += _table(
        [t["id"], t["name"], t["from"], t["to"], t["shift"], t["cause"], t["chain"],
         t["points"]],
        [[d.id, d.name, d.planned, d.start, numbers.signed(d.shift), "; ".join(d.causes),
          "; ".join(d.chains) or "—", b.number(d.cost)] for d in b.displacements[:TABLE_LIMIT]],
        right=[4, 7])
    return out + _more(b, len(b.displacements))


def _gantt(b: Briefing) -> list[str]:
    """The charts are in HTML and PDF; here, per group, how many moved, asked, unchanged."""
    t = b.labels
    out = [f"## {escape(t['gantt'])}", "", f"_{escape(t['charts_elsewhere'])}_", ""]
    for group in b.gantt.groups:
        out.append(f"- **{escape(group.title)}**: {group.moved} {escape(t['moved_count'])}, "
                   f"{group.requests} {escape(t['requests_count'])}, {len(group.folded)} "
                   f"{escape(t['unchanged_count'])}")
    return [*out, ""]


def _budgets(b: Briefing) -> list[str]:
    t = b.labels
    money = b.money
    out = [f"## {escape(t['budgets'])}", ""]
    if not b.budgets:
        return out + [escape(t["no_budgets"]), ""]
    return out + _table(
        [t["line"], t["year"], t["limit"], t["before"], t["after"], t["change"],
         t["headroom"], t["use"], t["state"]],
        [[f"{row.line} ({row.name})", row.year, money(row.limit), money(row.before),
          money(row.after), money(row.change), money(row.headroom), b.percent(row.share),
          t["state_" + row.state]] for row in b.budgets[:TABLE_LIMIT]],
        right=[2, 3, 4, 5, 6, 7])


def _load(b: Briefing) -> list[str]:
    t = b.labels
    out = [f"## {escape(t['load'])}", ""]
    if not b.load:
        return out + [escape(t["no_crews"]), ""]
    before, after = t["before"], t["after"]
    return out + _table(
        [t["crew"], f"{t['peak']} ({before})", f"{t['peak']} ({after})",
         f"{t['full_weeks']} ({before})", f"{t['full_weeks']} ({after})",
         f"{t['mean_use']} ({before})", f"{t['mean_use']} ({after})"],
        [[f"{s.id} ({s.name})", s.peak("before"), s.peak("after"), s.full_weeks("before"),
          s.full_weeks("after"), b.percent(s.use("before")), b.percent(s.use("after"))]
         for s in b.load],
        right=[1, 2, 3, 4, 5, 6])


def _risks(b: Briefing) -> list[str]:
    t = b.labels
    out = [f"## {escape(t['risks'])}", ""]
    if not b.risk_groups:
        out += [escape(t["no_risks"]), ""]
    for risks in b.risk_groups:
        out += [f"### {escape(risks.title)}", ""]
        out += [f"- {escape(risk.text)}" for risk in risks.shown]
        if risks.more:
            out.append(f"- _{escape(t['more'].format(n=risks.more))}_")
        out.append("")
    return out


def _comparison(b: Briefing) -> list[str]:
    """With more scenarios: their key figures side by side and the items whose weeks differ."""
    t = b.labels
    c = b.comparison
    if c is None:
        return []
    out = [f"## {escape(t['comparison'])}", ""]
    out += _table([t["kpi"], *c.names, t["differs"]],
                  [[row.label, *row.values, t["yes"] if row.differs else ""]
                   for row in c.rows], right=list(range(1, len(c.names) + 1)))
    out += [f"### {escape(t['date_diffs'])} ({len(c.diffs)})", ""]
    if not c.diffs:
        return out + [escape(t["no_date_diffs"]), ""]
    out += _table([t["id"], t["name"], *c.names],
                  [[d.id, d.name, *d.cells] for d in c.diffs[:TABLE_LIMIT]])
    return out + _more(b, len(c.diffs))


def _method(b: Briefing) -> list[str]:
    t = b.labels
    out = [f"## {escape(t['method'])}", ""]
    for paragraph in b.method.paragraphs:
        out += [escape(paragraph), ""]
    if b.method.stages:
        out += _table([t["stage"], t["status"], t["objective"], t["bound"]],
                      [list(stage) for stage in b.method.stages], right=[2, 3])
    return out


def _uncertainty(b: Briefing) -> list[str]:
    """plooi brief --risk: the finish weeks as a table (the fan chart is in HTML)."""
    u = b.uncertainty
    if u is None:
        return []
    w = risk_words(b.lang)
    out = [f"## {escape(w['title'])}", "", escape(w["intro"].format(n=u.samples, seed=u.seed)), ""]
    out += _table(
        [w["id"], w["name"], w["planned"], "P50", "P80", "P95", w["on_time"]],
        [[r.id, r.name, r.week("planned"), r.week("p50"), r.week("p80"), r.week("p95"),
          "" if r.p_on_time is None else b.percent(r.p_on_time)] for r in u.rows],
        right=[6])
    if u.budgets:
        out += [f"### {escape(w['budgets'])}", ""]
        out += [f"- {escape(line)} {year}: {b.percent(p)}" for line, year, p in u.budgets] + [""]
    if u.critical:
        out += [f"### {escape(w['critical'])}", ""]
        out += [f"- {escape(item)}: {b.percent(index)}" for item, index in u.critical] + [""]
    out += [escape(w["displacement"].format(value=b.number(round(u.expected_displacement, 1)))),
            ""]
    return out
