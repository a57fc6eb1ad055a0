/**
 * The global filters every indicator accepts (product.md: period, service, locality,
 * team, age band, sex, ethnicity, SEND). An empty filter means "all". Values reach SQL
 * only as bound parameters.
 */
export interface Filters {
  /** Inclusive ISO dates; what the period applies to is the indicator's choice (its `period` column). */
  from?: string;
  to?: string;
  service?: string[];
  locality?: string[];
  team?: string[];
  /** Age bands of int_people (age at the extract date). */
  ageBand?: string[];
  sex?: string[];
  ethnicity?: string[];
  send?: boolean;
}

export const noFilters: Filters = Object.freeze({});

/** Age bands used for filtering and breakdowns: [label, lowest age, highest age]. */
export const ageBands: readonly [string, number, number][] = [
  ['0-4', 0, 4],
  ['5-9', 5, 9],
  ['10-13', 10, 13],
  ['14-17', 14, 17],
  ['18-24', 18, 24],
  ['25+', 25, 200],
];

export const hasPersonFilters = (f: Filters) =>
  Boolean(f.ageBand?.length || f.sex?.length || f.ethnicity?.length || f.send !== undefined);

/** No filter at all: the indicator covers everything, as its mart does. */
export const hasNoFilters = (f: Filters) =>
  !f.from && !f.to && !f.service?.length && !f.locality?.length && !f.team?.length && !hasPersonFilters(f);
