// The access-reason prompt: asked once per child or list, kept for the session (session.js).

import { $ } from "./dom.js";
import { MIN_REASON } from "./config.js";
import { keepReason, lastReason, reasonFor } from "./session.js";

let pending = null;

function finish(value) {
  const dialog = $("reason-dialog");
  if (dialog.open) dialog.close();
  const resolve = pending;
  pending = null;
  if (resolve) resolve(value);
}

export function setUpReasonDialog() {
  const dialog = $("reason-dialog");
  const input = $("reason-input");
  const error = $("reason-error");
  $("reason-form").addEventListener("submit", (event) => {
    event.preventDefault();
    // the server's rule (service/policy.py reason_ok): runs of spaces count once, and more
    // than one different letter or digit
    const reason = input.value.trim().split(/\s+/).join(" ");
    const distinct = new Set(reason.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")).size;
    if (reason.length < MIN_REASON || distinct < 2) {
      error.textContent = `Give a reason of at least ${MIN_REASON} characters, in words.`;
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    finish(reason);
  });
  $("reason-cancel").addEventListener("click", () => finish(null));
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    finish(null);
  });
}

/** Ask why the reader needs `subject`; resolves to the reason, or null if they cancel. */
function askReason(title, subject, suggestion = "") {
  if (pending) finish(null);
  const dialog = $("reason-dialog");
  const input = $("reason-input");
  $("reason-title").textContent = title;
  $("reason-subject").textContent = subject || "";
  $("reason-error").textContent = "";
  input.removeAttribute("aria-invalid");
  input.value = suggestion || "";
  return new Promise((resolve) => {
    pending = resolve;
    dialog.showModal();
    input.focus();
    input.select();
  });
}

/** The reason given for `key` earlier this session, else one asked for now and kept; null if
 * the reader cancels. */
export async function keptReason(key, title, subject, suggestion = lastReason()) {
  const known = reasonFor(key);
  if (known) return known;
  const reason = await askReason(title, subject, suggestion);
  if (reason) keepReason(key, reason);
  return reason;
}
