// The child page: the record exactly as the API redacts it, who else is involved (with
// click-to-call and mail), flags, carers, residence, gaps, the network graph, and the
// practitioner's own actions.

import {
  $, clear, contactLinks, errorText, fact, flash, fmtDate, fmtDateTime, fullName, h,
  showError, today, words,
} from "./dom.js";
import { keptReason } from "./reason.js";
import { NetworkGraph, edgeWords, legend, KINDS } from "./graph.js";
import { api, hasRole, knownName, lastReason, me, reasonFor } from "./session.js";

const page = { id: null, record: null, reason: null, depth: 2, graph: null, loading: 0 };
let navigateTo = null;

// exposed for the browser tests, which assert on what the graph library reports
window.childindex = { graph: () => page.graph };

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
  return h("span", { class: `tag tag-${severity}`, text: `${severity} priority` });
}

// --- the record ------------------------------------------------------------------------------

function indexTeam(contact) {
  if (!contact) return ["the local authority index team"];
  const name = contact.name ? `${contact.name} index team` : `the index team of local authority ${contact.la}`;
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
  fact(dl, "Responsible local authority", c.responsible_la);
  fact(dl, "Lives in local authority", record.current_la);
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
          h("td", {}, r.la_name ? `${r.la_name} (${r.la})` : r.la, r.address_line || r.postcode ? h("div", { class: "small muted", text: [r.address_line, r.postcode].filter(Boolean).join(", ") }) : null),
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

function flagChips(inv) {
  const chips = [];
  if (inv.lead_professional) chips.push(h("span", { class: "tag tag-lead", text: "lead professional" }));
  if (inv.assessment_kind) chips.push(h("span", { class: "tag", text: `assessment: ${words(inv.assessment_kind)}${inv.assessment_date ? `, ${fmtDate(inv.assessment_date)}` : ""}` }));
  if (inv.info_to_share) chips.push(h("span", { class: "tag tag-info", text: `information to share${inv.info_to_share_since ? ` since ${fmtDate(inv.info_to_share_since)}` : ""}` }));
  return chips.length ? h("p", { class: "chips" }, chips) : null;
}

function mine(inv) {
  const who = me();
  return !!who && !!who.practitioner_id && inv.practitioner?.id === who.practitioner_id && !inv.until;
}

function involvementCard(inv) {
  if (inv.redacted) {
    return h("li", { class: "card card-sensitive" },
      h("p", { class: "card-title", text: "A sensitive service is involved" }),
      h("p", {}, "Its name and practitioner are withheld. Contact via ", ...indexTeam(inv.contact)),
    );
  }
  const agency = inv.agency;
  return h("li", { class: `card${inv.until ? " card-ended" : ""}`, dataset: { involvement: inv.id || "" } },
    h("p", { class: "card-title" }, whoName(inv)),
    agency && inv.practitioner ? h("p", { class: "small", text: `${agency.name} (${words(agency.kind)})` }) : agency ? h("p", { class: "small", text: words(agency.kind) }) : null,
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
  return (page.record?.involvements || []).some((i) => !i.until && i.practitioner?.id === who.practitioner_id);
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
    const by = inv.recorded_by ? `; recorded by ${inv.recorded_by}${inv.updated_at ? ` on ${fmtDateTime(inv.updated_at)}` : ""}` : "";
    if (inv.lead_professional) items.push(h("li", {}, h("strong", { text: "Lead professional: " }), `${who}, since ${fmtDate(inv.since)}${by}`));
    if (inv.assessment_kind) items.push(h("li", {}, h("strong", { text: `Assessment (${words(inv.assessment_kind)}): ` }), `${who}${inv.assessment_date ? `, on ${fmtDate(inv.assessment_date)}` : ""}${by}`));
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
  } catch (error) {
    flash(errorText(error, "That change was not made"));
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
    row.append(h("button", { type: "button", class: "button-secondary", onclick: () => patchMine(inv, { clear: ["assessment"] }, "Assessment cleared.") }, "Clear assessment"));
  }
  box.append(row);
  const uid = (inv.id || "x").replace(/[^A-Za-z0-9_-]/g, "_");
  if (!inv.assessment_kind) {
    const kind = h("select", { id: `assess-kind-${uid}` },
      ["early_help", "child_in_need", "child_protection", "health", "education_send", "other"].map((k) => h("option", { value: k, text: words(k) })));
    const when = h("input", { type: "date", id: `assess-date-${uid}`, value: today(), max: today() });
    box.append(h("form", { class: "inline-form", onsubmit: (e) => { e.preventDefault(); patchMine(inv, { assessment_kind: kind.value, assessment_date: when.value || null }, "Assessment recorded."); } },
      h("label", { for: kind.id, text: "Assessment" }), kind,
      h("label", { for: when.id, text: "on" }), when,
      h("button", { type: "submit", class: "button-secondary" }, "Record assessment")));
  }
  const until = h("input", { type: "date", id: `end-date-${uid}`, value: today(), max: today() });
  box.append(h("form", { class: "inline-form", onsubmit: (e) => { e.preventDefault(); patchMine(inv, { until: until.value }, "Your involvement is ended."); } },
    h("label", { for: until.id, text: "Ended on" }), until,
    h("button", { type: "submit", class: "button-warning" }, "End my involvement")));
  return box;
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
  } catch (err) {
    showError(error, errorText(err, "Your involvement was not recorded"));
    error.focus?.();
  } finally {
    $("inv-submit").disabled = false;
  }
}

