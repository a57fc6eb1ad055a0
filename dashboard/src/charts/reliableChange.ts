import * as Plot from '@observablehq/plot';
import { humanize } from '../lib/format.ts';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';

export interface ReliableChangeOptions extends ChartOptions {
  label?: string;
}

const kinds = ['Worse', 'Same', 'Improved, within noise', 'Reliable improvement'];

/**
 * Per area, the share of pairs worse, the same, improved by less than the reliable-change
 * threshold, and reliably improved (Jacobson-Truax), from the distance-travelled counts.
 */
export function reliableChange(rows: Row[], { label = 'area', document, width = 640, height, ariaLabel, ariaDescription }: ReliableChangeOptions = {}) {
  const n = (r: Row, k: string) => Number(r[k] ?? 0);
  const data = rows.flatMap((r) => {
    const total = n(r, 'n_pairs');
    if (!total) return [];
    const name = humanize(String(r[label]));
    const reliable = n(r, 'n_reliable');
    const parts: [string, number][] = [
      ['Worse', n(r, 'n_worse')],
      ['Same', n(r, 'n_same')],
      ['Improved, within noise', n(r, 'n_improved') - reliable],
      ['Reliable improvement', reliable],
    ];
    return parts.map(([kind, count]) => ({ name, kind, share: (100 * count) / total }));
  });
  const names = [...new Set(data.map((d) => d.name))];
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height: height ?? 70 + 28 * names.length,
      marginLeft: 200,
      ariaLabel,
      ariaDescription,
      x: { domain: [0, 100], label: 'Share of pairs (%)', axis: 'top', grid: true },
      y: { domain: names, label: null },
      color: { domain: kinds, range: [palette.worse, palette.same, '#7fbf7b', palette.better], legend: true },
      marks: [Plot.barX(data, { y: 'name', x: 'share', fill: 'kind', order: kinds, stroke: 'white', strokeWidth: 0.5 })],
    }),
  );
}
