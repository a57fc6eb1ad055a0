import * as Plot from '@observablehq/plot';
import { humanize } from '../lib/format.ts';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';

export interface StarChartOptions extends ChartOptions {
  /** Column naming the spoke (outcome area). */
  area?: string;
  baseline?: string;
  latest?: string;
  /** Scale of the tool (Outcome Stars run 1-10). */
  min?: number;
  max?: number;
}

const anchorOf = (x: number) => (Math.abs(x) < 0.1 ? 'middle' : x > 0 ? 'start' : 'end');

/**
 * The Outcome Star's own picture: one spoke per area, the mean baseline and mean latest
 * scores as two closed outlines. Positions are computed here (polar to x/y) so the chart
 * is plain Plot marks with no projection.
 */
export function starChart(rows: Row[], { area = 'area', baseline = 'mean_baseline', latest = 'mean_latest', min = 0, max = 10, document, width = 520, ariaLabel, ariaDescription }: StarChartOptions = {}) {
  const n = rows.length;
  const angle = (i: number) => (2 * Math.PI * i) / Math.max(n, 1) - Math.PI / 2;
  const at = (i: number, v: number) => {
    const r = (Math.max(min, Math.min(max, v)) - min) / (max - min || 1);
    return { x: r * Math.cos(angle(i)), y: r * Math.sin(angle(i)) };
  };
  const outline = (col: string, series: string) =>
    rows.flatMap((row, i) => (typeof row[col] === 'number' ? [{ ...at(i, row[col] as number), series, value: row[col] as number }] : []));
  const points = [...outline(baseline, 'Baseline'), ...outline(latest, 'Latest')];
  // Rings at whole scores (every 2 on a 1-10 scale, every 1 on a 1-5 one), labelled up the first spoke.
  const step = max - min > 5 ? 2 : 1;
  const ringScores: number[] = [];
  for (let v = Math.ceil((min + 0.001) / step) * step; v <= max; v += step) ringScores.push(v);
  const radius = (v: number) => (v - min) / (max - min || 1);
  const rings = ringScores.flatMap((v) => rows.map((_, i) => ({ ring: v, x: radius(v) * Math.cos(angle(i)), y: radius(v) * Math.sin(angle(i)) })));
  const spokes = rows.map((row, i) => ({ x: Math.cos(angle(i)), y: Math.sin(angle(i)), label: humanize(String(row[area])) }));
  const ringLabels = ringScores.map((v) => ({ x: 0, y: -radius(v), text: String(v) }));
  const size = Math.min(width, 560);
  return accessibleChart(
    Plot.plot({
      document,
      width: size,
      height: size,
      margin: 100,
      marginTop: 40,
      marginBottom: 40,
      ariaLabel,
      ariaDescription,
      x: { domain: [-1, 1], axis: null },
      // SVG y grows downwards: reversing it keeps the first area at the top.
      y: { domain: [-1, 1], axis: null, reverse: true },
      color: { domain: ['Baseline', 'Latest'], range: [palette.baseline, palette.primary], legend: true },
      marks: [
        Plot.line(rings, { x: 'x', y: 'y', z: 'ring', curve: 'linear-closed', stroke: palette.grid, strokeWidth: 0.75 }),
        Plot.link(spokes, { x1: 0, y1: 0, x2: 'x', y2: 'y', stroke: palette.grid, strokeWidth: 0.75 }),
        Plot.text(ringLabels, { x: 'x', y: 'y', text: 'text', dx: 8, fontSize: 9, fill: palette.same }),
        // textAnchor is a constant in Plot, so the labels are three marks: top/bottom, right, left.
        ...(['middle', 'start', 'end'] as const).map((anchor) =>
          Plot.text(
            spokes.filter((d) => anchorOf(d.x) === anchor),
            { x: (d: { x: number }) => d.x * 1.08, y: (d: { y: number }) => d.y * 1.08, text: 'label', lineWidth: 9, textAnchor: anchor },
          ),
        ),
        // Dashed baseline, solid latest: the two differ by more than colour.
        Plot.line(points.filter((p) => p.series === 'Baseline'), { x: 'x', y: 'y', stroke: 'series', curve: 'linear-closed', strokeWidth: 2, strokeDasharray: '5 3' }),
        Plot.line(points.filter((p) => p.series === 'Latest'), { x: 'x', y: 'y', stroke: 'series', curve: 'linear-closed', strokeWidth: 2 }),
        Plot.dot(points, { x: 'x', y: 'y', fill: 'series', r: 3 }),
      ],
    }),
  );
}
