import { $, clear, errorText, fmtDate, fullName, h, postcodeDistrict, showError, words } from "./dom.js";
import { MIN_REASON } from "./config.js";
import { placeName } from "./names.js";
import { api, keepSearchReason, lastReason, rememberName } from "./session.js";

function render(results, asked) {
  const box = clear($("search-results"));
  const items = results.items || [];
  if (!items.length) {
    box.append(h("p", { class: "notice", text: `No child matches ${asked}. Check the spelling and the date of birth, or try the NHS number.` }));
    return;
  }
  box.append(h("h2", { id: "results-title", text: `${items.length} ${items.length === 1 ? "child" : "children"} found` }));
  const list = h("ol", { class: "result-list", "aria-labelledby": "results-title" });
  for (const hit of items) {
    const child = hit.child;
    const name = fullName(child);
    rememberName(child.id, `${name} (born ${fmtDate(child.date_of_birth)})`);
    const where = child.shielded
      ? h("span", { class: "tag tag-shielded", text: "shielded record" })
      : postcodeDistrict(child.postcode)
        ? `postcode district ${postcodeDistrict(child.postcode)}`
        : "";
    list.append(
      h("li", { class: "result" },
        h("a", { href: `/children/${encodeURIComponent(child.id)}`, "data-nav": true, class: "result-name" }, name),
        child.other_names?.length ? h("p", { class: "muted", text: `also known as ${child.other_names.join(", ")}` }) : null,
        h("p", {},
          `Born ${fmtDate(child.date_of_birth)}`,
          child.sex ? ` · ${words(child.sex)}` : "",
          child.responsible_la ? ` · ${placeName(child.responsible_la)}` : "",
          where ? " · " : "", where),
        h("p", { class: "muted small", text: `matched on ${hit.matched_on.map(words).join(", ") || "—"}` }),
      ),
    );
  }
  box.append(list);
}

export function setUpSearch() {
  $("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const nhs = $("search-nhs").value.replace(/\s+/g, "");
    const name = $("search-name").value.trim();
    const dob = $("search-dob").value;
    const reason = $("search-reason").value.trim();
    const problems = [];
    if (!nhs && !(name && dob)) problems.push("Give an NHS number, or a name and a date of birth.");
    if (reason.length < MIN_REASON) problems.push(`Say why you are searching (at least ${MIN_REASON} characters).`);
    if (problems.length) {
      clear($("search-results")); // an earlier search's results would read as this one's
      showError($("search-error"), problems.join(" "));
      (!nhs && !name ? $("search-nhs") : reason.length < MIN_REASON ? $("search-reason") : $("search-dob")).focus();
      return;
    }
    showError($("search-error"), "");
    keepSearchReason(reason);
    const query = nhs ? { nhs_number: nhs } : { name, date_of_birth: dob };
    const asked = nhs ? `NHS number ${nhs}` : `${name}, born ${fmtDate(dob)}`;
    $("search-submit").disabled = true;
    clear($("search-results")).append(h("p", { class: "muted", text: "Searching…" }));
    try {
      render(await api("/api/v1/children", { query, reason }), asked);
    } catch (error) {
      clear($("search-results"));
      showError($("search-error"), errorText(error, "The search did not run"));
    } finally {
      $("search-submit").disabled = false;
    }
  });
}

export function showSearch() {
  if (!$("search-reason").value) $("search-reason").value = lastReason();
}
