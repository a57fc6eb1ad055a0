const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The strict written form of a date in a query string: YYYY-MM-DD. */
export const isoDatePattern = ISO_DATE;

/**
 * Whether `v` is a day that exists, written YYYY-MM-DD. The pattern alone lets 2024-02-30
 * and 2024-13-01 through, and DuckDB refuses them when the value is cast to DATE, which
 * would make a typo in a link a server error instead of a 400 (issue #5). A date that
 * reads back the same after a round trip through the calendar is a real one: 2024-02-30
 * comes back as 2024-03-01.
 */
export function isCalendarDate(v: string): boolean {
  if (!ISO_DATE.test(v)) return false;
  const ms = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v;
}
