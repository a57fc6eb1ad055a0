/** 'YYYY-MM' or 'YYYY-MM-DD' (as the API's rows carry them) to a UTC Date for a time scale. */
export function toDate(v: unknown): Date | null {
  if (v instanceof Date) return v;
  if (typeof v !== 'string') return null;
  const s = /^\d{4}-\d{2}$/.test(v) ? `${v}-01` : v.slice(0, 10);
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}
