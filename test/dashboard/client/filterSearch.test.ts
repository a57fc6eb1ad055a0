import { describe, expect, it } from 'vitest';
import { activeFilterKeys, emptyFilters, filtersToParams, ignoredFilters, parseFilters } from '../../../dashboard/src/state/filterSearch.ts';
import { filterSummary } from '../../../dashboard/src/state/filterSummary.ts';
import { viewSearch } from '../../../dashboard/src/state/viewSearch.ts';

describe('filters in the query string', () => {
  it('round-trips every filter, lists sorted and de-duplicated', () => {
    const search = 'from=2024-04-01&to=2025-03-31&service=YIT&service=FIT&service=FIT&locality=Madeley&ageBand=10-13&sex=female&ethnicity=white&team=T1&send=true';
    const f = parseFilters(search);
    expect(f).toEqual({
      from: '2024-04-01',
      to: '2025-03-31',
      service: ['FIT', 'YIT'],
      locality: ['Madeley'],
      team: ['T1'],
      ageBand: ['10-13'],
      sex: ['female'],
      ethnicity: ['white'],
      send: true,
    });
    expect(parseFilters(filtersToParams(f))).toEqual(f);
    expect(filtersToParams(f).toString()).toBe(
      'from=2024-04-01&to=2025-03-31&service=FIT&service=YIT&locality=Madeley&team=T1&ageBand=10-13&sex=female&ethnicity=white&send=true',
    );
  });

  it('ignores malformed values from a hand-edited link', () => {
    const f = parseFilters('from=2024-13-45&to=yesterday&send=maybe&service=');
    expect(f).toEqual(emptyFilters());
    expect(parseFilters('send=false').send).toBe(false);
  });

  it('sends only the filters an indicator accepts, and names the ones it ignores', () => {
    const f = parseFilters('from=2024-04-01&to=2025-03-31&service=FIT&sex=male&send=false');
    expect(filtersToParams(f, ['service', 'locality']).toString()).toBe('service=FIT');
    expect(filtersToParams(f, ['period', 'sex', 'send']).toString()).toBe('from=2024-04-01&to=2025-03-31&sex=male&send=false');
    expect(ignoredFilters(f, ['service', 'locality'])).toEqual(['period', 'sex', 'send']);
    expect(ignoredFilters(f, undefined)).toEqual([]);
    expect(activeFilterKeys(f)).toEqual(['period', 'service', 'sex', 'send']);
  });

  it('puts the page and its choices before the filters, and leaves out the first page', () => {
    const f = parseFilters('service=FIT');
    expect(viewSearch('overview', f)).toBe('?service=FIT');
    expect(viewSearch('overview', emptyFilters())).toBe('');
    expect(viewSearch('distance', f, { tool: 'gcp2', area: 'emotional_care' })).toBe('?page=distance&area=emotional_care&tool=gcp2&service=FIT');
  });

  it('describes the filters in words for a printed page', () => {
    const periods = [{ id: 'fy2024', label: 'FY 2024/25', from: '2024-04-01', to: '2025-03-31' }];
    expect(filterSummary(parseFilters('from=2024-04-01&to=2025-03-31&service=FIT&service=SF&send=true'), periods)).toBe(
      'Filters. Period: FY 2024/25. Service: FIT, SF. SEND: with SEND.',
    );
    expect(filterSummary(emptyFilters(), periods)).toBe('Filters. Period: all time.');
    expect(filterSummary(parseFilters('from=2024-05-01'), periods)).toBe('Filters. Period: 1 May 2024 to now.');
  });
});
