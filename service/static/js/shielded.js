// A shielding officer's records: the shielded children of their area, by name.

import { $, clear, fmtDate, fmtDateTime, fullName, h, showError } from "./dom.js";
import { PAGE_SIZE } from "./config.js";
import { Pager } from "./pager.js";
import { keptReason } from "./reason.js";
import { placeName } from "./names.js";
import { api, hasRole, me } from "./session.js";

function render() {
  const box = clear($("shielded-list"));
  if (!pager.items.length) {
    box.append(h("p", { class: "muted", text: "No child of your area is shielded." }));
    return;
  }
  box.append(h("table", { class: "table", id: "shielded-table" },
    h("caption", { class: "visually-hidden", text: "Shielded records" }),
    h("thead", {}, h("tr", {}, ["Child", "Born", "Record last changed"].map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, pager.items.map((child) => h("tr", { dataset: { child: child.id } },
      h("td", {}, h("a", { href: `/children/${encodeURIComponent(child.id)}`, "data-nav": true }, fullName(child)),
        child.status === "archived" ? h("span", { class: "tag", text: "archived" }) : null),
      h("td", { text: fmtDate(child.date_of_birth) }),
      h("td", { text: child.updated_at ? fmtDateTime(child.updated_at) : "" }))))));
}

async function fetchPage(cursor) {
  const la = me().la;
  const reason = await keptReason(
    `shielded:${la}`,
    "Why are you reviewing shielded records?",
    `You are listing the shielded children of ${placeName(la)} by name and date of birth.`,
  );
  if (!reason) {
    clear($("shielded-list")).append(h("p", { class: "muted", text: "A reason is needed to list the records." }));
    return null;
  }
  return api("/api/v1/shielded-children", { query: { la, limit: PAGE_SIZE, cursor }, reason });
}

const pager = new Pager("shielded", { fetch: fetchPage, render, failure: "The shielded records could not be loaded" });

export async function showShielded() {
  const who = me();
  showError($("shielded-error"), "");
  if (!hasRole("shielding_officer") || !who.la) {
    $("shielded-subtitle").textContent = "";
    clear($("shielded-list"));
    showError($("shielded-error"), "Shielded records are for the shielding officers of a local authority: your account is not one.");
    return;
  }
  $("shielded-subtitle").textContent = placeName(who.la);
  pager.reset();
  await pager.goTo(0);
}

export function setUpShielded() {
  pager.wire();
}
