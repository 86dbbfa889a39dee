// The shell's router: one page, six views (sign in, search, child, dashboard, duplicates, audit), switched with
// the History API so the in-memory session survives moving between them.

import { $, flash } from "./dom.js";
import { hasRole, me, onSignedOut, signedIn, signOut } from "./session.js";
import { setUpReasonDialog } from "./reason.js";
import { setUpLogin, showLogin } from "./login.js";
import { setUpSearch, showSearch } from "./search.js";
import { setUpChild, showChild } from "./child.js";
import { setUpDashboard, showDashboard } from "./dashboard.js";
import { setUpDuplicates, showDuplicates } from "./duplicates.js";
import { setUpAudit, showAudit } from "./audit.js";

const TITLES = {
  login: "Sign in",
  search: "Find a child",
  child: "A child's record",
  dashboard: "Gaps and coverage",
  duplicates: "Possible duplicates",
  audit: "Audit trail",
};

let afterSignIn = "/";

function viewOf(path) {
  if (path === "/login") return { name: "login" };
  if (path === "/dashboard") return { name: "dashboard" };
  if (path === "/duplicates") return { name: "duplicates" };
  if (path === "/audit") return { name: "audit" };
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
  $("nav-dashboard").hidden = !hasRole("manager", "mash");
  $("nav-duplicates").hidden = !hasRole("data_steward");
  $("nav-audit").hidden = !hasRole("auditor");
  if (who) {
    const roles = who.roles.map((r) => r.replaceAll("_", " ")).join(", ");
    $("whoami-name").textContent = `${who.username} (${roles}${who.la ? `, ${who.la}` : ""})`;
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
  else if (view.name === "search") showSearch();
  else if (view.name === "child") await showChild(view.id);
  else if (view.name === "dashboard") await showDashboard();
  else if (view.name === "duplicates") await showDuplicates();
  else if (view.name === "audit") await showAudit();
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
  setUpLogin(signedInNow);
  setUpSearch(navigate);
  setUpChild(navigate);
  setUpDashboard(navigate);
  setUpDuplicates();
  setUpAudit();
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
