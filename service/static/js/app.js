// The shell's router: one page, a view per job (sign in, search and the role's own work, a
// child, the dashboard, duplicates, transfers, shielded records, the audit trail, accounts),
// switched with the History API so the in-memory session survives moving between them.

import { $, flash } from "./dom.js";
import { hasRole, me, onSignedOut, signedIn, signOut } from "./session.js";
import { setUpReasonDialog } from "./reason.js";
import { setUpConfirmDialog } from "./confirm.js";
import { loadNames, placeName } from "./names.js";
import { setUpLogin, showLogin } from "./login.js";
import { setUpSearch, showSearch } from "./search.js";
import { showHome } from "./home.js";
import { setUpChild, showChild } from "./child.js";
import { setUpDashboard, showDashboard } from "./dashboard.js";
import { setUpDuplicates, showDuplicates } from "./duplicates.js";
import { setUpTransfers, showTransfers } from "./transfers.js";
import { setUpShielded, showShielded } from "./shielded.js";
import { setUpAudit, showAudit } from "./audit.js";
import { setUpAccounts, showAccounts } from "./accounts.js";

const TITLES = {
  login: "Sign in",
  search: "Find a child",
  child: "A child's record",
  dashboard: "Gaps and coverage",
  duplicates: "Possible duplicates",
  transfers: "Transfers in",
  shielded: "Shielded records",
  audit: "Audit trail",
  accounts: "Accounts",
};

const SHOW = {
  dashboard: showDashboard,
  duplicates: showDuplicates,
  transfers: showTransfers,
  shielded: showShielded,
  audit: showAudit,
  accounts: showAccounts,
};

/** Roles that read children: everyone but admins (who manage accounts and see no child). */
const READERS = ["practitioner", "mash", "manager", "data_steward", "shielding_officer", "auditor"];

let afterSignIn = "/";

function viewOf(path) {
  const name = path.replace(/^\//, "");
  if (name === "login" || name in SHOW) return { name };
  const child = path.match(/^\/children\/([A-Za-z0-9._:-]+)$/);
  if (child) return { name: "child", id: decodeURIComponent(child[1]) };
  return { name: "search" };
}

function activate(name) {
  for (const view of document.querySelectorAll("main .view")) view.hidden = view.dataset.view !== name;
  $("loading").hidden = true;
  document.body.dataset.view = name;
  document.title = `${TITLES[name]} — childindex`;
  for (const link of document.querySelectorAll("[data-nav-view]")) {
    if (link.dataset.navView === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function masthead() {
  const who = me();
  $("main-nav").hidden = !who;
  $("whoami").hidden = !who;
  $("nav-search").hidden = !hasRole(...READERS);
  $("nav-dashboard").hidden = !hasRole("manager", "mash");
  $("nav-duplicates").hidden = !hasRole("data_steward");
  $("nav-transfers").hidden = !hasRole("data_steward");
  $("nav-shielded").hidden = !hasRole("shielding_officer");
  $("nav-audit").hidden = !hasRole("auditor");
  $("nav-accounts").hidden = !hasRole("admin");
  if (who) {
    const roles = who.roles.map((r) => r.replaceAll("_", " ")).join(", ");
    $("whoami-name").textContent = `${who.username} (${roles}${who.la ? `, ${placeName(who.la)}` : ""})`;
  }
}

async function route({ focus = true } = {}) {
  const path = window.location.pathname;
  let view = viewOf(path);
  if (!signedIn() && view.name !== "login") {
    afterSignIn = path + window.location.search;
    history.replaceState(null, "", "/login");
    view = { name: "login" };
  } else if (signedIn() && view.name === "login") {
    history.replaceState(null, "", "/");
    view = { name: "search" };
  }
  if (signedIn()) await loadNames();
  if (view.name === "search" && signedIn() && !hasRole(...READERS)) {
    // an admin's work is the accounts: a search would only be refused
    history.replaceState(null, "", "/accounts");
    view = { name: "accounts" };
  }
  masthead();
  activate(view.name);
  if (focus) {
    const heading = document.querySelector(`#view-${view.name} h1`);
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }
  if (view.name === "login") showLogin();
  else if (view.name === "search") {
    showSearch();
    await showHome();
  } else if (view.name === "child") await showChild(view.id);
  else await SHOW[view.name]();
}

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  return route();
}

function internalLink(event) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest("a[data-nav]");
  if (!link) return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}

function signedInNow() {
  const next = afterSignIn && afterSignIn !== "/login" ? afterSignIn : "/";
  afterSignIn = "/";
  navigate(next, { replace: true });
}

function start() {
  setUpReasonDialog();
  setUpConfirmDialog();
  setUpLogin(signedInNow);
  setUpSearch();
  setUpChild();
  setUpDashboard();
  setUpDuplicates();
  setUpTransfers();
  setUpShielded();
  setUpAudit();
  setUpAccounts();
  document.addEventListener("click", internalLink);
  window.addEventListener("popstate", () => route());
  $("sign-out").addEventListener("click", () => {
    signOut();
  });
  onSignedOut((why) => {
    afterSignIn = "/";
    history.pushState(null, "", "/login");
    route();
    if (why) flash(why);
    else flash("You are signed out.");
  });
  route({ focus: false });
}

start();
