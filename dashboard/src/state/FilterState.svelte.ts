import {
  activeFilterKeys,
  emptyFilters,
  filtersToParams,
  listFilterKeys,
  parseFilters,
  type FilterKey,
  type FilterValues,
  type ListFilterKey,
} from './filterSearch.ts';

/**
 * The global filters, shared by every page. Each field is reactive, so any panel that
 * builds its request from `values` re-fetches when a filter changes (that is the
 * cross-filtering); App keeps the page URL in step with it.
 */
export class FilterState {
  from = $state<string | undefined>();
  to = $state<string | undefined>();
  service = $state<string[]>([]);
  locality = $state<string[]>([]);
  team = $state<string[]>([]);
  ageBand = $state<string[]>([]);
  sex = $state<string[]>([]);
  ethnicity = $state<string[]>([]);
  send = $state<boolean | undefined>();

  /** A plain snapshot; reading it subscribes to every filter. */
  get values(): FilterValues {
    return {
      from: this.from,
      to: this.to,
      service: [...this.service],
      locality: [...this.locality],
      team: [...this.team],
      ageBand: [...this.ageBand],
      sex: [...this.sex],
      ethnicity: [...this.ethnicity],
      send: this.send,
    };
  }

  get active(): FilterKey[] {
    return activeFilterKeys(this.values);
  }

  set(values: FilterValues): void {
    this.from = values.from;
    this.to = values.to;
    for (const key of listFilterKeys) this[key] = [...values[key]];
    this.send = values.send;
  }

  setList(key: ListFilterKey, values: string[]): void {
    this[key] = [...new Set(values)].sort();
  }

  setPeriod(from: string | undefined, to: string | undefined): void {
    this.from = from || undefined;
    this.to = to || undefined;
  }

  clear(key?: FilterKey): void {
    if (!key) return this.set(emptyFilters());
    if (key === 'period') this.setPeriod(undefined, undefined);
    else if (key === 'send') this.send = undefined;
    else this[key] = [];
  }

  loadSearch(search: string): void {
    this.set(parseFilters(search));
  }

  /** Query parameters for an API request, keeping only the filters the indicator accepts. */
  params(accepts?: readonly string[]): URLSearchParams {
    return filtersToParams(this.values, accepts);
  }
}
