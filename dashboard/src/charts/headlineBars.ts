import * as Plot from '@observablehq/plot';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import { countAxis } from './integerTicks.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';

export interface HeadlineBarsOptions extends ChartOptions {
  /** Column with the headline's label (rows keep their order). */
  label?: string;
  /** Columns shown as bars side by side, with their legend names. */
  measures?: Record<string, string>;
}

const defaultMeasures = {
  families: 'With a live need',
  families_all_met: 'All needs met',
  families_all_sustained: 'All needs sustained',
};

/** For each Supporting Families headline: families with a need in it, with all its needs met, and sustained. */
export function headlineBars(rows: Row[], { label = 'label', measures = defaultMeasures, document, width = 640, height, ariaLabel, ariaDescription }: HeadlineBarsOptions = {}) {
  const names = Object.values(measures);
  const long = rows.flatMap((r) => Object.entries(measures).map(([col, name]) => ({ headline: String(r[label]), measure: name, families: Number(r[col] ?? 0) })));
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height: height ?? 50 + rows.length * (names.length * 12 + 10),
      marginLeft: 230,
      ariaLabel,
      ariaDescription,
      x: { grid: true, label: 'Families', axis: 'top', ...countAxis(long.map((d) => d.families)) },
      fy: { domain: rows.map((r) => String(r[label])), label: null },
      y: { domain: names, axis: null },
      color: { domain: names, range: [palette.baseline, palette.primary, palette.better], legend: true },
      marks: [Plot.barX(long, { fy: 'headline', y: 'measure', x: 'families', fill: 'measure' }), Plot.ruleX([0])],
    }),
  );
}
