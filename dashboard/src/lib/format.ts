// Number and date formatting shared by tiles, tables and CSV: one place so a number reads
// the same everywhere on the page.
const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

const fixed = [0, 1, 2, 3, 4].map((d) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d }));

export type Cell = string | number | boolean | null | undefined;
// NaN stands for a suppressed figure (a sum or rate over a cell shown as "c"): it prints as "c".

/** A count: 1,234. Null reads as an en dash so a gap is visible, not a zero. */
export function formatCount(v: Cell): string {
  if (v === null || v === undefined || v === '') return '–';
  if (Number.isNaN(v)) return 'c';
  return typeof v === 'number' ? integer.format(v) : String(v);
}

/** A percentage on the 0-100 scale: 42.5%. */
export function formatPercent(v: Cell): string {
  if (v === null || v === undefined || v === '') return '–';
  if (Number.isNaN(v)) return 'c';
  return typeof v === 'number' ? `${decimal.format(v)}%` : String(v);
}

/** A mean, difference or score: 1.25 (0 to 4 decimals). */
export function formatDecimal(v: Cell, digits: 0 | 1 | 2 | 3 | 4 = 2): string {
  if (v === null || v === undefined || v === '') return '–';
  if (Number.isNaN(v)) return 'c';
  if (typeof v !== 'number') return String(v);
  return fixed[digits].format(v);
}

/** Any cell in a table: numbers with separators (integers) or up to 2 decimals, booleans as Yes/No. */
export function formatCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (Number.isNaN(v)) return 'c';
  if (typeof v === 'number') return Number.isInteger(v) ? integer.format(v) : fixed[2].format(v);
  return v;
}

/** 2024-04-01 -> 1 Apr 2024. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Turns snake_case and camelCase codes into words for labels: first_contact -> First contact, openOverMonths -> Open over months. */
export function humanize(code: string): string {
  const s = code.replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A group's name for a label or a table cell: a group with no value (episodes with no team
 * recorded in the extract) reads "No team recorded", never a blank cell or "Null".
 */
export function groupLabel(v: Cell, what: string): string {
  return v === null || v === undefined || v === '' ? `No ${what} recorded` : String(v);
}

/** A team's name, or "No team recorded". */
export const teamLabel = (v: Cell): string => groupLabel(v, 'team');
