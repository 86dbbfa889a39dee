// The child page: the record exactly as the API redacts it, who else is involved (with
// click-to-call and mail), flags, carers, residence, gaps, the network graph and its tools,
// and what the reader's role does here: a practitioner's own involvement, a shielding
// officer's shielding, a receiving steward's acceptance of a transfer.

import {
  $, agencyKind, clear, contactLinks, errorText, fact, flash, fmtDate, fmtDateTime, fullName, h,
  showError, today, words,
} from "./dom.js";
import { confirmAction } from "./confirm.js";
import { keptReason } from "./reason.js";
import { KINDS, NetworkGraph, SEVERITIES, legend } from "./graph.js";
import { gapRule, placeName } from "./names.js";
import { api, hasRole, knownName, lastReason, me, reasonFor } from "./session.js";

const page = { id: null, record: null, reason: null, depth: 2, graph: null, gaps: [], loading: 0 };

// exposed for the browser tests, which assert on what the graph library reports
window.childindex = { graph: () => page.graph };

const ASSESSMENTS = {
  early_help: "early help",
  child_in_need: "child in need",
  child_protection: "child protection",
  health: "health",
  education_send: "education (SEND)",
  other: "other",
};

function reasonForChild(id, label) {
  const name = label || knownName(id);
  return keptReason(
    id,
    "Why do you need this record?",
    name ? `You are opening the record of ${name}.` : "You are opening a child's record.",
    reasonFor(page.id) || lastReason(),
  );
}

function severityTag(severity) {
  return h("span", { class: `tag tag-${severity}`, text: SEVERITIES[severity]?.words || severity });
}

/** Whom an account name or practitioner id stands for, as far as this record says. */
function personOf(recordedBy) {
  if (!recordedBy) return "";
  if (recordedBy === me()?.username) return "you";
  const inv = (page.record?.involvements || []).find((i) => i.practitioner?.id === recordedBy);
  return inv ? fullName(inv.practitioner) : recordedBy; // an account name, as its holder chose
}

// --- the record ------------------------------------------------------------------------------

function indexTeam(contact) {
  if (!contact) return ["the local authority index team"];
  const name = contact.name ? `${contact.name} index team` : `the index team of ${placeName(contact.la)}`;
  return [h("strong", { text: name }), contactLinks(contact) ? " " : "", contactLinks(contact)];
}

function renderShield(record) {
  const box = $("child-shielded");
  const shielded = record.withheld && record.withheld.length > 0;
  box.hidden = !shielded;
  clear(box);
  if (!shielded) return;
  box.append(
    h("h2", { text: "This record is shielded" }),
    h("p", {}, "Its address, contact details, identifiers and services are withheld to keep the child safe. Contact the index team at ", ...indexTeam(record.contact)),
    h("p", { class: "small", text: `Withheld from you: ${record.withheld.map(words).join(", ")}.` }),
  );
}

function renderRecord(record) {
  const c = record.child;
  $("child-title").textContent = fullName(c);
  const bits = [`Born ${fmtDate(c.date_of_birth)}`, words(c.sex)];
  if (c.date_of_death) bits.push(`died ${fmtDate(c.date_of_death)}`);
  if (c.status === "archived") bits.push("archived record");
  $("child-subtitle").textContent = bits.filter(Boolean).join(" · ");
  const dl = clear($("record-body"));
  fact(dl, "Name", fullName(c));
  fact(dl, "Other names", (c.other_names || []).join(", "));
  fact(dl, "Date of birth", fmtDate(c.date_of_birth));
  fact(dl, "Sex", words(c.sex));
  fact(dl, "NHS number", c.nhs_number);
  fact(dl, "Unique pupil number", c.upn);
  const address = [c.address_line, c.postcode].filter(Boolean).join(", ");
  fact(dl, "Address", address);
  if (c.address_status && c.address_status !== "current") fact(dl, "Address status", words(c.address_status));
  fact(dl, "Responsible local authority", placeName(c.responsible_la));
  fact(dl, "Lives in", placeName(record.current_la));
  if (c.shielded) fact(dl, "Shielded", "yes");
  renderShield(record);
}

function renderCarers(record) {
  const box = clear($("carers-body"));
  if (!record.carers.length) {
    box.append(h("p", { class: "muted", text: "No parent or carer is recorded." }));
    return;
  }
  const list = h("ul", { class: "cards" });
  for (const link of record.carers) {
    const flags = [];
    if (link.parental_responsibility) flags.push("parental responsibility");
    if (link.lives_with) flags.push("lives with the child");
    const address = [link.carer.address_line, link.carer.postcode].filter(Boolean).join(", ");
    list.append(
      h("li", { class: "card" },
        h("p", { class: "card-title" }, fullName(link.carer), link.relationship ? h("span", { class: "muted", text: ` — ${words(link.relationship)}` }) : null),
        flags.length ? h("p", { class: "small", text: flags.join(" · ") }) : null,
        link.since || link.until ? h("p", { class: "small muted", text: `${link.since ? `since ${fmtDate(link.since)}` : ""}${link.until ? ` until ${fmtDate(link.until)}` : ""}` }) : null,
        address ? h("p", { class: "small", text: address }) : null,
        contactLinks(link.carer),
      ),
    );
  }
  box.append(list);
}

