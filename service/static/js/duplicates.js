// The data steward's review of possible duplicates: pairs side by side with the evidence, and
// a decision on each (confirm: one child; reject: never proposed again).

import { $, clear, errorText, flash, fmtDate, fmtDateTime, fullName, h, showError } from "./dom.js";
import { PAGE_SIZE } from "./config.js";
import { Pager } from "./pager.js";
import { keptReason } from "./reason.js";
import { api, hasRole, me } from "./session.js";

const list = { la: null, status: "candidate" };

function reviewReason(la) {
  return keptReason(
    `duplicates:${la}`,
    "Why are you reviewing duplicates?",
    `You are listing records in ${la} that may be the same child. Both records of each pair will be shown.`,
  );
}

function side(child, label) {
  const facts = h("dl", { class: "facts" });
  const add = (term, value) => { if (value) facts.append(h("dt", { text: term }), h("dd", { text: value })); };
  add("Born", child.date_of_birth ? fmtDate(child.date_of_birth) : "");
  add("Also known as", (child.other_names || []).join(", "));
  add("NHS number", child.nhs_number || "");
  add("Postcode", child.postcode || "");
  add("Local authority", child.responsible_la || "");
  return h("div", { class: "dup-side" },
    h("p", { class: "small muted", text: label }),
    h("p", { class: "card-title" },
      h("a", { href: `/children/${encodeURIComponent(child.id)}`, "data-nav": true }, fullName(child)),
      child.shielded ? h("span", { class: "tag tag-shielded", text: "shielded" }) : null),
    h("p", { class: "small muted", text: child.id }),
    facts);
}

async function decide(pair, decision) {
  const reason = await reviewReason(list.la);
  if (!reason) return;
  try {
    await api(`/api/v1/duplicates/${encodeURIComponent(pair.a.id)}/${encodeURIComponent(pair.b.id)}`, { method: "POST", body: { decision, expected_status: pair.status }, reason });
    const names = `${fullName(pair.a)} and ${fullName(pair.b)}`;
    flash(decision === "confirm" ? `Confirmed: ${names} are one child.` : `Rejected: ${names} are different children.`);
    await pager.goTo(pager.page);
  } catch (error) {
    showError($("dup-error"), errorText(error, "That decision was not recorded"));
  }
}

// How sure, in words: the match weight is log2 of the odds that the two records are one child.
function howSure(score) {
  if (score === null || score === undefined) return "linked by hand";
  const chance = 1 / (1 + 2 ** -score);
  const shown = chance >= 0.999 ? "more than 99.9%" : chance < 0.001 ? "less than 0.1%" : `${(chance * 100).toFixed(1)}%`;
  return `${shown} likely to be one child (weight ${score >= 0 ? "+" : "\u2212"}${Math.abs(score).toFixed(1)} bits)`;
}

// A reason reads "same date of birth (+11.5: so are 88% of ..., 1 in 3,300 ...)": the evidence,
// its weight and, where the scan learnt it, what it was learnt from.
const WEIGHED = /^(.*) \(([+\u2212-]\d+(?:\.\d+)?)(?:: (.*))?\)$/u;

function reason(text) {
  const found = WEIGHED.exec(text);
  if (!found) return h("li", { text });
  const [, what, weight, learnt] = found;
  const against = weight.startsWith("\u2212") || weight.startsWith("-");
  return h("li", {},
    h("span", { class: `dup-weight ${against ? "dup-against" : "dup-for"}`, text: weight }),
    h("span", { text: ` ${what}` }),
    learnt ? h("span", { class: "muted", text: ` \u2014 ${learnt}` }) : null);
}

function pairCard(pair) {
  const score = howSure(pair.score);
  const decided = pair.decided_by ? `${pair.status} by ${pair.decided_by}${pair.decided_at ? ` on ${fmtDateTime(pair.decided_at)}` : ""}` : "";
  return h("li", { class: "card dup-pair", dataset: { pair: `${pair.a.id} ${pair.b.id}` } },
    h("div", { class: "dup-sides" }, side(pair.a, "Record A"), side(pair.b, "Record B")),
    h("p", { class: "small", text: decided ? `${score}; ${decided}` : score }),
    pair.reasons?.length ? h("ul", { class: "small dup-reasons" }, pair.reasons.map(reason)) : null,
    pair.status === "candidate"
      ? h("div", { class: "button-row" },
        h("button", { type: "button", onclick: () => decide(pair, "confirm") }, "Same child: confirm"),
        h("button", { type: "button", class: "button-secondary", onclick: () => decide(pair, "reject") }, "Different children: reject"))
      : null);
}

function render() {
  const box = clear($("dup-list"));
  if (!pager.items.length) {
    box.append(h("p", { class: "muted", text: list.status === "candidate" ? "No pairs are waiting for review." : "No pairs on this page." }));
  } else {
    box.append(h("ul", { class: "cards", id: "dup-pairs" }, pager.items.map(pairCard)));
  }
}

async function fetchPage(cursor) {
  const reason = await reviewReason(list.la);
  if (!reason) {
    clear($("dup-list")).append(h("p", { class: "muted", text: "A reason is needed to list the pairs." }));
    return null;
  }
  return api("/api/v1/duplicates", { query: { la: list.la, status: list.status, limit: PAGE_SIZE, cursor }, reason });
}

const pager = new Pager("dup", { fetch: fetchPage, render, failure: "The pairs could not be loaded" });

export async function showDuplicates() {
  const who = me();
  showError($("dup-error"), "");
  if (!hasRole("data_steward") || !who.la) {
    $("dup-subtitle").textContent = "";
    clear($("dup-list"));
    showError($("dup-error"), "Reviewing duplicates is for the data stewards of a local authority: your account is not one.");
    return;
  }
  Object.assign(list, { la: who.la, status: $("dup-status").value });
  pager.reset();
  $("dup-subtitle").textContent = `Local authority ${who.la}`;
  await pager.goTo(0);
}

export function setUpDuplicates() {
  pager.wire();
  $("dup-status").addEventListener("change", () => showDuplicates());
}
