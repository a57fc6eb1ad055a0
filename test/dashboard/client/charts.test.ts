import { describe, expect, it } from 'vitest';
import { beforeAfterChart } from '../../../dashboard/src/charts/beforeAfterChart.ts';
import { caseloadChart } from '../../../dashboard/src/charts/caseloadChart.ts';
import { changeDistribution } from '../../../dashboard/src/charts/changeDistribution.ts';
import { complianceStack } from '../../../dashboard/src/charts/complianceStack.ts';
import { headlineBars } from '../../../dashboard/src/charts/headlineBars.ts';
import { meanChangeCi } from '../../../dashboard/src/charts/meanChangeCi.ts';
import { outcomeFunnel } from '../../../dashboard/src/charts/outcomeFunnel.ts';
import { rejectsBars } from '../../../dashboard/src/charts/rejectsBars.ts';
import { reliableChange } from '../../../dashboard/src/charts/reliableChange.ts';
import { sparkline } from '../../../dashboard/src/charts/sparkline.ts';
import { stageHeatmap } from '../../../dashboard/src/charts/stageHeatmap.ts';
import { stageProfile } from '../../../dashboard/src/charts/stageProfile.ts';
import { starChart } from '../../../dashboard/src/charts/starChart.ts';
import { monthTicks, trendLine } from '../../../dashboard/src/charts/trendLine.ts';
import { waitingHistogram } from '../../../dashboard/src/charts/waitingHistogram.ts';
import * as fx from './chartFixtures.ts';
import { expectGolden, newDocument } from './golden.ts';

// Each chart is rendered without a browser (jsdom's document) and compared with its golden file.
// Update them all with: UPDATE_GOLDEN=1 npx vitest run test/dashboard/client
const cases: [string, (document: Document, empty?: boolean) => Element][] = [
  ['sparkline', (document, empty) => sparkline(empty ? [] : fx.trend, { x: 'month', y: 'successful_outcomes', document, ariaLabel: 'Successful outcomes by month' })],
  ['trendLine', (document, empty) => trendLine(empty ? [] : fx.trend, { x: 'month', y: ['eligible_families', 'successful_outcomes'], document, ariaLabel: 'Trend' })],
  ['outcomeFunnel', (document, empty) => outcomeFunnel(empty ? [] : fx.funnel, { document, ariaLabel: 'From eligible to successful' })],
  ['headlineBars', (document, empty) => headlineBars(empty ? [] : fx.headlines, { document, ariaLabel: 'By headline' })],
  ['starChart', (document, empty) => starChart(empty ? [] : fx.areas, { document, min: 1, max: 10, ariaLabel: 'Baseline and latest' })],
  ['changeDistribution', (document, empty) => changeDistribution(empty ? [] : fx.changes, { document, ariaLabel: 'Change' })],
  ['meanChangeCi', (document, empty) => meanChangeCi(empty ? [] : fx.areas, { document, ariaLabel: 'Mean change' })],
  ['reliableChange', (document, empty) => reliableChange(empty ? [] : fx.areas, { document, ariaLabel: 'Reliable change' })],
  ['stageHeatmap', (document, empty) => stageHeatmap(empty ? [] : fx.transitions, { stages: fx.stages, document, ariaLabel: 'Stage transitions' })],
  ['stageProfile', (document, empty) => stageProfile(empty ? [] : fx.profile, { stages: fx.stages, area: 'area', document, ariaLabel: 'Stage profile' })],
  ['complianceStack', (document, empty) => complianceStack(empty ? [] : fx.compliance, { document, ariaLabel: 'Compliance' })],
  ['caseloadChart', (document, empty) => caseloadChart(empty ? [] : fx.caseloads, { document, ariaLabel: 'Caseloads' })],
  ['beforeAfterChart', (document, empty) => beforeAfterChart(empty ? [] : fx.beforeAfter, { document, ariaLabel: 'Before and after' })],
  ['rejectsBars', (document, empty) => rejectsBars(empty ? [] : fx.rejects, { document, ariaLabel: 'Rejects' })],
  ['waitingHistogram', (document, empty) => waitingHistogram(empty ? [] : fx.waiting, { document, ariaLabel: 'Waiting' })],
];