function renderResidence(record) {
  const box = clear($("residence-body"));
  if (!record.residence.length) {
    box.append(h("p", { class: "muted", text: record.withheld?.length ? "Withheld: the record is shielded." : "No residence is recorded." }));
    return;
  }
  const rows = [...record.residence].sort((a, b) => String(b.since).localeCompare(String(a.since)));
  box.append(
    h("table", { class: "table" },
      h("caption", { class: "visually-hidden", text: "Residence history, latest first" }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Local authority" }), h("th", { scope: "col", text: "From" }), h("th", { scope: "col", text: "Until" }))),
      h("tbody", {}, rows.map((r) =>
        h("tr", {},
          h("td", {}, r.la_name || placeName(r.la), r.address_line || r.postcode ? h("div", { class: "small muted", text: [r.address_line, r.postcode].filter(Boolean).join(", ") }) : null),
          h("td", { text: fmtDate(r.since) }),
          h("td", { text: r.until ? fmtDate(r.until) : "now" }),
        ))),
    ),
  );
}

function whoName(inv) {
  if (inv.practitioner) {
    const title = inv.practitioner.job_title ? `, ${inv.practitioner.job_title}` : "";
    return `${fullName(inv.practitioner)}${title}`;
  }
  return inv.agency ? inv.agency.name : "An agency";
}

function assessmentWords(kind) {
  return ASSESSMENTS[kind] || words(kind);
}

function flagChips(inv) {
  const chips = [];
  if (inv.lead_professional) chips.push(h("span", { class: "tag tag-lead", text: "lead professional" }));
  if (inv.assessment_kind) chips.push(h("span", { class: "tag", text: `assessment: ${assessmentWords(inv.assessment_kind)}${inv.assessment_date ? `, ${fmtDate(inv.assessment_date)}` : ""}` }));
  if (inv.info_to_share) chips.push(h("span", { class: "tag tag-info", text: `information to share${inv.info_to_share_since ? ` since ${fmtDate(inv.info_to_share_since)}` : ""}` }));
  return chips.length ? h("p", { class: "chips" }, chips) : null;
}

function mine(inv) {
  const who = me();
  return !!who && !!who.practitioner_id && inv.practitioner?.id === who.practitioner_id && !inv.until;
}

/** The reader's own current involvement with this child, if they have one. */
function myInvolvement(record) {
  return (record?.involvements || []).find(mine) || null;
}

function involvementCard(inv) {
  if (inv.redacted) {
    return h("li", { class: "card card-sensitive" },
      h("p", { class: "card-title", text: "A sensitive service is involved" }),
      h("p", {}, "Its name and practitioner are withheld. Contact via ", ...indexTeam(inv.contact)),
    );
  }
  const agency = inv.agency;
  return h("li", { class: `card${inv.until ? " card-ended" : ""}${mine(inv) ? " card-mine" : ""}`, dataset: { involvement: inv.id || "" } },
    h("p", { class: "card-title" }, whoName(inv), mine(inv) ? h("span", { class: "tag", text: "you" }) : null),
    agency && inv.practitioner ? h("p", { class: "small", text: `${agency.name} (${agencyKind(agency.kind)})` }) : agency ? h("p", { class: "small", text: agencyKind(agency.kind) }) : null,
    h("p", {}, inv.service || ""),
    h("p", { class: "small muted", text: `since ${fmtDate(inv.since)}${inv.until ? `, ended ${fmtDate(inv.until)}` : ""}` }),
    flagChips(inv),
    contactLinks(inv.practitioner),
    agency && (agency.phone || agency.email) ? h("p", { class: "small" }, `${agency.name}: `, contactLinks(agency)) : null,
    mine(inv) ? ownActions(inv) : null,
    mayAcknowledge(inv) ? acknowledgeAction(inv) : null,
  );
}

// A practitioner working with the child now can say they have seen another's information to
// share (the server decides; this only offers the button where it can succeed).
function mayAcknowledge(inv) {
  const who = me();
  if (!who?.practitioner_id || !inv.info_to_share || inv.until || mine(inv)) return false;
  if (inv.practitioner?.id === who.practitioner_id) return false;
  return !!myInvolvement(page.record);
}

function acknowledgeAction(inv) {
  return h("div", { class: "button-row" },
    h("button", {
      type: "button",
      class: "button-secondary",
      dataset: { acknowledge: inv.id || "" },
      onclick: () => acknowledge(inv),
    }, "I have seen this information to share"));
}

async function acknowledge(inv) {
  try {
    await api(`/api/v1/involvements/${encodeURIComponent(inv.id)}/acknowledge`, { method: "POST", reason: page.reason });
    flash(`Recorded: you have seen the information to share from ${whoName(inv)}.`);
    await reload();
  } catch (error) {
    flash(errorText(error, "That acknowledgement was not recorded"));
  }
}

function renderWhoElse(record) {
  const box = clear($("who-body"));
  if (record.withheld?.length) {
    box.append(h("p", {}, "Withheld: the record is shielded. Contact the index team at ", ...indexTeam(record.contact), "."));
    return;
  }
  const current = record.involvements.filter((i) => !i.until);
  const ended = record.involvements.filter((i) => i.until);
  if (!current.length) box.append(h("p", { class: "notice", text: "Nobody is recorded as working with this child now." }));
  else box.append(h("ul", { class: "cards", id: "who-current" }, current.map(involvementCard)));
  if (ended.length) {
    box.append(h("details", { class: "ended" }, h("summary", { text: `Ended involvements (${ended.length})` }), h("ul", { class: "cards", id: "who-ended" }, ended.map(involvementCard))));
  }
}

function renderFlags(record) {
  const box = clear($("flags-body"));
  if (record.withheld?.length) {
    box.append(h("p", { class: "muted", text: "Withheld: the record is shielded." }));
    return;
  }
  const items = [];
  for (const inv of record.involvements.filter((i) => !i.until && !i.redacted)) {
    const who = whoName(inv);
    const recorder = personOf(inv.recorded_by);
    const by = recorder ? `; recorded by ${recorder}${inv.updated_at ? ` on ${fmtDateTime(inv.updated_at)}` : ""}` : "";
    if (inv.lead_professional) items.push(h("li", {}, h("strong", { text: "Lead professional: " }), `${who}, since ${fmtDate(inv.since)}${by}`));
    if (inv.assessment_kind) items.push(h("li", {}, h("strong", { text: `Assessment (${assessmentWords(inv.assessment_kind)}): ` }), `${who}${inv.assessment_date ? `, on ${fmtDate(inv.assessment_date)}` : ""}${by}`));
    if (inv.info_to_share) items.push(h("li", {}, h("strong", { text: "Information to share: " }), `${who}${inv.info_to_share_since ? `, raised ${fmtDate(inv.info_to_share_since)}` : ""}${by}`));
  }
  if (!record.involvements.some((i) => !i.until && i.lead_professional)) {
    items.unshift(h("li", { class: "flag-missing", text: "Nobody is recorded as lead professional." }));
  }
  box.append(h("ul", { class: "flag-list" }, items));
}

// --- the practitioner's own involvement ----------------------------------------------------------

async function patchMine(inv, body, done) {
  try {
    await api(`/api/v1/involvements/${encodeURIComponent(inv.id)}`, { method: "PATCH", body, reason: page.reason });
    flash(done);
    await reload();
    return true;
  } catch (error) {
    flash(errorText(error, "That change was not made"));
    return false;
  }
}

function ownActions(inv) {
  const box = h("div", { class: "own-actions" }, h("p", { class: "small", text: "Your involvement:" }));
  const row = h("div", { class: "button-row" });
  row.append(
    inv.lead_professional
      ? h("button", { type: "button", class: "button-secondary", onclick: () => patchMine(inv, { lead_professional: false }, "You are no longer lead professional.") }, "Stop being lead professional")
      : h("button", { type: "button", class: "button-secondary", onclick: () => patchMine(inv, { lead_professional: true }, "You are now the lead professional.") }, "I am the lead professional"),
    inv.info_to_share
      ? h("button", { type: "button", class: "button-secondary", onclick: () => patchMine(inv, { info_to_share: false }, "Information to share cleared.") }, "Clear information to share")
      : h("button", { type: "button", class: "button-secondary", onclick: () => patchMine(inv, { info_to_share: true }, "Raised: you have information to share.") }, "I have information to share"),
  );
  if (inv.assessment_kind) {
    row.append(h("button", { type: "button", class: "button-secondary", onclick: () => clearAssessment(inv) }, "Clear assessment"));
  }
  box.append(row);
  const uid = (inv.id || "x").replace(/[^A-Za-z0-9_-]/g, "_");
  if (!inv.assessment_kind) box.append(assessmentForm(inv, uid));
  const until = h("input", { type: "date", id: `end-date-${uid}`, value: today(), max: today(), required: true });
  box.append(h("form", { class: "inline-form", novalidate: true, onsubmit: (e) => { e.preventDefault(); endMine(inv, until); } },
    h("label", { for: until.id, text: "Ended on" }), until,
    h("button", { type: "submit", class: "button-warning" }, "End my involvement")));
  return box;
}

/** Recording an assessment takes a chosen kind and date, and a yes. */
function assessmentForm(inv, uid) {
  const kind = h("select", { id: `assess-kind-${uid}`, required: true },
    h("option", { value: "", text: "choose…" }),
    Object.entries(ASSESSMENTS).map(([value, label]) => h("option", { value, text: label })));
  const when = h("input", { type: "date", id: `assess-date-${uid}`, max: today(), required: true });
  const problem = h("p", { class: "field-error", id: `assess-error-${uid}`, role: "alert" });
  const submit = async (event) => {
    event.preventDefault();
    if (!kind.value || !when.value) {
      problem.textContent = !kind.value ? "Choose the kind of assessment." : "Give the date of the assessment.";
      (!kind.value ? kind : when).focus();
      return;
    }
    problem.textContent = "";
    const ok = await confirmAction({
      title: "Record this assessment?",
      text: `You are recording ${/^[aeiou]/i.test(ASSESSMENTS[kind.value]) ? "an" : "a"} ${ASSESSMENTS[kind.value]} assessment, done on ${fmtDate(when.value)}. Everyone working with this child will see it.`,
      confirm: "Record the assessment",
    });
    if (ok) await patchMine(inv, { assessment_kind: kind.value, assessment_date: when.value }, "Assessment recorded.");
  };
  return h("form", { class: "inline-form", novalidate: true, onsubmit: submit },
    h("label", { for: kind.id, text: "Assessment" }), kind,
    h("label", { for: when.id, text: "done on" }), when,
    h("button", { type: "submit", class: "button-secondary" }, "Record assessment"),
    problem);
}

async function clearAssessment(inv) {
  const ok = await confirmAction({
    title: "Clear your assessment?",
    text: `The ${assessmentWords(inv.assessment_kind)} assessment${inv.assessment_date ? ` of ${fmtDate(inv.assessment_date)}` : ""} will no longer show on this child's record.`,
    confirm: "Clear the assessment",
    danger: true,
  });
  if (ok) await patchMine(inv, { clear: ["assessment"] }, "Assessment cleared.");
}

async function endMine(inv, until) {
  if (!until.value) {
    flash("Give the date your involvement ended.");
    until.focus();
    return;
  }
  const ok = await confirmAction({
    title: "End your involvement?",
    text: `Your involvement (${inv.service || "your work"}) will show as ended on ${fmtDate(until.value)}. The others working with this child will see it has ended; you cannot reopen it, only record a new one.`,
    confirm: "End my involvement",
    danger: true,
  });
  if (!ok) return;
  if (await patchMine(inv, { until: until.value }, "Your involvement is ended.")) $("who-title").focus();
}

async function recordMine(event) {
  event.preventDefault();
  const who = me();
  const error = $("involvement-error");
  const service = $("inv-service").value.trim();
  const since = $("inv-since").value;
  const assessment = $("inv-assessment").value;
  const assessmentDate = $("inv-assessment-date").value;
  const problems = [];
  if (!service) problems.push("Say what you do with this child.");
  if (!since) problems.push("Give the date you started.");
  if (assessmentDate && !assessment) problems.push("Choose the kind of assessment, or clear its date.");
  if (problems.length) {
    showError(error, problems.join(" "));
    (!service ? $("inv-service") : $("inv-since")).focus();
    return;
  }
  if (myInvolvement(page.record)) {
    showError(error, "You are already recorded as working with this child: change your card instead.");
    return;
  }
  const body = {
    practitioner_id: who.practitioner_id,
    agency_id: who.agency_id,
    service,
    since,
    lead_professional: $("inv-lead").checked,
    info_to_share: $("inv-info").checked,
    consent: $("inv-consent").checked,
  };
  if (assessment) {
    body.assessment_kind = assessment;
    if (assessmentDate) body.assessment_date = assessmentDate;
  }
  $("inv-submit").disabled = true;
  try {
    await api(`/api/v1/children/${encodeURIComponent(page.id)}/involvements`, { method: "POST", body, reason: page.reason });
    showError(error, "");
    $("involvement-form").reset();
    $("inv-since").value = today();
    flash("Your involvement is recorded: the others working with this child can now see you.");
    await reload();
    $("who-title").focus();
  } catch (err) {
    showError(error, errorText(err, "Your involvement was not recorded"));
    error.focus?.();
  } finally {
    $("inv-submit").disabled = false;
  }
}

function renderMine(record) {
  const practitioner = hasRole("practitioner") && me()?.practitioner_id && !record.withheld?.length;
  $("mine-section").hidden = !practitioner;
  const already = !!myInvolvement(record);
  $("mine-title").textContent = already ? "Your involvement" : "Record my involvement";
  $("mine-already").hidden = !already;
  $("involvement-form").hidden = already; // one involvement each: change it on its card
}

// --- shielding (the responsible area's shielding officer) -------------------------------------

function renderShielding(record) {
  const section = $("shield-section");
  const la = record.child.responsible_la;
  const mayShield = hasRole("shielding_officer") && !!la && me()?.la === la;
  section.hidden = !mayShield;
  if (!mayShield) return;
  const shielded = !!record.child.shielded;
  const body = clear($("shield-body"));
  body.append(
    h("p", { text: shielded
      ? `Shielded: only ${placeName(la)}'s shielding officers see this child's address, contacts and services. Everyone else sees names and date of birth, and your index team's contact.`
      : "Not shielded: everyone who may read this record sees its address, contacts and services." }),
    h("button", {
      type: "button",
      class: shielded ? "button-secondary" : "button-warning",
      id: "shield-toggle",
      onclick: () => toggleShield(!shielded),
    }, shielded ? "Remove shielding" : "Shield this record"),
  );
}

async function toggleShield(shield) {
  const name = fullName(page.record.child);
  const ok = await confirmAction(shield
    ? {
      title: `Shield ${name}'s record?`,
      text: "From now on, only your area's shielding officers see the address, contacts, identifiers and services. Everyone else is told to contact your index team. Practitioners who already opened the record keep what they saw.",
      confirm: "Shield this record",
      danger: true,
      reasonLabel: "Why is this record shielded?",
    }
    : {
      title: `Remove the shielding of ${name}'s record?`,
      text: "Everyone who may read this record will see its address, contacts and services again. Only do this when the child is no longer at risk from anyone who could look them up.",
      confirm: "Remove shielding",
      danger: true,
      reasonLabel: "Why is the shielding no longer needed?",
    });
  if (!ok) return;
  try {
    await api(`/api/v1/children/${encodeURIComponent(page.id)}/shield`, { method: shield ? "POST" : "DELETE", reason: ok.reason });
    flash(shield ? `${name}'s record is shielded.` : `${name}'s record is no longer shielded.`);
    await reload();
    $("shield-title").focus();
  } catch (error) {
    flash(errorText(error, "The shielding was not changed"));
  }
}

// --- a transfer into the reader's area (its stewards) --------------------------------------------

async function renderTransfer(record) {
  const section = $("transfer-section");
  section.hidden = true;
  const area = me()?.la;
  if (!hasRole("data_steward") || !area || record.withheld?.length) return;
  let moves;
  try {
    moves = await api(`/api/v1/children/${encodeURIComponent(page.id)}/moves`, { reason: page.reason });
  } catch {
    return; // the record shows; only the offer to accept is missing
  }
  const pending = (moves.items || []).find((m) => m.status === "pending" && m.la === area);
  if (!pending) return;
  section.hidden = false;
  clear($("transfer-body")).append(
    h("p", { text: `Moved into ${placeName(area)} on ${fmtDate(pending.since)} from ${placeName(pending.from_la)}. ${placeName(pending.from_la)} stays responsible until you accept.` }),
    h("button", { type: "button", id: "transfer-accept", onclick: () => acceptTransfer(pending) }, "Accept responsibility"),
  );
}

/** Accept a pending transfer into the reader's area (here and on the transfers page). */
export async function acceptTransferOf(child, move) {
  const ok = await confirmAction({
    title: `Accept responsibility for ${child}?`,
    text: `${placeName(move.la || me()?.la)} becomes the responsible local authority from today: its stewards keep the record, its managers see the child's gaps. ${placeName(move.from_la)} can no longer change the record. This cannot be undone here.`,
    confirm: "Accept responsibility",
  });
  if (!ok) return false;
  try {
    await api(`/api/v1/children/${encodeURIComponent(move.child_id)}/moves/${encodeURIComponent(move.id)}/accept`, { method: "POST" });
    flash(`${placeName(me()?.la)} is now responsible for ${child}.`);
    return true;
  } catch (error) {
    flash(errorText(error, "The transfer was not accepted"));
    return false;
  }
}

async function acceptTransfer(move) {
  if (await acceptTransferOf(fullName(page.record.child), { ...move, child_id: page.id })) {
    await reload();
    $("record-title").focus();
  }
}

// --- gaps ------------------------------------------------------------------------------------

async function loadGaps(id, reason) {
  const box = clear($("gaps-body"));
  box.append(h("p", { class: "muted", text: "Checking…" }));
  page.gaps = [];
  page.graph?.setGaps([]); // no evidence is marked until the gaps say what it is
  let gaps;
  try {
    gaps = await api(`/api/v1/children/${encodeURIComponent(id)}/gaps`, { reason });
  } catch (error) {
    if (id === page.id) clear(box).append(h("p", { class: "muted", text: error.status === 404 ? "Gap checks are not available on this server yet." : errorText(error, "Gaps could not be checked") }));
    return;
  }
  if (id !== page.id) return;
  clear(box);
  if (gaps.withheld) {
    box.append(h("p", {}, "Withheld: the record is shielded. Contact the index team at ", ...indexTeam(page.record?.contact), "."));
    return;
  }
  if (!gaps.items.length) {
    box.append(h("p", { class: "ok", text: `No gaps found (checked as of ${fmtDate(gaps.as_of)}).` }));
    return;
  }
  page.gaps = gaps.items;
  const list = h("ul", { class: "gap-list", id: "gap-list" });
  for (const gap of gaps.items) {
    list.append(
      h("li", { class: `gap gap-${gap.severity}`, dataset: { code: gap.code } },
        h("p", { class: "card-title" }, severityTag(gap.severity), " ", gap.title),
        h("p", { text: gap.reason }),
        h("p", {}, h("strong", { text: "Suggested action: " }), gap.action),
        gap.since ? h("p", { class: "small muted", text: `since ${fmtDate(gap.since)}` }) : null,
        gap.evidence?.length ? h("button", { type: "button", class: "button-link", onclick: () => showEvidence(gap) }, "Show the evidence in the network") : null,
      ),
    );
  }
  box.append(h("p", { class: "small muted", text: `As of ${fmtDate(gaps.as_of)}; the evidence is marked in the network, its colour and width by priority.` }), list);
  page.graph?.setGaps(page.gaps);
  nodeList();
}

function showEvidence(gap) {
  const graph = page.graph;
  if (!graph) return;
  const evidence = gap.evidence || [];
  const first = evidence.find((id) => graph.cy.getElementById(id).nonempty());
  graph.cy.elements().unselect();
  for (const id of evidence) graph.cy.getElementById(id).select();
  graph.cy.edges().filter((e) => evidence.includes(e.data("properties")?.id)).select();
  $("graph").scrollIntoView({ behavior: "smooth", block: "center" });
  if (first) graph.select(first);
}

// --- the network -----------------------------------------------------------------------------

function gapWords(gaps) {
  return gaps.map((g) => {
    const rule = g.title === g.code ? gapRule(g.code) : g; // marked by the network, not listed
    return `${rule.title} (${SEVERITIES[rule.severity]?.words || "priority not known"})`;
  }).join("; ");
}

function detailsFor(item) {
  const body = clear($("graph-details-body"));
  if (!item) {
    body.append(h("p", { class: "muted", text: "Select someone in the picture or in the list below." }));
    return;
  }
  const evidence = item.gaps?.length ? h("p", { class: `tag tag-${item.gaps[0].severity}`, text: `Evidence for: ${gapWords(item.gaps)}` }) : null;
  if (item.what === "edge") {
    const p = item.properties || {};
    body.append(
      h("p", { class: "card-title", text: `${item.source} ${item.words} ${item.target}` }),
      p.service ? h("p", { text: p.service }) : null,
      p.relationship ? h("p", { text: words(p.relationship) }) : null,
      p.since ? h("p", { class: "small", text: `since ${fmtDate(p.since)}${p.until ? `, ended ${fmtDate(p.until)}` : ""}` }) : null,
      item.current === false && !p.until ? h("p", { class: "small", text: "Ended" }) : null,
      p.lead_professional ? h("p", { class: "tag tag-lead", text: "lead professional" }) : null,
      p.info_to_share ? h("p", { class: "tag tag-info", text: "information to share" }) : null,
      evidence,
    );
    return;
  }
  const p = item.properties || {};
  const kindLabel = (KINDS[item.visualKind] || KINDS.agency).label;
  const dl = h("dl", { class: "facts small" });
  fact(dl, "What", kindLabel);
  fact(dl, "Job", p.job_title);
  fact(dl, "Kind", p.kind ? agencyKind(p.kind) : "");
  fact(dl, "Born", p.date_of_birth ? fmtDate(p.date_of_birth) : "");
  if (p.shielded) fact(dl, "Shielded", "yes");
  if (p.sensitive) fact(dl, "Sensitive service", "yes");
  body.append(h("p", { class: "card-title", text: item.label }), dl);
  if (evidence) body.append(evidence);
  if (item.links?.length) {
    body.append(h("ul", { class: "small links" }, item.links.slice(0, 12).map((l) => h("li", { text: `${l.words} ${l.other}` }))));
  }
  const row = h("div", { class: "button-row" });
  if (item.kind === "child" && !item.focus) {
    row.append(h("a", { href: `/children/${encodeURIComponent(item.id)}`, "data-nav": true, class: "button button-secondary" }, "Open this child's record"));
  }
  if (item.kind === "child" || item.kind === "carer") {
    row.append(h("button", { type: "button", class: "button-secondary", id: "graph-expand", onclick: () => expand(item.id, { fromButton: true }) }, "Expand"));
  }
  if (row.childNodes.length) body.append(row);
}

function nodeList() {
  if (!page.graph) return;
  const list = clear($("graph-nodes"));
  const all = page.graph.nodes();
  const shown = all.filter((n) => !n.hidden);
  const nodes = shown.sort((a, b) => Number(b.focus) - Number(a.focus) || a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));
  const gapsById = new Map(page.graph.cy.nodes().map((n) => [n.id(), page.graph.gapsOf(n)]));
  for (const node of nodes) {
    const kind = node.id.startsWith("sensitive-") ? "sensitive" : node.kind;
    const gaps = gapsById.get(node.id) || [];
    list.append(h("li", {}, h("button", { type: "button", class: "button-link", onclick: () => page.graph.select(node.id) },
      `${node.label} — ${(KINDS[kind] || KINDS.agency).label.toLowerCase()}${gaps.length ? ` (evidence for a ${SEVERITIES[gaps[0].severity]?.adjective || ""} gap)` : ""}`)));
  }
  const hidden = all.length - shown.length;
  $("graph-list-hidden").textContent = hidden ? `${hidden} more are hidden by the choices above the picture.` : "";
}

