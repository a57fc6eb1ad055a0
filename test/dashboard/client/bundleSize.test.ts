import { describe, expect, it } from 'vitest';
import { measureDashboardSize } from '../../bench/dashboardSize.ts';

// Plot and Arrow are large: the budget keeps an import of a whole library (or a page that
// stops being split out) from slipping in unnoticed. `npm run bench` prints the same figures.
const budgetBytes = 300 * 1024;

describe('dashboard JavaScript size', () => {
  it('stays under 300 KB gzipped in all, with page code split from the first view', async () => {
    const size = await measureDashboardSize();
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const report = size.files.map((f) => `${f.file} ${kb(f.gzipBytes)}`).join('\n');
    expect(size.totalGzipBytes, `total ${kb(size.totalGzipBytes)} gzipped:\n${report}`).toBeLessThan(budgetBytes);
    // Pages are loaded on demand: the first view does not carry Plot and every page.
    expect(size.files.length).toBeGreaterThan(3);
    expect(size.entryGzipBytes).toBeLessThan(size.totalGzipBytes);
  });
});
