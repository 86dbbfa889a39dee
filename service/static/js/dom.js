// Building the page from API data: text always goes in as text (textContent), never as markup,
// so nothing a record holds can become script or HTML.

export const $ = (id) => document.getElementById(id);

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function show(el, visible = true) {
  el.hidden = !visible;
}

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
});

export function fmtDate(iso) {
  if (!iso) return "";
  const [y, m, d] = String(iso).slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return String(iso);
  return DATE.format(new Date(Date.UTC(y, m - 1, d, 12)));
}

export function fmtDateTime(iso) {
  if (!iso) return "";
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? String(iso) : DATE_TIME.format(when);
}

// "Today" is the date in England, as on the server (graph_model/clock.py), so a date picked as
// today is never refused as "in the future" by a server that is already, or still, elsewhere.
const ENGLAND_DAY = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit",
});

export function today() {
  const part = Object.fromEntries(
    ENGLAND_DAY.formatToParts(new Date()).map(({ type, value }) => [type, value]),
  );
  return `${part.year}-${part.month}-${part.day}`;
}

const ENGLAND_HOUR = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23",
});

/** The instant a day begins in England, as an ISO timestamp: "2026-07-02" -> "2026-07-01T23:00:00.000Z". */
export function startOfDayInEngland(day, { plusDays = 0 } = {}) {
  const [y, m, d] = day.split("-").map(Number);
  const midnightUtc = Date.UTC(y, m - 1, d + plusDays);
  const hour = ENGLAND_HOUR.formatToParts(new Date(midnightUtc)).find((p) => p.type === "hour");
  return new Date(midnightUtc - Number(hour.value) * 3600_000).toISOString();
}

export function words(code) {
  return code ? String(code).replaceAll("_", " ") : "";
}

export function fullName(person) {
  return [person?.given_name, person?.family_name].filter(Boolean).join(" ");
}

/** A UK number as people write it ("020 8825 1234", "07700 900123"); others as stored. */
export function phoneText(phone) {
  const dial = String(phone).replace(/[^\d+]/g, "");
  if (!/^\+44\d{9,10}$/.test(dial)) return String(phone);
  const national = `0${dial.slice(3)}`;
  if (/^02\d{9}$/.test(national)) return `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
  return `${national.slice(0, 5)} ${national.slice(5)}`;
}

/** A "tel:" link for a phone number: digits and a leading + only in the address. */
export function telLink(phone) {
  if (!phone) return null;
  const dial = String(phone).replace(/[^\d+]/g, "");
  return h("a", { href: `tel:${dial}`, class: "contact-link" }, h("span", { class: "icon", "aria-hidden": "true", text: "☎ " }), `Call ${phoneText(phone)}`);
}

export function mailLink(email) {
  if (!email) return null;
  return h("a", { href: `mailto:${encodeURIComponent(email).replace("%40", "@")}`, class: "contact-link" }, h("span", { class: "icon", "aria-hidden": "true", text: "✉ " }), `Email ${email}`);
}

export function contactLinks(thing) {
  const links = [telLink(thing?.phone), mailLink(thing?.email)].filter(Boolean);
  return links.length ? h("span", { class: "contacts" }, links) : null;
}

/** The outward part of a postcode ("W3" of "W3 6RS"): enough to pick a child, no more. */
export function postcodeDistrict(postcode) {
  if (!postcode) return "";
  const compact = String(postcode).toUpperCase().replace(/\s+/g, "");
  return compact.length > 3 ? compact.slice(0, -3) : compact;
}

/** A labelled fact for a <dl>. */
export function fact(dl, term, value) {
  if (value === null || value === undefined || value === "") return;
  dl.append(h("dt", { text: term }), h("dd", {}, value));
}

export function errorText(error, doing) {
  const lead = doing ? `${doing}: ` : "";
  if (!error) return `${lead}something went wrong.`;
  const details = (error.details || [])
    .filter((d) => !error.message.includes(d.message)) // the API's message words each problem already
    .map((d) => (d.field ? `${d.field.replace(/^(body|query)\./, "").replaceAll("_", " ")}: ${d.message}` : d.message))
    .join("; ");
  return `${lead}${error.message}${details && !error.message.includes(details) ? ` (${details})` : ""}`;
}

/** Show a message in an error box (role=alert), or hide the box. */
export function showError(box, message) {
  box.textContent = message || "";
  box.hidden = !message;
}

let flashTimer = null;
export function flash(message) {
  const box = $("flash");
  box.textContent = message;
  box.classList.add("visible");
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => box.classList.remove("visible"), 8000);
}