describe('charts render without a browser and match their golden files', () => {
  for (const [name, render] of cases) {
    it(name, () => {
      const el = render(newDocument());
      const html = el.outerHTML;
      // Every chart carries its accessible name on the SVG.
      const svg = el.matches('svg[aria-label]') ? el : el.querySelector('svg[aria-label]');
      expect(svg?.getAttribute('aria-label')).toBeTruthy();
      expect(svg?.getAttribute('role')).toBe('img');
      // Plot's per-mark labels on <g> are removed (a <g> without a role may not have aria-label).
      expect(el.querySelectorAll('g[aria-label]')).toHaveLength(0);
      expectGolden(`${name}.${el.tagName.toLowerCase() === 'svg' ? 'svg' : 'html'}`, html);
    });
  }

  it('labels compliance bars by standard in words, and by worker with the pseudonymised id as it is', () => {
    const rows = [{ worker_id: 'p_3xK_aZ9', met: 3, late: 1, missed: 0 }];
    const byWorker = complianceStack(rows, { category: 'worker_id', document: newDocument(), ariaLabel: 'By worker' });
    const texts = [...byWorker.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('p_3xK_aZ9');
    const byStandard = complianceStack([{ standard: 'first_contact', met: 3, late: 1, missed: 0 }], { document: newDocument(), ariaLabel: 'By standard' });
    expect([...byStandard.querySelectorAll('text')].map((t) => t.textContent)).toContain('First contact');
  });

  it('ticks a monthly trend at month starts, about 8 at most, not every week', () => {
    const d = (m: string) => new Date(`${m}-01T00:00:00Z`);
    expect(monthTicks([d('2025-04'), d('2025-05'), d('2025-06')])?.map((t) => t.toISOString().slice(0, 7))).toEqual(['2025-04', '2025-05', '2025-06']);
    // 36 months: every 5th month, 8 ticks.
    const three = Array.from({ length: 36 }, (_, i) => new Date(Date.UTC(2022, 3 + i, 1)));
    expect(monthTicks(three)?.map((t) => t.toISOString().slice(0, 7))).toEqual(['2022-04', '2022-09', '2023-02', '2023-07', '2023-12', '2024-05', '2024-10', '2025-03']);
    expect(monthTicks([new Date('2025-04-15T00:00:00Z')])).toBeNull();
    // A narrow chart gets fewer: 36 months in at most 3 ticks, every 12th month.
    expect(monthTicks(three, 3)?.map((t) => t.toISOString().slice(0, 7))).toEqual(['2022-04', '2023-04', '2024-04']);
    const quarter = trendLine(fx.trend.slice(0, 3), { x: 'month', y: ['eligible_families'], document: newDocument(), ariaLabel: 'Trend' });
    const ticks = [...quarter.querySelectorAll('text')].map((t) => t.textContent ?? '');
    expect(ticks).toEqual(expect.arrayContaining(['Apr 2024', 'May 2024', 'Jun 2024']));
    expect(ticks.some((t) => /^\d{1,2}$/.test(t) && Number(t) > 20)).toBe(false);
  });

  it('draws zero counts as no bar, with whole-number ticks (funnel and headline bars)', () => {
    const zeros = ['Eligible families', 'All needs met'].map((step) => ({ step, families: 0 }));
    const headlines = [{ label: 'Getting a good education', families: 0, families_all_met: 0, families_all_sustained: 0 }];
    for (const el of [outcomeFunnel(zeros, { document: newDocument(), ariaLabel: 'Funnel' }), headlineBars(headlines, { document: newDocument(), ariaLabel: 'Headlines' })]) {
      const bars = [...el.querySelectorAll('rect')].filter((r) => r.getAttribute('height') && !r.closest('[aria-hidden]') && r.parentElement?.getAttribute('fill') !== 'none');
      expect(bars.length).toBeGreaterThan(0);
      for (const r of bars) expect(Number(r.getAttribute('width'))).toBe(0);
      const ticks = [...el.querySelectorAll('text')].map((t) => t.textContent ?? '');
      expect(ticks.some((t) => /\d\.\d/.test(t))).toBe(false);
      expect(ticks).toContain('1');
    }
  });

  it('breaks a trend line at a suppressed value instead of joining across it', () => {
    const rows = [
      { month: '2024-04', n: 3 },
      { month: '2024-05', n: 'c' },
      { month: '2024-06', n: 4 },
      { month: '2024-07', n: 6 },
    ];
    const el = trendLine(rows, { x: 'month', y: ['n'], document: newDocument(), ariaLabel: 'Trend' });
    // Plot draws one path per unbroken run: 1 point, then 2 (the first is a lone point, shown by its dot).
    const path = el.querySelector('path[stroke-width="2"], g[stroke-width="2"] path')?.getAttribute('d') ?? '';
    expect(path.match(/M/g)?.length).toBe(2);
    expect(el.querySelectorAll('circle')).toHaveLength(3);
  });

  it('labels a bar with no category (episodes with no team) by its missing label, never "Null"', () => {
    const rows = [
      { team: 'EH Madeley', met: 3, late: 1, missed: 0 },
      { team: null, met: 1, late: 0, missed: 1 },
    ];
    const el = complianceStack(rows, { category: 'team', missing: 'No team recorded', document: newDocument(), ariaLabel: 'By team' });
    const labels = [...el.querySelectorAll('text')].map((t) => t.textContent);
    expect(labels).toContain('No team recorded');
    expect(labels).toContain('EH Madeley');
    expect(labels.filter((t) => /null/i.test(t ?? ''))).toEqual([]);
  });

  it('renders with no rows (an empty chart, not an exception)', () => {
    for (const [name, render] of cases) {
      const document = newDocument();
      expect(() => render(document, true), name).not.toThrow();
    }
  });
});
