// The data steward's review of possible duplicates: pairs side by side with the evidence, and
// a decision on each, asked for with its own reason (confirm: one child; reject: never proposed
// again). A decision can be reversed from the lists of decided pairs.

import { $, clear, errorText, flash, fmtDate, fmtDateTime, fullName, h, showError } from "./dom.js";
import { PAGE_SIZE } from "./config.js";
import { confirmAction } from "./confirm.js";
import { Pager } from "./pager.js";
import { keptReason } from "./reason.js";
import { placeName } from "./names.js";
import { api, hasRole, me } from "./session.js";

const list = { la: null, status: "candidate" };

function reviewReason(la) {
  return keptReason(
    `duplicates:${la}`,
    "Why are you reviewing duplicates?",
    `You are listing records in ${placeName(la)} that may be the same child. Both records of each pair will be shown.`,
  );
}

function side(child, label) {
  const facts = h("dl", { class: "facts" });
  const add = (term, value) => { if (value) facts.append(h("dt", { text: term }), h("dd", { text: value })); };
  add("Born", child.date_of_birth ? fmtDate(child.date_of_birth) : "");
  add("Also known as", (child.other_names || []).join(", "));
  add("NHS number", child.nhs_number || "");
  add("Postcode", child.postcode || "");
  add("Local authority", placeName(child.responsible_la));
  return h("div", { class: "dup-side" },
    h("p", { class: "small muted", text: label }),
    h("p", { class: "card-title" },
      h("a", { href: `/children/${encodeURIComponent(child.id)}`, "data-nav": true }, fullName(child)),
      child.shielded ? h("span", { class: "tag tag-shielded", text: "shielded" }) : null),
    facts);
}

const DECISIONS = {
  confirm: {
    title: (names) => `Are ${names} one child?`,
    text: "Both records will be shown as one child in who-else, the network, search and gaps, and each record's services and carers as that child's. If either record is shielded, the other's details are withheld as well.",
    confirm: "Same child: confirm",
    reasonLabel: "How do you know they are the same child?",
    done: (names) => `Confirmed: ${names} are one child.`,
  },
  reject: {
    title: (names) => `Are ${names} different children?`,
    text: "The pair will not be proposed again by any scan. Reject only when you have checked: a wrong rejection hides a child's second record from the others working with them.",
    confirm: "Different children: reject",
    reasonLabel: "How do you know they are different children?",
    done: (names) => `Rejected: ${names} are different children.`,
  },
  reopen: {
    title: (names) => `Review ${names} again?`,
    text: "The decision is reversed: the pair goes back to the pairs to review, and until someone decides again they are shown as two records.",
    confirm: "Reverse the decision",
    reasonLabel: "Why is the decision reversed?",
    done: (names) => `The decision on ${names} is reversed: the pair is waiting for review again.`,
  },
};

async function decide(pair, decision, button) {
  const names = `${fullName(pair.a)} and ${fullName(pair.b)}`;
  const ask = DECISIONS[decision];
  const ok = await confirmAction({
    title: ask.title(names),
    text: ask.text,
    confirm: ask.confirm,
    danger: decision !== "confirm",
    reasonLabel: ask.reasonLabel,
    reasonHint: "This decision's own reason: kept in the audit trail with your name.",
  });
  if (!ok) return;
  try {
    await api(`/api/v1/duplicates/${encodeURIComponent(pair.a.id)}/${encodeURIComponent(pair.b.id)}`, { method: "POST", body: { decision, expected_status: pair.status }, reason: ok.reason });
    flash(ask.done(names));
    await pager.goTo(pager.page);
    $("dup-title").focus();
  } catch (error) {
    showError($("dup-error"), errorText(error, "That decision was not recorded"));
    button.focus();
  }
}

function actions(pair) {
  const choices = pair.status === "candidate"
    ? [["confirm", "Same child: confirm", ""], ["reject", "Different children: reject", "button-secondary"]]
    : [
      ["reopen", "Reverse: review again", "button-secondary"],
      pair.status === "confirmed"
        ? ["reject", "Reverse: different children", "button-secondary"]
        : ["confirm", "Reverse: same child", "button-secondary"],
    ];
  const row = h("div", { class: "button-row" });
  for (const [decision, label, cls] of choices) {
    const button = h("button", { type: "button", class: cls || null, dataset: { decision } }, label);
    button.addEventListener("click", () => decide(pair, decision, button));
    row.append(button);
  }
  return row;
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
  const who = pair.decided_by === me()?.username ? "you" : pair.decided_by;
  const decided = pair.decided_by
    ? `${pair.status === "candidate" ? "returned for review" : pair.status} by ${who}${pair.decided_at ? ` on ${fmtDateTime(pair.decided_at)}` : ""}`
    : "";
  return h("li", { class: "card dup-pair", dataset: { pair: `${pair.a.id} ${pair.b.id}` } },
    h("div", { class: "dup-sides" }, side(pair.a, "First record"), side(pair.b, "Second record")),
    h("p", { class: "small", text: decided ? `${score}; ${decided}` : score }),
    pair.reasons?.length ? h("ul", { class: "small dup-reasons" }, pair.reasons.map(reason)) : null,
    actions(pair));
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
  $("dup-subtitle").textContent = placeName(who.la);
  await pager.goTo(0);
}

export function setUpDuplicates() {
  pager.wire();
  $("dup-title").setAttribute("tabindex", "-1");
  $("dup-status").addEventListener("change", () => showDuplicates());
}
