import type { Period } from '../api/Meta.ts';

/** The period whose dates are exactly from-to ('all' for none), else 'custom'. */
export function periodIdOf(periods: Period[], from: string | undefined, to: string | undefined): string {
  const match = periods.find((p) => (p.from ?? undefined) === from && (p.to ?? undefined) === to);
  if (match) return match.id;
  return from || to ? 'custom' : 'all';
}

/** April-March financial year of a date: 2024-05-01 -> FY 2024/25 (1 Apr 2024 - 31 Mar 2025). */
export function financialYear(iso: string): { label: string; from: string; to: string } {
  const [y, m] = iso.split('-').map(Number);
  const start = m >= 4 ? y : y - 1;
  return { label: `FY ${start}/${String((start + 1) % 100).padStart(2, '0')}`, from: `${start}-04-01`, to: `${start + 1}-03-31` };
}