function kindChecks() {
  const box = clear($("graph-kind-checks"));
  for (const [kind, { label }] of Object.entries(KINDS)) {
    const id = `graph-kind-${kind}`;
    box.append(h("div", { class: "field checkbox" },
      h("input", { type: "checkbox", id, checked: true, dataset: { kind }, onchange: applyFilters }),
      h("label", { for: id, text: label })));
  }
}

/** The day `index` days after the earliest start in the picture, as an ISO date. */
function dayAt(index) {
  const start = new Date(`${asOf.first}T12:00:00Z`);
  start.setUTCDate(start.getUTCDate() + Number(index));
  return start.toISOString().slice(0, 10);
}

function daysBetween(from, to) {
  return Math.round((new Date(`${to}T12:00:00Z`) - new Date(`${from}T12:00:00Z`)) / 86_400_000);
}

const asOf = { first: null };

function setUpAsOf() {
  const first = page.graph?.earliest() || today();
  asOf.first = first < today() ? first : today();
  const slider = $("graph-asof");
  slider.min = "0";
  slider.max = String(daysBetween(asOf.first, today()));
  $("graph-asof-date").min = asOf.first;
  $("graph-asof-date").max = today();
  if (!$("graph-asof-date").value) {
    slider.value = slider.max;
    $("graph-asof-date").value = today();
  }
}

