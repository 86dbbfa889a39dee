// Each role's own work, under the search on the home page: a practitioner's children, an
// area's gaps for MASH and managers, what waits for a steward or a shielding officer, the
// audit trail for auditors. (Admins start on the accounts page.)

import { $, clear, errorText, fmtDate, fullName, h, words } from "./dom.js";
import { keptReason } from "./reason.js";
import { placeName } from "./names.js";
import { api, hasRole, me } from "./session.js";
import { SEVERITY_ORDER } from "./config.js";

function link(href, text, extra = {}) {
  return h("a", { href, "data-nav": true, ...extra }, text);
}

function task(href, title, count, text) {
  const waiting = count === null || count === undefined ? null : h("p", { class: "task-count", text: count });
  return h("li", { class: "task" }, h("p", { class: "card-title" }, link(href, title)), waiting, h("p", { class: "small", text }));
}

function counted(n, one, many) {
  if (n === null || n === undefined) return null;
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

async function showCaseload(button) {
  const who = me();
  const box = $("home-caseload");
  const reason = await keptReason(
    "caseload",
    "Why do you need your list of children?",
    "Your list shows each child you work with by name and date of birth.",
  );
  if (!reason) {
    button.focus();
    return;
  }
  clear(box).append(h("p", { class: "muted", text: "Loading…" }));
  try {
    const list = await api(`/api/v1/practitioners/${encodeURIComponent(who.practitioner_id)}/children`, { reason, query: { limit: 200 } });
    clear(box);
    if (!list.items.length) {
      box.append(h("p", { class: "muted", text: "You are not recorded as working with any child now." }));
      return;
    }
    box.append(h("table", { class: "table", id: "caseload-table" },
      h("caption", { class: "visually-hidden", text: "The children you work with" }),
      h("thead", {}, h("tr", {}, ["Child", "Born", "Your work", "Since"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, list.items.map((item) => h("tr", {},
        h("td", {}, link(`/children/${encodeURIComponent(item.child_id)}`, fullName(item)),
          item.shielded ? h("span", { class: "tag tag-shielded", text: "shielded" }) : null,
          item.lead_professional ? h("span", { class: "tag tag-lead", text: "you lead" }) : null),
        h("td", { text: fmtDate(item.date_of_birth) }),
        h("td", { text: item.service }),
        h("td", { text: fmtDate(item.since) }))))));
    button.hidden = true;
    $("caseload-table").querySelector("a")?.focus();
  } catch (error) {
    clear(box).append(h("p", { class: "error-summary", role: "alert", text: errorText(error, "Your list could not be loaded") }));
  }
}

function practitionerWork(body) {
  const button = h("button", { type: "button", class: "button-secondary", id: "home-caseload-show" }, "Show the children I work with");
  button.addEventListener("click", () => showCaseload(button));
  body.append(
    h("h3", { text: "Children you work with" }),
    h("p", { class: "small", text: "Open a child to see who else is working with them, and to change or end your involvement." }),
    button,
    h("div", { id: "home-caseload" }),
  );
}

async function areaWork(body, la) {
  body.append(h("h3", { text: `Gaps in ${placeName(la)}` }));
  const box = h("div", { id: "home-gaps" }, h("p", { class: "muted", text: "Loading…" }));
  body.append(box, h("p", {}, link("/dashboard", "Open the dashboard: every rule, the children behind it, coverage", { id: "home-dashboard" })));
  try {
    const summary = await api("/api/v1/gaps/summary", { query: { la } });
    const top = [...summary.items]
      .filter((i) => i.count > 0)
      .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count)
      .slice(0, 5);
    clear(box);
    if (!top.length) {
      box.append(h("p", { class: "ok", text: "No child in the area is flagged by any rule." }));
      return;
    }
    box.append(h("ul", { class: "small" }, top.map((i) =>
      h("li", {}, h("strong", { text: `${i.count.toLocaleString("en-GB")} ${i.count === 1 ? "child" : "children"}` }), `: ${i.title} (${words(i.severity)} priority)`))));
  } catch (error) {
    clear(box).append(h("p", { class: "muted", text: errorText(error, "The area's gaps could not be loaded") }));
  }
}

/** Fill the home page's work panel for the signed-in roles. */
export async function showHome() {
  const who = me();
  const section = $("home-work");
  const body = clear($("home-work-body"));
  section.hidden = !who;
  if (!who) return;
  const tasks = h("ul", { class: "tasks", id: "home-tasks" });
  let work = {};
  if (hasRole("data_steward", "shielding_officer") && who.la) {
    try {
      work = await api("/api/v1/work");
    } catch {
      work = {}; // the links still lead to the work; only the counts are missing
    }
  }
  if (hasRole("data_steward") && who.la) {
    tasks.append(
      task("/duplicates", "Possible duplicates", counted(work.duplicates_waiting, "pair waiting", "pairs waiting"),
        `Pairs of records in ${placeName(who.la)} that may be one child, for your decision.`),
      task("/transfers", "Transfers in", counted(work.transfers_waiting, "child waiting", "children waiting"),
        `Children who moved into ${placeName(who.la)}: accept responsibility for them.`),
    );
  }
  if (hasRole("shielding_officer") && who.la) {
    tasks.append(task("/shielded", "Shielded records", counted(work.shielded, "record", "records"),
      `The children of ${placeName(who.la)} whose details only you see. To shield a child, find them above and open their record.`));
  }
  if (hasRole("auditor")) {
    tasks.append(task("/audit", "Audit trail", null, "Who looked at or changed which child's record, when and why; the access list a subject access request asks for."));
  }
  if (hasRole("practitioner") && who.practitioner_id) practitionerWork(body);
  if (tasks.childNodes.length) body.append(tasks);
  if (hasRole("manager", "mash") && who.la) await areaWork(body, who.la);
  section.hidden = !body.childNodes.length;
}
