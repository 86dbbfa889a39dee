// A list the API answers a page at a time with an opaque `next_cursor`. The pager keeps the
// cursor of every page it has seen, so "Previous page" needs nothing from the server, and runs
// the controls `${prefix}-prev`, `${prefix}-page` and `${prefix}-next`; a failure shows in
// `${prefix}-error` and clears `${prefix}-list`, so no earlier answer stays under the error.

import { $, clear, errorText, showError } from "./dom.js";

export class Pager {
  /**
   * @param {string} prefix - the id prefix of the list's controls
   * @param {object} how
   * @param {(cursor: string|null) => Promise<object|null>} how.fetch - one page
   *   ({items, next_cursor}), or null when there is nothing to show (no reason given)
   * @param {() => void} how.render - draws `pager.items`
   * @param {string} how.failure - what failed, for the error message
   */
  constructor(prefix, { fetch, render, failure }) {
    Object.assign(this, { prefix, fetch, render, failure });
    this.reset();
  }

  reset() {
    Object.assign(this, { cursors: [null], page: 0, next: null, items: [] });
  }

  async goTo(pageIndex) {
    const error = $(`${this.prefix}-error`);
    try {
      const result = await this.fetch(this.cursors[pageIndex]);
      if (!result) return;
      Object.assign(this, { page: pageIndex, items: result.items, next: result.next_cursor });
      this.cursors[pageIndex + 1] = result.next_cursor;
      showError(error, "");
      this.render();
      $(`${this.prefix}-page`).textContent = `Page ${this.page + 1}${this.next ? "" : " (last)"}`;
      $(`${this.prefix}-prev`).disabled = this.page === 0;
      $(`${this.prefix}-next`).disabled = !this.next;
    } catch (failed) {
      Object.assign(this, { items: [], next: null });
      const list = $(`${this.prefix}-list`);
      if (list) clear(list);
      $(`${this.prefix}-page`).textContent = "";
      $(`${this.prefix}-prev`).disabled = true;
      $(`${this.prefix}-next`).disabled = true;
      showError(error, errorText(failed, this.failure));
    }
  }

  /** Wires the previous and next buttons (once, when the page is set up). */
  wire() {
    $(`${this.prefix}-prev`).addEventListener("click", () => this.goTo(Math.max(0, this.page - 1)));
    $(`${this.prefix}-next`).addEventListener("click", () => this.next && this.goTo(this.page + 1));
  }
}
