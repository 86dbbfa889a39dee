// The auditor's view of the audit trail: who looked at or changed which child's record, when
// and why, newest first, filtered by child, user and days (England's), a page at a time.

import { $, clear, fieldWords, fmtDateTime, h, showError, startOfDayInEngland, words } from "./dom.js";
import { gapRule, placeName } from "./names.js";
import { PAGE_SIZE } from "./config.js";
import { Pager } from "./pager.js";
import { api, hasRole } from "./session.js";

const filters = { child_id: "", user: "", since: "", until: "" };

function readFilters() {
  const since = $("audit-since").value;
  const until = $("audit-until").value;
  const problem = since && until && until < since
    ? "The last day is before the first: change one of the dates."
    : !/^([A-Za-z0-9][A-Za-z0-9_.:-]{0,63})?$/.test($("audit-child").value.trim())
      ? "A child's id has only letters, digits and . _ : - in it: copy it from the record or the list."
      : !/^([A-Za-z0-9][A-Za-z0-9_.@-]{1,63})?$/.test($("audit-user").value.trim())
        ? "An account's user name has only letters, digits and . _ @ - in it."
        : "";
  if (problem) {
    clear($("audit-list")); // the events listed before are not an answer to these filters
    showError($("audit-error"), problem);
    return false;
  }
  Object.assign(filters, {
    child_id: $("audit-child").value.trim(),
    user: $("audit-user").value.trim(),
    since: since ? startOfDayInEngland(since) : "",
    until: until ? startOfDayInEngland(until, { plusDays: 1 }) : "",
  });
  return true;
}

/** Codes in what the trail recorded, in words: rule titles, places, stored values. */
function inWords(text) {
  return String(text)
    .replace(/\b[A-Z]{2,}(?:_[A-Z]+)+\b/g, (code) => gapRule(code).title)
    .replace(/\bE\d{8}\b/g, (code) => placeName(code))
    .replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (value) => words(value))
    .replace(/,(?=\S)/g, ", ");
}

function searchText(search) {
  if (!search) return "";
  return Object.entries(search).map(([key, value]) => `${fieldWords(key)}: ${inWords(value)}`).join("; ");
}

function eventRow(event) {
  const what = [words(event.action), event.detail ? inWords(event.detail) : "", searchText(event.search)].filter(Boolean).join(" — ");
  return h("tr", { dataset: { seq: String(event.seq) } },
    h("td", { text: fmtDateTime(event.at) }),
    h("td", {}, h("span", { class: "audit-user", text: event.user }),
      h("span", { class: "small muted", text: ` ${event.roles.map(words).join(", ")}` })),
    h("td", { text: what }),
    h("td", { text: (event.child_ids || []).join(", ") }),
    h("td", { text: event.reason || "" }),
    h("td", { text: event.status ? `${words(event.outcome)} (${event.status})` : words(event.outcome) }),
    h("td", { class: "small muted", text: String(event.seq) }));
}

function render() {
  const box = clear($("audit-list"));
  if (!pager.items.length) {
    box.append(h("p", { class: "muted", text: "No events match these filters." }));
    return;
  }
  box.append(h("table", { class: "table", id: "audit-table" },
    h("caption", { class: "visually-hidden", text: `Audit events: page ${pager.page + 1}` }),
    h("thead", {}, h("tr", {}, ["When", "Who", "What", "Children", "Reason", "Outcome", "No."].map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, pager.items.map(eventRow))));
}

async function fetchPage(cursor) {
  return api("/api/v1/audit", { query: { ...filters, limit: PAGE_SIZE, cursor } });
}

const pager = new Pager("audit", { fetch: fetchPage, render, failure: "The audit trail could not be read" });

export async function showAudit() {
  showError($("audit-error"), "");
  if (!hasRole("auditor")) {
    clear($("audit-list"));
    showError($("audit-error"), "The audit trail is for auditors: your account is not one.");
    return;
  }
  if (!readFilters()) return;
  clear($("audit-list")).append(h("p", { class: "muted", text: "Loading…" }));
  pager.reset();
  await pager.goTo(0);
}

export function setUpAudit() {
  pager.wire();
  $("audit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    showAudit();
  });
  $("audit-clear").addEventListener("click", () => {
    for (const id of ["audit-child", "audit-user", "audit-since", "audit-until"]) $(id).value = "";
    showAudit();
  });
}
