// A receiving steward's transfers: children who moved into the area and wait for it to accept
// responsibility for their record, oldest move first; each accepted after a confirmation.

import { $, clear, fmtDate, fullName, h, showError } from "./dom.js";
import { PAGE_SIZE } from "./config.js";
import { Pager } from "./pager.js";
import { keptReason } from "./reason.js";
import { acceptTransferOf } from "./child.js";
import { placeName } from "./names.js";
import { api, hasRole, me } from "./session.js";

function listReason(la) {
  return keptReason(
    `transfers:${la}`,
    "Why are you reviewing transfers?",
    `You are listing the children who moved into ${placeName(la)}. Each child's name and date of birth will be shown.`,
  );
}

async function accept(item, button) {
  const move = { id: item.move_id, child_id: item.child_id, la: me().la, from_la: item.from_la };
  if (await acceptTransferOf(fullName(item), move)) {
    await pager.goTo(pager.page);
    $("transfers-title").focus();
  } else {
    button.focus();
  }
}

function render() {
  const box = clear($("transfers-list"));
  if (!pager.items.length) {
    box.append(h("p", { class: "muted", text: "No child is waiting for you to accept a transfer." }));
    return;
  }
  box.append(h("table", { class: "table", id: "transfers-table" },
    h("caption", { class: "visually-hidden", text: "Children waiting for acceptance" }),
    h("thead", {}, h("tr", {}, ["Child", "Born", "Moved in", "From"].map((t) => h("th", { scope: "col", text: t })), h("th", { scope: "col" }, h("span", { class: "visually-hidden", text: "Action" })))),
    h("tbody", {}, pager.items.map((item) => {
      const button = h("button", { type: "button", class: "button-secondary", dataset: { child: item.child_id } }, `Accept ${fullName(item)}`);
      button.addEventListener("click", () => accept(item, button));
      return h("tr", { dataset: { child: item.child_id } },
        h("td", {}, h("a", { href: `/children/${encodeURIComponent(item.child_id)}`, "data-nav": true }, fullName(item)),
          item.shielded ? h("span", { class: "tag tag-shielded", text: "shielded" }) : null),
        h("td", { text: fmtDate(item.date_of_birth) }),
        h("td", { text: fmtDate(item.since) }),
        h("td", { text: item.from_la_name || placeName(item.from_la) }),
        h("td", {}, button));
    }))));
}

async function fetchPage(cursor) {
  const la = me().la;
  const reason = await listReason(la);
  if (!reason) {
    clear($("transfers-list")).append(h("p", { class: "muted", text: "A reason is needed to list the children." }));
    return null;
  }
  return api("/api/v1/transfers", { query: { la, limit: PAGE_SIZE, cursor }, reason });
}

const pager = new Pager("transfers", { fetch: fetchPage, render, failure: "The transfers could not be loaded" });

export async function showTransfers() {
  const who = me();
  showError($("transfers-error"), "");
  if (!hasRole("data_steward") || !who.la) {
    $("transfers-subtitle").textContent = "";
    clear($("transfers-list"));
    showError($("transfers-error"), "Accepting transfers is for the data stewards of a local authority: your account is not one.");
    return;
  }
  $("transfers-subtitle").textContent = `Into ${placeName(who.la)}`;
  pager.reset();
  await pager.goTo(0);
}

export function setUpTransfers() {
  pager.wire();
  $("transfers-title").setAttribute("tabindex", "-1");
}
