import * as Plot from '@observablehq/plot';
import { humanize } from '../lib/format.ts';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';

export interface StageProfileOptions extends ChartOptions {
  /** Stages worst first (the legend and stacking order). */
  stages: string[];
  area?: string;
  stage?: string;
  /** Column with the share of subjects (0-100). */
  share?: string;
}

// Worst stage red through to best green: dark enough ends that bars are distinct on white.
const ramp = ['#b2182b', '#d6604d', '#c49a00', '#66a61e', '#1b7837', '#0b4d26', '#08306b'];

/** Share of subjects in each stage at baseline, one stacked bar per area. */
export function stageProfile(rows: Row[], { stages, area = 'area', stage = 'baseline_stage', share = 'share', document, width = 640, height, ariaLabel, ariaDescription }: StageProfileOptions) {
  const labels = stages.map(humanize);
  const areas = [...new Set(rows.map((r) => humanize(String(r[area]))))];
  const data = rows.map((r) => ({ area: humanize(String(r[area])), stage: humanize(String(r[stage])), share: Number(r[share] ?? 0) }));
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height: height ?? 60 + 28 * areas.length,
      marginLeft: 200,
      ariaLabel,
      ariaDescription,
      x: { domain: [0, 100], label: 'Share of subjects at baseline (%)', axis: 'top', grid: true },
      y: { domain: areas, label: null },
      color: { domain: labels, range: ramp.slice(0, labels.length), legend: true },
      marks: [Plot.barX(data, { y: 'area', x: 'share', fill: 'stage', order: labels, stroke: 'white', strokeWidth: 0.5 })],
    }),
  );
}
