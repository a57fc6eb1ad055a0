// Monthly system measures from partners, per locality (logic-model system measures that
// are not about a person). County lines known drift down as targeted youth work beds in;
// the workforce trained and community initiatives grow.
import { addMonths, firstOfMonth, monthString } from './days.ts';
import type { Gen } from './Gen.ts';
import { localities } from './setting.ts';
import { Prng } from './Prng.ts';

export function areaMeasures(g: Gen, families: number) {
  const r = new Prng((g.seed ^ 0xa7ea0001) >>> 0);
  // Counts scale with the size of the sample (3000 families ~ one county-year).
  const scale = Math.max(0.2, families / 3000);
  const first = firstOfMonth(g.firstReferral);
  const months: number[] = [];
  for (let m = first; m <= g.today; m = addMonths(m, 1)) months.push(m);
  for (const loc of localities) {
    const size = scale * loc.weight * 4;
    months.forEach((m, k) => {
      const t = k / Math.max(1, months.length - 1);
      const values: Record<string, number> = {
        county_lines_known: Math.max(0, Math.round(r.normal(3 * size * (1 - 0.4 * t), Math.sqrt(size)))),
        risk_screenings: Math.max(0, Math.round(r.normal(25 * size * (1 + 0.3 * t), 2 * Math.sqrt(size)))),
        detached_contacts: Math.max(0, Math.round(r.normal(120 * size, 10 * Math.sqrt(size)))),
        community_initiatives: Math.max(0, Math.round(r.normal(2 * size * (1 + t), Math.sqrt(size) / 2))),
        workforce_trained: Math.max(0, Math.round(r.normal(6 * size * (1 + 0.5 * t), 2 * Math.sqrt(size)))),
      };
      for (const [measure, value] of Object.entries(values)) {
        g.sink.write('area_measures', { measure, period: monthString(m), locality: loc.name, value });
      }
    });
  }
}
