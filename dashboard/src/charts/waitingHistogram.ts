import * as Plot from '@observablehq/plot';
import type { Row } from '../lib/toCsv.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';

export interface WaitingHistogramOptions extends ChartOptions {
  /** Column with days waited so far. */
  days?: string;
}

/** How long the episodes on the waiting list have waited, in weeks. */
export function waitingHistogram(rows: Row[], { days = 'days_waiting', document, width = 640, height = 220, ariaLabel, ariaDescription }: WaitingHistogramOptions = {}) {
  const weeks = rows.filter((r) => typeof r[days] === 'number').map((r) => ({ weeks: Math.floor((r[days] as number) / 7) }));
  return Plot.plot({
    document,
    width,
    height,
    marginLeft: 48,
    ariaLabel,
    ariaDescription,
    x: { label: 'Weeks waiting', labelAnchor: 'center' },
    y: { grid: true, label: 'Episodes' },
    marks: [Plot.rectY(weeks, Plot.binX({ y: 'count' }, { x: 'weeks', interval: 1, fill: palette.primary, inset: 1 })), Plot.ruleY([0])],
  });
}
