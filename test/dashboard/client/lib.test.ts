import { describe, expect, it } from 'vitest';
import { integerTicks } from '../../../dashboard/src/charts/integerTicks.ts';
import { groupSum, pivot, sum } from '../../../dashboard/src/lib/aggregate.ts';
import { formatCell, formatCount, formatDate, formatPercent, groupLabel, humanize, teamLabel } from '../../../dashboard/src/lib/format.ts';
import { defaultColumn, formatColumn } from '../../../dashboard/src/lib/Column.ts';
import { fileName } from '../../../dashboard/src/lib/downloadText.ts';
import { apiUrl } from '../../../dashboard/src/lib/indicatorUrl.ts';
import { financialYear, periodIdOf } from '../../../dashboard/src/lib/periodOf.ts';
import { reasonKind } from '../../../dashboard/src/lib/reasonKind.ts';
import { attachmentName } from '../../../dashboard/src/lib/saveResponse.ts';
import { toCsv } from '../../../dashboard/src/lib/toCsv.ts';
import { parseFilters } from '../../../dashboard/src/state/filterSearch.ts';

describe('client helpers', () => {
  it('sums, groups and pivots indicator rows', () => {
    const rows = [
      { month: '2024-05', service: 'FIT', n: 2 },
      { month: '2024-04', service: 'YIT', n: 1 },
      { month: '2024-04', service: 'FIT', n: 3 },
      { month: '2024-04', service: 'FIT', n: null },
    ];
    expect(sum(rows, 'n')).toBe(6);
    expect(groupSum(rows, 'month', ['n'])).toEqual([
      { month: '2024-05', n: 2 },
      { month: '2024-04', n: 4 },
    ]);
    expect(pivot(rows, 'month', 'service', 'n')).toEqual({
      columns: ['FIT', 'YIT'],
      rows: [
        { month: '2024-04', FIT: 3, YIT: 1 },
        { month: '2024-05', FIT: 2, YIT: 0 },
      ],
    });
  });

  it('never works a total out of visible cells when one is suppressed', () => {
    const rows = [{ n: 7 }, { n: 'c' }, { n: 20 }];
    expect(sum(rows, 'n')).toBeNaN();
    expect(formatCount(sum(rows, 'n'))).toBe('c');
    expect(formatPercent(sum(rows, 'n'))).toBe('c');
    expect(groupSum(rows.map((r) => ({ ...r, g: 'a' })), 'g', ['n'])[0].n).toBeNaN();
    expect(formatCell('c')).toBe('c');
  });

  it('formats numbers, dates and codes', () => {
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(null)).toBe('–');
    expect(formatPercent(42.25)).toBe('42.3%');
    expect(formatCell(true)).toBe('Yes');
    expect(formatCell(0.5)).toBe('0.50');
    expect(formatDate('2025-03-31')).toBe('31 Mar 2025');
    expect(humanize('first_contact')).toBe('First contact');
    expect(humanize('openOverMonths')).toBe('Open over months');
  });

  it('writes CSV that spreadsheets read safely', () => {
    const csv = toCsv([
      { a: 'x,y', b: 'say "hi"', c: null },
      { a: '=HYPERLINK("evil")', b: -3, c: '-2' },
    ]);
    expect(csv).toBe('a,b,c\r\n"x,y","say ""hi""",\r\n"\'=HYPERLINK(""evil"")",-3,-2\r\n');
    expect(toCsv([], ['a', 'b'])).toBe('a,b\r\n');
  });

  it('builds API URLs with the accepted filters and the extra parameters', () => {
    const f = parseFilters('service=FIT&sex=male');
    expect(apiUrl('/api/rows/episodes', f, ['service'], { status: 'open', limit: 25, offset: undefined })).toBe('/api/rows/episodes?service=FIT&status=open&limit=25');
    expect(apiUrl('/api/quality', undefined)).toBe('/api/quality');
  });

  it('knows financial years and matches periods', () => {
    expect(financialYear('2025-03-31')).toEqual({ label: 'FY 2024/25', from: '2024-04-01', to: '2025-03-31' });
    expect(financialYear('2025-04-01').label).toBe('FY 2025/26');
    const periods = [
      { id: 'all', label: 'All time', from: null, to: null },
      { id: 'fy2024', label: 'FY 2024/25', from: '2024-04-01', to: '2025-03-31' },
    ];
    expect(periodIdOf(periods, undefined, undefined)).toBe('all');
    expect(periodIdOf(periods, '2024-04-01', '2025-03-31')).toBe('fy2024');
    expect(periodIdOf(periods, '2024-04-02', '2025-03-31')).toBe('custom');
  });

  it('groups reject reasons into kinds', () => {
    expect(reasonKind('locality is required but empty')).toBe('Missing value');
    expect(reasonKind('imd_decile "three" is not a whole number')).toBe('Wrong format');
    expect(reasonKind('occurred_at "x" is not a date or timestamp (use YYYY-MM-DD)')).toBe('Wrong format');
    expect(reasonKind('family_id "F1" repeats line 10; the first row is kept')).toBe('Duplicate');
    expect(reasonKind('role "boss" is not a known code (expected one of child, parent)')).toBe('Unknown code');
    expect(reasonKind('area physical_care is not an area of family_star_plus')).toBe('Unknown code');
    expect(reasonKind('episode_id "E9" is not in episodes')).toBe('Unknown reference');
    expect(reasonKind('imd_decile 0 is outside 1-10')).toBe('Out of range');
    expect(reasonKind('something new')).toBe('Other');
  });

  it('groups the rules of rejects (reasons without the rejected values) into the same kinds', () => {
    expect(reasonKind('episode_id is required for contact events (practice events belong to an episode)')).toBe('Missing value');
    expect(reasonKind('birth_month is not a month (use YYYY-MM)')).toBe('Wrong format');
    expect(reasonKind('person_id repeats an earlier row; the first row is kept')).toBe('Duplicate');
    expect(reasonKind('assessment_id, area repeats an earlier row; the first row is kept')).toBe('Duplicate');
    expect(reasonKind('role is not a known code (expected one of child, parent)')).toBe('Unknown code');
    expect(reasonKind('area is not an area of gcp2')).toBe('Unknown code');
    expect(reasonKind('family_id is not in families (its row there was rejected)')).toBe('Unknown reference');
    expect(reasonKind('occurred_at is after the extract date 2025-06-30')).toBe('Out of range');
  });

  it('reads the file name of a download and makes safe names', () => {
    expect(attachmentName('attachment; filename="episodes_2025-06-30.csv"')).toBe('episodes_2025-06-30.csv');
    expect(attachmentName("attachment; filename*=UTF-8''a%20b.csv")).toBe('a b.csv');
    expect(attachmentName(null)).toBeUndefined();
    expect(fileName('Referrals by month: FIT/YIT', 'csv', new Date('2025-06-30T12:00:00Z'))).toBe('referrals-by-month-fit-yit-2025-06-30.csv');
    // Named by the extract date the figures are as of, not the day of the download.
    expect(fileName('Referrals by month', 'csv', '2025-06-30')).toBe('referrals-by-month-2025-06-30.csv');
  });

  it('writes a figure worked out from a suppressed cell as c in CSV, and shows a standard in words', () => {
    const monthly = groupSum([{ month: '2025-04', referrals: 'c' }, { month: '2025-04', referrals: 9 }], 'month', ['referrals']);
    expect(toCsv(monthly)).toBe('month,referrals\r\n2025-04,c\r\n');
    expect(formatColumn(defaultColumn('standard'), 'closure_summary')).toBe('Closure summary');
    expect(formatColumn(defaultColumn('standard'), null)).toBe('');
  });

  it('gives whole-number ticks', () => {
    expect(integerTicks(3)).toEqual([0, 1, 2, 3]);
    expect(integerTicks(40, 8)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40]);
  });

  it('names a group with no value ("No team recorded"), never a blank or "Null"', () => {
    expect(teamLabel(null)).toBe('No team recorded');
    expect(teamLabel('')).toBe('No team recorded');
    expect(teamLabel('EH Madeley')).toBe('EH Madeley');
    expect(groupLabel(undefined, 'service')).toBe('No service recorded');
    // A table given no columns (a drill-down's rows) names the rows with no team too.
    expect(formatColumn(defaultColumn('team'), null)).toBe('No team recorded');
    expect(formatColumn(defaultColumn('closed_on'), null)).toBe('');
  });
});