function applyFilters() {
  if (!page.graph) return;
  const hiddenKinds = new Set(
    [...document.querySelectorAll("#graph-kind-checks input")].filter((box) => !box.checked).map((box) => box.dataset.kind),
  );
  const on = $("graph-asof-on").checked;
  $("graph-asof-controls").hidden = !on;
  const day = on ? $("graph-asof-date").value || today() : null;
  page.graph.setFilter({ hiddenKinds, showEnded: $("graph-ended").checked, asOf: day });
  $("graph-asof").setAttribute("aria-valuetext", day ? fmtDate(day) : "");
  $("graph-asof-text").textContent = day ? `Showing the links that held on ${fmtDate(day)}: moves, carers and services as they were then.` : "";
  nodeList();
}

function findInGraph(event) {
  event.preventDefault();
  const graph = page.graph;
  const text = $("graph-find").value;
  const list = clear($("graph-find-list"));
  if (!graph) return;
  const found = text.trim() ? graph.find(text) : [];
  if (!text.trim()) {
    graph.find("");
    $("graph-find-result").textContent = "Type part of a name.";
    return;
  }
  if (!found.length) {
    $("graph-find-result").textContent = `Nobody called "${text.trim()}" is in the picture${graph.nodes().some((n) => n.hidden) ? " as shown: some are hidden by your choices" : ""}.`;
    return;
  }
  $("graph-find-result").textContent = `${found.length} found, outlined in blue in the picture.`;
  for (const node of found.slice(0, 10)) {
    list.append(h("li", {}, h("button", { type: "button", class: "button-link", onclick: () => graph.select(node.id) },
      `${node.label} — ${(KINDS[node.kind] || KINDS.agency).label.toLowerCase()}`)));
  }
  if (found.length === 1) graph.select(found[0].id);
}

