// The manager's dashboard: children flagged per gap rule (bars that drill down to the
// paginated list behind them), coverage figures, and a CSV of the list on screen.

import { $, agencyKind, clear, errorText, fmtDate, fullName, h, showError } from "./dom.js";
import { PAGE_SIZE, SEVERITY_ORDER } from "./config.js";
import { Pager } from "./pager.js";
import { keptReason } from "./reason.js";
import { placeName } from "./names.js";
import { api, hasRole, me } from "./session.js";

const list = { la: null, code: null, title: "" };

function bar(share, label) {
  const fill = h("span", { class: "bar-fill" });
  fill.style.width = `${Math.max(0, Math.min(100, share * 100)).toFixed(1)}%`; // CSSOM: allowed by the CSP
  return h("span", { class: "bar", role: "presentation", title: label }, fill);
}

function listReason(la) {
  return keptReason(
    `gaps:${la}`,
    "Why do you need this list?",
    `You are listing children of ${placeName(la)} flagged by a gap rule. Each child's name and date of birth will be shown.`,
  );
}

function renderSummary(summary) {
  const box = clear($("dash-gaps"));
  // most urgent first, then the most children: a high-priority rule is never below a low one
  const items = [...summary.items].sort((a, b) =>
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count || a.title.localeCompare(b.title));
  const most = Math.max(1, ...items.map((i) => i.count));
  box.append(h("p", { class: "small muted", text: `${summary.children.toLocaleString("en-GB")} children in ${placeName(summary.la)}, as of ${fmtDate(summary.as_of)}.` }));
  if (!items.length) {
    box.append(h("p", { class: "ok", text: "No child is flagged by any rule." }));
    return;
  }
  const chart = h("ul", { class: "bar-chart", id: "gap-chart", "aria-label": "Children flagged, by rule" });
  for (const item of items) {
    chart.append(
      h("li", {},
        h("button", {
          type: "button",
          class: "bar-row",
          dataset: { code: item.code, severity: item.severity },
          disabled: item.count === 0,
          onclick: () => openList(summary.la, item.code, item.title),
        },
        h("span", { class: "bar-label" }, h("span", { class: `dot dot-${item.severity}`, "aria-hidden": "true" }), item.title,
          h("span", { class: "small muted", text: ` ${item.severity} priority` })),
        bar(item.count / most, `${item.count}`),
        h("span", { class: "bar-value", text: item.count.toLocaleString("en-GB") }),
        h("span", { class: "visually-hidden", text: ` ${item.count === 1 ? "child" : "children"}${item.count ? ": show the list" : ""}` })),
      ),
    );
  }
  box.append(chart);
}

