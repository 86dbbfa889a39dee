// Asking before anything that cannot simply be undone: one dialog that says what will happen,
// optionally takes the reason for this one decision, and returns focus where it was.

import { $ } from "./dom.js";
import { MIN_REASON } from "./config.js";

let pending = null;
let opener = null;
let asksReason = false;

function finish(value) {
  const dialog = $("confirm-dialog");
  if (dialog.open) dialog.close();
  const resolve = pending;
  pending = null;
  // the control that asked, if it is still on the page: keyboard users carry on from there
  if (opener && opener.isConnected && !opener.closest("[hidden]")) opener.focus();
  opener = null;
  if (resolve) resolve(value);
}

export function setUpConfirmDialog() {
  const reason = $("confirm-reason");
  $("confirm-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (asksReason && reason.value.trim().length < MIN_REASON) {
      $("confirm-reason-error").textContent = `Give a reason of at least ${MIN_REASON} characters.`;
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
      return;
    }
    finish({ reason: asksReason ? reason.value.trim() : "" });
  });
  $("confirm-cancel").addEventListener("click", () => finish(null));
  $("confirm-dialog").addEventListener("cancel", (event) => {
    event.preventDefault();
    finish(null);
  });
}

/**
 * Ask before an action. Resolves to `{reason}` (an empty reason unless `reasonLabel` asks for
 * one) when confirmed, or null when cancelled.
 * @param {object} ask
 * @param {string} ask.title - the question ("End your involvement?")
 * @param {string} ask.text - what will happen, in words
 * @param {string} ask.confirm - the button's words ("End my involvement")
 * @param {boolean} [ask.danger] - a red button
 * @param {string} [ask.reasonLabel] - ask for this decision's reason, with this label
 * @param {string} [ask.reasonHint]
 */
export function confirmAction({ title, text, confirm, danger = false, reasonLabel = null, reasonHint = "" }) {
  if (pending) finish(null);
  opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  asksReason = !!reasonLabel;
  $("confirm-title").textContent = title;
  $("confirm-text").textContent = text;
  $("confirm-ok").textContent = confirm;
  $("confirm-ok").className = danger ? "button-warning" : "";
  $("confirm-reason-field").hidden = !asksReason;
  $("confirm-reason-label").textContent = reasonLabel || "";
  $("confirm-reason-hint").textContent = reasonHint || `At least ${MIN_REASON} characters; kept in the audit trail with your name.`;
  $("confirm-reason-error").textContent = "";
  const reason = $("confirm-reason");
  reason.value = "";
  reason.removeAttribute("aria-invalid");
  return new Promise((resolve) => {
    pending = resolve;
    $("confirm-dialog").showModal();
    (asksReason ? reason : $("confirm-cancel")).focus();
  });
}
