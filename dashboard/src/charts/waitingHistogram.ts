import * as Plot from '@observablehq/plot';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { integerTicks } from './integerTicks.ts';
import { palette } from './palette.ts';

export interface WaitingHistogramOptions extends ChartOptions {
  /** Column with days waited so far. */
  days?: string;
}

/** How long the episodes on the waiting list have waited, in weeks. */
export function waitingHistogram(rows: Row[], { days = 'days_waiting', document, width = 640, height = 220, ariaLabel, ariaDescription }: WaitingHistogramOptions = {}) {
  const weeks = rows.filter((r) => typeof r[days] === 'number').map((r) => ({ weeks: Math.floor((r[days] as number) / 7) }));
  const maxWeek = Math.max(1, ...weeks.map((w) => w.weeks + 1));
  const perWeek = new Map<number, number>();
  for (const w of weeks) perWeek.set(w.weeks, (perWeek.get(w.weeks) ?? 0) + 1);
  const maxCount = Math.max(1, ...perWeek.values());
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height,
      marginLeft: 48,
      ariaLabel,
      ariaDescription,
      x: { label: 'Weeks waiting', labelAnchor: 'center', ticks: integerTicks(maxWeek), tickFormat: 'd' },
      y: { grid: true, label: 'Episodes', ticks: integerTicks(maxCount, 5), tickFormat: 'd' },
      marks: [Plot.rectY(weeks, { ...Plot.binX({ y: 'count' }, { x: 'weeks', interval: 1 }), fill: palette.primary, inset: 1 }), Plot.ruleY([0])],
    }),
  );
}