async function loadNetwork(id, reason, depth) {
  if (!page.graph) {
    page.graph = new NetworkGraph($("graph"), { onSelect: detailsFor, onExpand: (nodeId) => expand(nodeId) });
    legend($("graph-legend"));
  }
  const ticket = ++page.loading; // a later drawing (or an Expand) wins over this one
  try {
    const network = await api(`/api/v1/children/${encodeURIComponent(id)}/network`, { query: { depth }, reason });
    if (id !== page.id || ticket !== page.loading) return;
    page.graph.show(network);
    page.graph.setGaps(page.gaps);
    setUpAsOf();
    applyFilters();
    detailsFor(null);
    $("graph").setAttribute("aria-label", `The child's network: ${network.nodes.length} people, services and places. The same is listed below the picture.`);
  } catch (error) {
    flash(errorText(error, "The network could not be drawn"));
  }
}

async function expand(nodeId, { fromButton = false } = {}) {
  const graph = page.graph;
  const node = graph?.cy.getElementById(nodeId);
  if (!node || node.empty()) return;
  const kind = node.data("kind");
  page.loading += 1; // a picture still being drawn would replace what this adds
  try {
    let added = 0;
    if (kind === "child" && nodeId !== page.id) {
      const reason = await reasonForChild(nodeId, node.data("label"));
      if (!reason) {
        if (fromButton) $("graph-expand")?.focus();
        return;
      }
      const network = await api(`/api/v1/children/${encodeURIComponent(nodeId)}/network`, { query: { depth: 1 }, reason });
      added = graph.merge(network);
    } else if (kind === "child" || kind === "carer") {
      if (page.depth >= 3) {
        flash("The family is already shown as far as it goes (three steps).");
        return;
      }
      page.depth += 1;
      $("graph-depth").value = String(page.depth);
      const network = await api(`/api/v1/children/${encodeURIComponent(page.id)}/network`, { query: { depth: page.depth }, reason: page.reason });
      added = graph.merge(network);
    } else {
      flash("Only children and carers can be expanded: select a practitioner or service for details.");
      return;
    }
    setUpAsOf();
    applyFilters();
    flash(added ? `Added ${added} to the picture.` : "Nothing more to add around them.");
    graph.select(nodeId);
    // the details were drawn afresh: keep the keyboard where it was
    if (fromButton) ($("graph-expand") || $("graph-details-title")).focus();
  } catch (error) {
    flash(errorText(error, "Could not expand"));
  }
}