// --- gaps ------------------------------------------------------------------------------------

async function loadGaps(id, reason) {
  const box = clear($("gaps-body"));
  box.append(h("p", { class: "muted", text: "Checking…" }));
  let gaps;
  try {
    gaps = await api(`/api/v1/children/${encodeURIComponent(id)}/gaps`, { reason });
  } catch (error) {
    clear(box).append(h("p", { class: "muted", text: error.status === 404 ? "Gap checks are not available on this server yet." : errorText(error, "Gaps could not be checked") }));
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
  const evidence = new Set();
  const list = h("ul", { class: "gap-list", id: "gap-list" });
  for (const gap of gaps.items) {
    for (const e of gap.evidence || []) evidence.add(e);
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
  box.append(h("p", { class: "small muted", text: `As of ${fmtDate(gaps.as_of)}; the evidence is marked red in the network.` }), list);
  page.graph?.setEvidence([...evidence]);
}

function showEvidence(gap) {
  const graph = page.graph;
  if (!graph) return;
  const first = (gap.evidence || []).find((id) => graph.cy.getElementById(id).nonempty());
  graph.cy.elements().unselect();
  for (const id of gap.evidence || []) graph.cy.getElementById(id).select();
  graph.cy.edges().filter((e) => (gap.evidence || []).includes(e.data("properties")?.id)).select();
  $("graph").scrollIntoView({ behavior: "smooth", block: "center" });
  if (first) graph.select(first);
}

// --- the network -----------------------------------------------------------------------------

function detailsFor(item) {
  const body = clear($("graph-details-body"));
  if (!item) {
    body.append(h("p", { class: "muted", text: "Select someone in the picture or in the list below." }));
    return;
  }
  if (item.what === "edge") {
    const p = item.properties || {};
    body.append(
      h("p", { class: "card-title", text: `${item.source} ${edgeWords(item.type)} ${item.target}` }),
      p.service ? h("p", { text: p.service }) : null,
      p.relationship ? h("p", { text: words(p.relationship) }) : null,
      p.since ? h("p", { class: "small", text: `since ${fmtDate(p.since)}${p.until ? `, ended ${fmtDate(p.until)}` : ""}` }) : null,
      item.current === false ? h("p", { class: "small", text: "Ended" }) : null,
      p.lead_professional ? h("p", { class: "tag tag-lead", text: "lead professional" }) : null,
      p.info_to_share ? h("p", { class: "tag tag-info", text: "information to share" }) : null,
      item.gap ? h("p", { class: "tag tag-high", text: `evidence for: ${(item.gaps || []).join(", ") || "a gap"}` }) : null,
    );
    return;
  }
  const p = item.properties || {};
  const kindLabel = (KINDS[item.visualKind] || KINDS.agency).label;
  const dl = h("dl", { class: "facts small" });
  fact(dl, "What", kindLabel);
  fact(dl, "Job", p.job_title);
  fact(dl, "Kind", p.kind ? words(p.kind) : "");
  fact(dl, "Born", p.date_of_birth ? fmtDate(p.date_of_birth) : "");
  if (p.shielded) fact(dl, "Shielded", "yes");
  if (p.sensitive) fact(dl, "Sensitive service", "yes");
  body.append(h("p", { class: "card-title", text: item.label }), dl);
  if (item.gap) body.append(h("p", { class: "tag tag-high", text: `evidence for: ${(item.gaps || []).join(", ") || "a gap"}` }));
  if (item.links?.length) {
    body.append(h("ul", { class: "small links" }, item.links.slice(0, 12).map((l) => h("li", { text: `${edgeWords(l.type)} ${l.other}${l.current === false ? " (ended)" : ""}` }))));
  }
  const row = h("div", { class: "button-row" });
  if (item.kind === "child" && !item.focus) {
    row.append(h("a", { href: `/children/${encodeURIComponent(item.id)}`, "data-nav": true, class: "button button-secondary" }, "Open this child's record"));
  }
  if (item.kind === "child" || item.kind === "carer") {
    row.append(h("button", { type: "button", class: "button-secondary", id: "graph-expand", onclick: () => expand(item.id) }, "Expand"));
  }
  if (row.childNodes.length) body.append(row);
}

function nodeList() {
  const list = clear($("graph-nodes"));
  const nodes = page.graph.nodes().sort((a, b) => Number(b.focus) - Number(a.focus) || a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));
  for (const node of nodes) {
    const kind = node.id.startsWith("sensitive-") ? "sensitive" : node.kind;
    list.append(h("li", {}, h("button", { type: "button", class: "button-link", onclick: () => page.graph.select(node.id) },
      `${node.label} — ${(KINDS[kind] || KINDS.agency).label.toLowerCase()}${node.gap ? " (gap evidence)" : ""}`)));
  }
}

async function loadNetwork(id, reason, depth) {
  if (!page.graph) {
    page.graph = new NetworkGraph($("graph"), { onSelect: detailsFor, onExpand: expand });
    legend($("graph-legend"));
  }
  try {
    const network = await api(`/api/v1/children/${encodeURIComponent(id)}/network`, { query: { depth }, reason });
    if (id !== page.id) return;
    page.graph.show(network);
    nodeList();
    detailsFor(null);
    $("graph").setAttribute("aria-label", `The child's network: ${network.nodes.length} people, services and places. The same is listed below the picture.`);
  } catch (error) {
    flash(errorText(error, "The network could not be drawn"));
  }
}

async function expand(nodeId) {
  const graph = page.graph;
  const node = graph?.cy.getElementById(nodeId);
  if (!node || node.empty()) return;
  const kind = node.data("kind");
  try {
    let added = 0;
    if (kind === "child" && nodeId !== page.id) {
      const reason = await reasonForChild(nodeId, node.data("label"));
      if (!reason) return;
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
    nodeList();
    flash(added ? `Added ${added} to the picture.` : "Nothing more to add around them.");
    graph.select(nodeId);
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
  $("mine-section").hidden = !(hasRole("practitioner") && me()?.practitioner_id && !record.withheld?.length);
  await loadNetwork(id, page.reason, page.depth);
  await loadGaps(id, page.reason);
}

export async function showChild(id) {
  page.id = id;
  page.record = null;
  page.depth = Number($("graph-depth").value) || 2;
  const error = $("child-error");
  showError(error, "");
  $("child-body").hidden = true;
  const reason = await reasonForChild(id);
  if (id !== page.id) return;
  if (!reason) {
    clear(error).append(
      "You need to say why before you can see this record. ",
      h("button", { type: "button", class: "button-secondary", onclick: () => showChild(id) }, "Give a reason"),
    );
    error.hidden = false;
    return;
  }
  page.reason = reason;
  $("inv-since").value = today();
  $("inv-since").max = today();
  try {
    $("child-body").hidden = false;
    await reload();
  } catch (err) {
    $("child-body").hidden = true;
    const message = err.status === 404
      ? "There is no record with this id that you may see."
      : errorText(err, "The record could not be opened");
    showError(error, message);
  }
}

export function setUpChild(navigate) {
  navigateTo = navigate;
  $("involvement-form").addEventListener("submit", recordMine);
  $("graph-fit").addEventListener("click", () => page.graph?.fit());
  $("graph-depth").addEventListener("change", async () => {
    page.depth = Number($("graph-depth").value);
    if (page.id && page.reason) await loadNetwork(page.id, page.reason, page.depth);
  });
  void navigateTo;
}
