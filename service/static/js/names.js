// What codes stand for, so pages say "Ealing" (not "E09000009") and "Not registered with a GP"
// (not "NO_GP"): reference data (GET /api/v1/local-authorities, /api/v1/gaps/rules), read once
// per session.

import { api } from "./session.js";

const places = new Map();
const rules = new Map();
let loading = null;

/** Read the names once signed in; a failure leaves codes to show and tries again next time. */
export function loadNames() {
  if (!loading) {
    loading = Promise.all([api("/api/v1/local-authorities"), api("/api/v1/gaps/rules")])
      .then(([las, gapRules]) => {
        for (const la of las.items) places.set(la.code, la.name || la.code);
        for (const rule of gapRules.items) rules.set(rule.code, rule);
      })
      .catch(() => {
        loading = null;
      });
  }
  return loading;
}

/** "Ealing" for "E09000009"; the code itself only if the name is unknown. */
export function placeName(code) {
  if (!code) return "";
  return places.get(code) || code;
}

/** Every local authority as [code, name], by name, for choosing one. */
export function placeList() {
  return [...places.entries()].sort((a, b) => a[1].localeCompare(b[1]));
}

/** A gap rule's title and severity for its code ({title, severity}); the code if unknown. */
export function gapRule(code) {
  return rules.get(code) || { code, title: code, severity: null };
}
