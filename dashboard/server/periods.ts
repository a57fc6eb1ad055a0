/** A reporting period the filters offer: calendar month, financial-year quarter, financial year (April-March), or all time. */
export interface Period {
  id: string;
  label: string;
  kind: 'all' | 'year' | 'quarter' | 'month';
  /** Inclusive ISO dates. */
  from: string;
  to: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
/** Last day of month m (0-based) of year y. */
const monthEnd = (y: number, m: number) => iso(y, m + 1, 0);

/**
 * Periods from the month of `earliest` to the month of `latest` (the extract date), newest
 * first within each kind: all time, financial years, quarters, the last 36 months. A period that the
 * extract date cuts short says "to date", so nobody reads a part year as a whole one.
 */
export function periodsBetween(earliest: string, latest: string): Period[] {
  const [ey, em] = earliest.split('-').map(Number);
  const [ly, lm] = latest.split('-').map(Number);
  const toDate = (to: string) => (to > latest ? ' (to date)' : '');
  const out: Period[] = [{ id: 'all', label: 'All time', kind: 'all', from: earliest, to: latest }];

  // Financial year N runs 1 April N to 31 March N+1.
  const fy = (y: number, m: number) => (m >= 4 ? y : y - 1);
  const years: Period[] = [];
  const quarters: Period[] = [];
  for (let y = fy(ly, lm); y >= fy(ey, em); y--) {
    const name = `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
    const to = iso(y + 1, 2, 31);
    years.push({ id: `fy${y}`, label: `FY ${name}${toDate(to)}`, kind: 'year', from: iso(y, 3, 1), to });
    for (let q = 4; q >= 1; q--) {
      const startMonth = 3 + (q - 1) * 3; // 0-based: April is 3
      const from = iso(y, startMonth, 1);
      const qTo = monthEnd(y, startMonth + 2);
      if (from > latest || qTo < `${earliest.slice(0, 7)}-01`) continue;
      quarters.push({ id: `fy${y}q${q}`, label: `Q${q} ${name}${toDate(qTo)}`, kind: 'quarter', from, to: qTo });
    }
  }
  const months: Period[] = [];
  // Months beyond three years are reachable through custom dates; a longer list helps nobody.
  for (let y = ly, m = lm; (y > ey || (y === ey && m >= em)) && months.length < 36; m === 1 ? ((m = 12), y--) : m--) {
    const to = monthEnd(y, m - 1);
    months.push({ id: `m${y}-${String(m).padStart(2, '0')}`, label: `${MONTHS[m - 1]} ${y}${toDate(to)}`, kind: 'month', from: iso(y, m - 1, 1), to });
  }
  return [...out, ...years, ...quarters, ...months];
}