// --- the page --------------------------------------------------------------------------------

async function reload() {
  const id = page.id;
  const record = await api(`/api/v1/children/${encodeURIComponent(id)}`, { reason: page.reason });
  if (id !== page.id) return;
  page.record = record;
  renderRecord(record);
  renderWhoElse(record);
  renderFlags(record);
  renderCarers(record);
  renderResidence(record);
  renderMine(record);
  renderShielding(record);
  await renderTransfer(record);
  await loadNetwork(id, page.reason, page.depth);
  await loadGaps(id, page.reason);
}

export async function showChild(id) {
  page.id = id;
  page.record = null;
  page.gaps = [];
  page.depth = Number($("graph-depth").value) || 2;
  const error = $("child-error");
  showError(error, "");
  $("child-body").hidden = true;
  const reason = await reasonForChild(id);
  if (id !== page.id) return;
  if (!reason) {
    const again = h("button", { type: "button", class: "button-secondary", id: "child-reason-again", onclick: () => showChild(id) }, "Give a reason");
    clear(error).append("You need to say why before you can see this record. ", again);
    error.hidden = false;
    again.focus(); // the dialog closed over a page with nothing else on it yet
    return;
  }
  page.reason = reason;
  $("inv-since").value = today();
  $("inv-since").max = today();
  $("graph-find").value = "";
  clear($("graph-find-list"));
  $("graph-find-result").textContent = "";
  $("graph-asof-on").checked = false;
  $("graph-asof-date").value = "";
  try {
    $("child-body").hidden = false;
    $("child-title").focus({ preventScroll: true }); // the reason dialog had the focus
    await reload();
    if (document.activeElement === document.body) $("child-title").focus({ preventScroll: true });
  } catch (err) {
    $("child-body").hidden = true;
    const message = err.status === 404
      ? "There is no record with this id that you may see."
      : errorText(err, "The record could not be opened");
    showError(error, message);
  }
}

export function setUpChild() {
  $("child-title").setAttribute("tabindex", "-1");
  for (const id of ["who-title", "record-title", "shield-title"]) $(id).setAttribute("tabindex", "-1");
  $("involvement-form").addEventListener("submit", recordMine);
  $("graph-fit").addEventListener("click", () => page.graph?.fit());
  $("graph-depth").addEventListener("change", async () => {
    page.depth = Number($("graph-depth").value);
    if (page.id && page.reason) await loadNetwork(page.id, page.reason, page.depth);
  });
  kindChecks();
  $("graph-ended").addEventListener("change", applyFilters);
  $("graph-asof-on").addEventListener("change", applyFilters);
  $("graph-asof").addEventListener("input", () => {
    $("graph-asof-date").value = dayAt($("graph-asof").value);
    applyFilters();
  });
  $("graph-asof-date").addEventListener("change", () => {
    const day = $("graph-asof-date").value;
    if (!day) return;
    $("graph-asof").value = String(Math.max(0, daysBetween(asOf.first, day)));
    applyFilters();
  });
  $("graph-find-form").addEventListener("submit", findInGraph);
}
