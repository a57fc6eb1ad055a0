import * as Plot from '@observablehq/plot';
import { formatCount, humanize } from '../lib/format.ts';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';

export interface StageHeatmapOptions extends ChartOptions {
  /** Stages worst first, for both axes. */
  stages: string[];
  baseline?: string;
  latest?: string;
  count?: string;
}

/**
 * Stage transition matrix: baseline stage down the side, latest stage across, the number
 * of subjects in each cell. Cells above the diagonal moved up a stage.
 */
export function stageHeatmap(rows: Row[], { stages, baseline = 'baseline_stage', latest = 'latest_stage', count = 'subjects', document, width = 640, height, ariaLabel, ariaDescription }: StageHeatmapOptions) {
  const labels = stages.map(humanize);
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = `${humanize(String(r[baseline]))}\u0000${humanize(String(r[latest]))}`;
    counts.set(key, (counts.get(key) ?? 0) + Number(r[count] ?? 0));
  }
  // Every cell of the grid is drawn, so a transition nobody made reads as 0, not as a gap.
  const data = rows.length ? labels.flatMap((from) => labels.map((to) => ({ from, to, n: counts.get(`${from}\u0000${to}`) ?? 0 }))) : [];
  const max = Math.max(1, ...data.map((d) => d.n));
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height: height ?? 80 + 40 * labels.length,
      marginLeft: 150,
      marginBottom: 70,
      ariaLabel,
      ariaDescription,
      x: { domain: labels, label: 'Latest stage', tickRotate: -20 },
      y: { domain: labels, label: 'Baseline stage' },
      color: { type: 'linear', domain: [0, max], range: ['#f4f7fb', '#1d4f91'] },
      // No colour legend: every cell prints its count (a ramp legend would also need a canvas).
      marks: [
        Plot.cell(data, { x: 'to', y: 'from', fill: 'n', inset: 1 }),
        // Dark text on pale cells, white on dark ones, so every count is legible.
        Plot.text(data, { x: 'to', y: 'from', text: (d: { n: number }) => formatCount(d.n), fill: (d: { n: number }) => (d.n > max * 0.55 ? 'white' : 'black') }),
      ],
    }),
  );
}
