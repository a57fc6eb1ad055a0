import * as Plot from '@observablehq/plot';
import { formatPercent, humanize } from '../lib/format.ts';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { labelMargin } from './labelMargin.ts';
import { palette } from './palette.ts';

export interface ComplianceStackOptions extends ChartOptions {
  /** Column naming each bar (standard, team or month). */
  category?: string;
  met?: string;
  late?: string;
  missed?: string;
  /** Label of a bar whose category is empty (episodes with no team recorded): never "Null". */
  missing?: string;
}

const statuses = ['Met', 'Late', 'Missed'];

/**
 * Practice standards: of the occurrences due, the share met, late and missed, one bar
 * per standard (or team, or month), labelled with compliance = met / (met + late + missed).
 */
export function complianceStack(rows: Row[], { category = 'standard', met = 'met', late = 'late', missed = 'missed', missing = 'Not recorded', document, width = 640, height, ariaLabel, ariaDescription }: ComplianceStackOptions = {}) {
  const data = rows.flatMap((r) => {
    const counts = [Number(r[met] ?? 0), Number(r[late] ?? 0), Number(r[missed] ?? 0)];
    const due = counts[0] + counts[1] + counts[2];
    if (!due) return [];
    const value = r[category];
    // Standards are codes (first_contact); teams, services and pseudonymised worker ids are
    // names, shown as they are (humanize turned p_3xK... into "P 3xK...").
    const name = value === null || value === undefined || value === '' ? missing : category === 'standard' ? humanize(String(value)) : String(value);
    return statuses.map((status, i) => ({ name, status, share: (100 * counts[i]) / due, compliance: (100 * counts[0]) / due }));
  });
  const names = [...new Set(data.map((d) => d.name))];
  const labels = data.filter((d) => d.status === 'Met');
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height: height ?? 70 + 28 * names.length,
      marginLeft: labelMargin(names, 120),
      marginRight: 56,
      ariaLabel,
      ariaDescription,
      x: { domain: [0, 100], label: 'Share of occurrences due (%)', axis: 'top', grid: true },
      y: { domain: names, label: null },
      color: { domain: statuses, range: [palette.better, palette.warning, palette.worse], legend: true },
      marks: [
        Plot.barX(data, { y: 'name', x: 'share', fill: 'status', order: statuses, stroke: 'white', strokeWidth: 0.5 }),
        Plot.text(labels, { y: 'name', x: 100, text: (d: { compliance: number }) => formatPercent(d.compliance), textAnchor: 'start', dx: 6 }),
      ],
    }),
  );
}
