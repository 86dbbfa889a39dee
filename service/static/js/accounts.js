// Admins' accounts page: every local account with its roles and area, created here with a
// first password, disabled (its tokens stop at once) or enabled again after a confirmation.

import { $, clear, errorText, flash, fmtDateTime, h, showError, words } from "./dom.js";
import { PAGE_SIZE } from "./config.js";
import { confirmAction } from "./confirm.js";
import { Pager } from "./pager.js";
import { placeList, placeName } from "./names.js";
import { api, hasRole, me } from "./session.js";

const ROLE_WORDS = {
  practitioner: "practitioner",
  mash: "MASH officer",
  manager: "manager",
  data_steward: "data steward",
  shielding_officer: "shielding officer",
  auditor: "auditor",
  admin: "admin",
};
const AREA_ROLES = new Set(["mash", "manager", "data_steward", "shielding_officer"]);

function roleWords(roles) {
  return roles.map((r) => ROLE_WORDS[r] || words(r)).join(", ");
}

async function setDisabled(account, disabled, button) {
  const ok = await confirmAction(disabled
    ? {
      title: `Disable ${account.username}?`,
      text: "They are signed out at once and cannot sign in again until an admin enables the account. Nothing they recorded is lost.",
      confirm: "Disable the account",
      danger: true,
    }
    : {
      title: `Enable ${account.username}?`,
      text: `They can sign in again as ${roleWords(account.roles)}.`,
      confirm: "Enable the account",
    });
  if (!ok) return;
  try {
    await api(`/api/v1/accounts/${encodeURIComponent(account.username)}`, { method: "PATCH", body: { disabled } });
    flash(`${account.username} is ${disabled ? "disabled" : "enabled"}.`);
    await pager.goTo(pager.page);
    document.querySelector(`#accounts-table tr[data-user="${CSS.escape(account.username)}"] button`)?.focus();
  } catch (error) {
    showError($("accounts-error"), errorText(error, "The account was not changed"));
    button.focus();
  }
}

function render() {
  const box = clear($("accounts-list"));
  if (!pager.items.length) {
    box.append(h("p", { class: "muted", text: "No accounts on this page." }));
    return;
  }
  const self = me()?.username;
  box.append(h("table", { class: "table", id: "accounts-table" },
    h("caption", { class: "visually-hidden", text: "Accounts" }),
    h("thead", {}, h("tr", {}, ["User name", "Roles", "Local authority", "Status"].map((t) => h("th", { scope: "col", text: t })), h("th", { scope: "col" }, h("span", { class: "visually-hidden", text: "Action" })))),
    h("tbody", {}, pager.items.map((account) => {
      const button = account.username === self
        ? h("span", { class: "small muted", text: "you" })
        : h("button", { type: "button", class: "button-secondary" },
          `${account.disabled ? "Enable" : "Disable"} ${account.username}`);
      if (button.tagName === "BUTTON") button.addEventListener("click", () => setDisabled(account, !account.disabled, button));
      return h("tr", { dataset: { user: account.username } },
        h("td", {}, account.username, account.created_at ? h("div", { class: "small muted", text: `since ${fmtDateTime(account.created_at)}` }) : null),
        h("td", { text: roleWords(account.roles) }),
        h("td", { text: account.la ? placeName(account.la) : "" }),
        h("td", { text: account.disabled ? "disabled" : "active" }),
        h("td", {}, button));
    }))));
}

const pager = new Pager("accounts", {
  fetch: (cursor) => api("/api/v1/accounts", { query: { limit: PAGE_SIZE, cursor } }),
  render,
  failure: "The accounts could not be loaded",
});

function chosenRoles() {
  return [...document.querySelectorAll("#account-roles input:checked")].map((box) => box.value);
}

function syncForm() {
  $("account-practitioner-fields").hidden = !chosenRoles().includes("practitioner");
}

async function lookUpPractitioner() {
  const id = $("account-practitioner").value.trim();
  const name = $("account-practitioner-name");
  const agency = clear($("account-agency"));
  if (!id) {
    name.textContent = "Give the practitioner's id first.";
    return;
  }
  try {
    const found = await api(`/api/v1/practitioners/${encodeURIComponent(id)}`);
    const jobs = (found.employment || []).filter((job) => !job.until);
    name.textContent = `${found.given_name} ${found.family_name}${found.job_title ? `, ${found.job_title}` : ""}`;
    if (!jobs.length) agency.append(h("option", { value: "", text: "they work for no agency now" }));
    for (const job of jobs) agency.append(h("option", { value: job.agency_id, text: job.agency_name || job.agency_id }));
  } catch (error) {
    name.textContent = error.status === 404 ? `No practitioner has the id ${id}.` : errorText(error, "Could not look them up");
    agency.append(h("option", { value: "", text: "look up the practitioner first" }));
  }
}

async function create(event) {
  event.preventDefault();
  const error = $("account-form-error");
  const roles = chosenRoles();
  const body = {
    username: $("account-username").value.trim(),
    roles,
    password: $("account-password").value,
  };
  const la = $("account-la").value;
  if (la) body.la = la;
  if (roles.includes("practitioner")) {
    body.practitioner_id = $("account-practitioner").value.trim();
    body.agency_id = $("account-agency").value;
  }
  const problems = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$/.test(body.username)) problems.push("Give a user name of 2 to 64 letters, digits or . _ @ -.");
  if (!roles.length) problems.push("Choose at least one role.");
  if (roles.some((r) => AREA_ROLES.has(r) && r !== "mash") && !la) problems.push("Choose the local authority the account acts for.");
  if (roles.includes("practitioner") && (!body.practitioner_id || !body.agency_id)) problems.push("Look up the practitioner and choose their agency.");
  if (body.password.length < 12) problems.push("Give a first password of at least 12 characters.");
  if (problems.length) {
    showError(error, problems.join(" "));
    error.focus();
    return;
  }
  $("account-submit").disabled = true;
  try {
    const made = await api("/api/v1/accounts", { method: "POST", body });
    showError(error, "");
    $("account-form").reset();
    syncForm();
    flash(`Account ${made.username} created (${roleWords(made.roles)}${made.la ? `, ${placeName(made.la)}` : ""}). Tell its holder the first password in person.`);
    await pager.goTo(pager.page);
    $("account-username").focus();
  } catch (failed) {
    showError(error, errorText(failed, "The account was not created"));
    error.focus();
  } finally {
    $("account-submit").disabled = false;
  }
}

export async function showAccounts() {
  showError($("accounts-error"), "");
  if (!hasRole("admin")) {
    clear($("accounts-list"));
    showError($("accounts-error"), "Accounts are managed by admins: your account is not one.");
    $("account-form").hidden = true;
    return;
  }
  $("account-form").hidden = false;
  const select = clear($("account-la"));
  select.append(h("option", { value: "", text: "none" }));
  for (const [code, name] of placeList()) select.append(h("option", { value: code, text: name }));
  syncForm();
  pager.reset();
  await pager.goTo(0);
}

export function setUpAccounts() {
  pager.wire();
  $("account-form").addEventListener("submit", create);
  $("account-roles").addEventListener("change", syncForm);
  $("account-practitioner-find").addEventListener("click", lookUpPractitioner);
}
