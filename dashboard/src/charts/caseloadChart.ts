import * as Plot from '@observablehq/plot';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { labelMargin } from './labelMargin.ts';
import { palette } from './palette.ts';

export interface CaseloadChartOptions extends ChartOptions {
  worker?: string;
  open?: string;
  limit?: string;
}

/** Open cases per worker against their limit (caseload limit x FTE, the tick); bars over the limit are marked. */
export function caseloadChart(rows: Row[], { worker = 'worker_id', open = 'open_cases', limit = 'caseload_limit', document, width = 640, height, ariaLabel, ariaDescription }: CaseloadChartOptions = {}) {
  const data = rows.map((r) => {
    const cases = Number(r[open] ?? 0);
    const cap = typeof r[limit] === 'number' ? (r[limit] as number) : null;
    return { worker: String(r[worker]), cases, cap, status: cap !== null && cases > cap ? 'Over limit' : 'Within limit' };
  });
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height: height ?? 60 + 20 * data.length,
      marginLeft: labelMargin(data.map((d) => d.worker)),
      ariaLabel,
      ariaDescription,
      x: { grid: true, label: 'Open cases', axis: 'top' },
      y: { domain: data.map((d) => d.worker), label: null },
      color: { domain: ['Within limit', 'Over limit'], range: [palette.primary, palette.worse], legend: true },
      marks: [
        Plot.barX(data, { y: 'worker', x: 'cases', fill: 'status' }),
        // The limit: a black tick with a white edge, visible on blue and red bars alike.
        Plot.tickX(
          data.filter((d) => d.cap !== null),
          { y: 'worker', x: 'cap', stroke: 'white', strokeWidth: 5 },
        ),
        Plot.tickX(
          data.filter((d) => d.cap !== null),
          { y: 'worker', x: 'cap', stroke: 'black', strokeWidth: 2 },
        ),
        Plot.ruleX([0]),
      ],
    }),
  );
}
