// The signed-in session. The token lives only in this module's memory: it is never written to
// cookies or storage, so the browser never sends it by itself (no CSRF) and closing or
// reloading the tab ends the session. See README "Web UI".

const state = {
  token: null,
  expiresAt: 0,
  me: null,
  reasons: new Map(), // child id (or list key) -> the reason the reader gave, for this session
  names: new Map(), // child id -> a label seen in search results, for the reason prompt
  searchReason: "",
};

const listeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function onSignedOut(listener) {
  listeners.add(listener);
}

export function signedIn() {
  return state.token !== null;
}

export function me() {
  return state.me;
}

export function hasRole(...roles) {
  return !!state.me && roles.some((role) => state.me.roles.includes(role));
}

export function reasonFor(key) {
  return state.reasons.get(key) || null;
}

export function keepReason(key, reason) {
  state.reasons.set(key, reason);
}

export function lastReason() {
  return state.searchReason || [...state.reasons.values()].pop() || "";
}

export function keepSearchReason(reason) {
  state.searchReason = reason;
}

export function rememberName(childId, label) {
  state.names.set(childId, label);
}

export function knownName(childId) {
  return state.names.get(childId) || null;
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: keep the status line
  }
  const err = body && body.error ? body.error : null;
  const message = err ? err.message : `the server answered ${response.status} ${response.statusText}`;
  return new ApiError(response.status, err ? err.code : "http_error", message, err ? err.details : []);
}

export async function signIn(username, password) {
  const form = new URLSearchParams({ username, password });
  const response = await fetch("/api/v1/auth/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: form,
    credentials: "omit",
    cache: "no-store",
  });
  if (!response.ok) throw await errorOf(response);
  const token = await response.json();
  state.token = token.access_token;
  state.expiresAt = Date.now() + token.expires_in * 1000;
  try {
    state.me = await api("/api/v1/me");
  } catch (error) {
    signOut();
    throw error;
  }
  return state.me;
}

export function signOut(why = null) {
  const was = state.token !== null;
  state.token = null;
  state.expiresAt = 0;
  state.me = null;
  state.reasons.clear();
  state.names.clear();
  state.searchReason = "";
  if (was) for (const listener of listeners) listener(why);
}

/** Call the API with the token (and the access reason, for reads of child data). */
export async function api(path, { method = "GET", body = undefined, reason = null, query = null } = {}) {
  if (!state.token) throw new ApiError(401, "unauthorised", "sign in first");
  const headers = { Authorization: `Bearer ${state.token}`, Accept: "application/json" };
  if (reason) headers["X-Access-Reason"] = reason;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== null && value !== undefined && value !== "") params.set(key, value);
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "omit",
    cache: "no-store",
  });
  if (response.status === 401) {
    const error = await errorOf(response);
    signOut("Your session has ended (signed out, or the sign-in expired). Please sign in again.");
    throw error;
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return null;
  return response.json();
}
