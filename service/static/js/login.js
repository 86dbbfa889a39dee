import { $, errorText, showError } from "./dom.js";
import { signIn } from "./session.js";

export function setUpLogin(onSignedIn) {
  const form = $("login-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const username = $("login-username").value.trim();
    const password = $("login-password").value;
    if (!username || !password) {
      showError($("login-error"), "Enter your user name and your password.");
      (username ? $("login-password") : $("login-username")).focus();
      return;
    }
    $("login-submit").disabled = true;
    try {
      await signIn(username, password);
      showError($("login-error"), "");
      form.reset();
      onSignedIn();
    } catch (error) {
      const message =
        error.status === 401
          ? "That user name and password do not match an active account."
          : error.status === 429
            ? "Too many attempts: wait a minute, then try again."
            : errorText(error, "Could not sign in");
      showError($("login-error"), message);
      $("login-password").value = "";
      $("login-password").focus();
    } finally {
      $("login-submit").disabled = false;
    }
  });
}

export function showLogin() {
  $("login-username").focus();
}
