import { pages, pageById, type PageInfo } from '../pages/pages.ts';
import { listFilterKeys } from './filterSearch.ts';

/** Query keys that belong to the filters or the router, never to a page's own choices. */
const reserved = new Set<string>(['page', 'from', 'to', 'send', ...listFilterKeys]);

/**
 * Which page is showing, and the page's own choices (which tool, which grouping). Both
 * live in the query string beside the filters (`?page=distance&tool=family_star_plus&...`),
 * so the whole view is one link and the server needs no route fallback.
 */
export class RouteState {
  page = $state<string>(pages[0].id);
  params = $state<Record<string, string>>({});
  /** Set by a navigation the user made; the next page heading to appear takes focus (not on first load). */
  private focusPending = false;

  get info(): PageInfo {
    return pageById(this.page) ?? pages[0];
  }

  /** A new page starts from its defaults: its choices are dropped. */
  go(id: string): void {
    const next = pageById(id) ? id : pages[0].id;
    if (next !== this.page) {
      this.params = {};
      this.focusPending = true;
    }
    this.page = next;
  }

  /** True once after a navigation: the page heading that asks takes focus, so a screen reader hears the new page. */
  takeFocus(): boolean {
    const pending = this.focusPending;
    this.focusPending = false;
    return pending;
  }

  param(key: string): string | undefined {
    return this.params[key];
  }

  setParam(key: string, value: string | undefined): void {
    if (reserved.has(key)) throw new Error(`${key} is a filter, not a page parameter`);
    const next = { ...this.params };
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
    this.params = next;
  }

  /** Reads the page and its choices from a query string; `initial` (the first load) moves no focus. */
  loadSearch(search: string, initial = false): void {
    const q = new URLSearchParams(search);
    const before = this.page;
    this.page = pageById(q.get('page') ?? '') ? q.get('page')! : pages[0].id;
    const params: Record<string, string> = {};
    for (const [k, v] of q) if (!reserved.has(k) && v !== '') params[k] = v;
    this.params = params;
    // Back and Forward to another page move focus like a link does.
    if (this.page !== before && !initial) this.focusPending = true;
  }
}