function renderCoverage(coverage) {
  const box = clear($("dash-coverage"));
  box.append(h("p", { class: "small muted", text: `${coverage.children.toLocaleString("en-GB")} children, as of ${fmtDate(coverage.as_of)}.` }));
  const measures = h("ul", { class: "bar-chart", "aria-label": "Share of children with each service" });
  for (const m of coverage.measures) {
    const pct = `${(m.share * 100).toFixed(1)}%`;
    measures.append(h("li", { class: "bar-row static" },
      h("span", { class: "bar-label", text: m.label }),
      bar(m.share, pct),
      h("span", { class: "bar-value", text: `${pct} (${m.numerator.toLocaleString("en-GB")} of ${m.denominator.toLocaleString("en-GB")})` })));
  }
  box.append(h("h3", { text: "Children with each service" }), measures);
  if (coverage.by_agency_kind?.length) {
    const most = Math.max(1, ...coverage.by_agency_kind.map((k) => k.children));
    const kinds = h("ul", { class: "bar-chart", "aria-label": "Children by kind of agency involved" });
    for (const k of [...coverage.by_agency_kind].sort((a, b) => b.children - a.children)) {
      kinds.append(h("li", { class: "bar-row static" },
        h("span", { class: "bar-label", text: agencyKind(k.kind) }),
        bar(k.children / most, `${k.children}`),
        h("span", { class: "bar-value", text: `${k.children.toLocaleString("en-GB")} children, ${k.involvements.toLocaleString("en-GB")} involvements` })));
    }
    box.append(h("h3", { text: "Children by kind of agency" }), kinds);
  }
  const c = coverage.caseloads;
  if (c) {
    box.append(
      h("h3", { text: "Caseloads" }),
      h("dl", { class: "facts figures" },
        h("dt", { text: "Practitioners" }), h("dd", { text: String(c.practitioners) }),
        h("dt", { text: "Median" }), h("dd", { text: String(c.median) }),
        h("dt", { text: "90th percentile" }), h("dd", { text: String(c.p90) }),
        h("dt", { text: "Largest" }), h("dd", { text: String(c.max) })),
    );
    if (c.outliers?.length) {
      box.append(h("table", { class: "table" },
        h("caption", { text: "Unusually large caseloads" }),
        h("thead", {}, h("tr", {}, ["Practitioner", "Agency", "Children"].map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", {}, c.outliers.map((o) => h("tr", {}, h("td", { text: o.name }), h("td", { text: o.agency }), h("td", { text: String(o.children) }))))));
    }
  }
}

function renderList() {
  const box = clear($("dash-list"));
  $("dash-list-title").textContent = `${list.title} — children in ${placeName(list.la)}`;
  if (!pager.items.length) {
    box.append(h("p", { class: "muted", text: "No children on this page." }));
  } else {
    box.append(h("table", { class: "table", id: "dash-table" },
      h("caption", { class: "visually-hidden", text: `${list.title}: page ${pager.page + 1}` }),
      h("thead", {}, h("tr", {}, ["Child", "Born", "Priority", "Why flagged", "Suggested action", "Since"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, pager.items.map((item) => h("tr", {},
        h("td", {}, h("a", { href: `/children/${encodeURIComponent(item.child.id)}`, "data-nav": true }, fullName(item.child)), item.child.shielded ? h("span", { class: "tag tag-shielded", text: "shielded" }) : null),
        h("td", { text: fmtDate(item.child.date_of_birth) }),
        h("td", { text: `${item.severity} priority` }),
        h("td", { text: item.reason }),
        h("td", { text: item.action }),
        h("td", { text: item.since ? fmtDate(item.since) : "" }),
      )))));
  }
}

async function fetchPage(cursor) {
  const reason = await listReason(list.la);
  if (!reason) return null;
  return api("/api/v1/gaps", { query: { la: list.la, rule: list.code, limit: PAGE_SIZE, cursor }, reason });
}

const pager = new Pager("dash", { fetch: fetchPage, render: renderList, failure: "The list could not be loaded" });

async function openList(la, code, title) {
  Object.assign(list, { la, code, title });
  pager.reset();
  $("dash-list-section").hidden = false;
  await pager.goTo(0);
  $("dash-list-title").focus();
}

const CSV_COLUMNS = ["child_id", "given_name", "family_name", "date_of_birth", "responsible_la", "shielded", "code", "severity", "title", "reason", "action", "since"];

function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`; // a spreadsheet must not run it as a formula
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const CSV_PAGE = 200;
const CSV_MAX_PAGES = 100;

/** Every row of the list on screen (all its pages), as CSV. */
async function downloadCsv() {
  const reason = await listReason(list.la);
  if (!reason) return;
  const items = [];
  let cursor = null;
  $("dash-csv").disabled = true;
  try {
    for (let n = 0; n < CSV_MAX_PAGES; n += 1) {
      const result = await api("/api/v1/gaps", { query: { la: list.la, rule: list.code, limit: CSV_PAGE, cursor }, reason });
      items.push(...result.items);
      cursor = result.next_cursor;
      if (!cursor) break;
    }
  } catch (error) {
    showError($("dash-error"), errorText(error, "The list could not be exported"));
    return;
  } finally {
    $("dash-csv").disabled = false;
  }
  const rows = [CSV_COLUMNS.join(",")];
  for (const item of items) {
    const c = item.child;
    rows.push([c.id, c.given_name, c.family_name, c.date_of_birth, c.responsible_la, c.shielded, item.code, item.severity, item.title, item.reason, item.action, item.since].map(csvCell).join(","));
  }
  const blob = new Blob([`${rows.join("\r\n")}\r\n`], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: `childindex-${placeName(list.la).replace(/[^A-Za-z0-9]+/g, "-")}-${list.code.toLowerCase()}.csv`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function showDashboard() {
  const who = me();
  showError($("dash-error"), "");
  $("dash-list-section").hidden = true;
  if (!hasRole("manager", "mash") || !who.la) {
    $("dash-subtitle").textContent = "";
    clear($("dash-gaps"));
    clear($("dash-coverage"));
    showError($("dash-error"), "The dashboard is for managers and MASH officers of a local authority: your account is not one, or acts for no local authority (an admin can set it).");
    return;
  }
  const la = who.la;
  $("dash-subtitle").textContent = placeName(la);
  clear($("dash-gaps")).append(h("p", { class: "muted", text: "Loading…" }));
  clear($("dash-coverage")).append(h("p", { class: "muted", text: "Loading…" }));
  const [summary, coverage] = await Promise.allSettled([
    api("/api/v1/gaps/summary", { query: { la } }),
    hasRole("manager") ? api("/api/v1/coverage", { query: { la } }) : Promise.reject(new Error("managers only")),
  ]);
  if (summary.status === "fulfilled") renderSummary(summary.value);
  else clear($("dash-gaps")).append(h("p", { class: "muted", text: summary.reason.status === 404 ? "Gap figures are not available on this server yet." : errorText(summary.reason, "Gap figures could not be loaded") }));
  if (coverage.status === "fulfilled") renderCoverage(coverage.value);
  else clear($("dash-coverage")).append(h("p", { class: "muted", text: coverage.reason.status === 404 ? "Coverage figures are not available on this server yet." : coverage.reason.status ? errorText(coverage.reason, "Coverage could not be loaded") : "Coverage figures are for managers." }));
}

export function setUpDashboard() {
  pager.wire();
  $("dash-csv").addEventListener("click", downloadCsv);
}
