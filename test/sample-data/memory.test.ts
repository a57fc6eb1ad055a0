// Generation streams family by family: the heap it retains stays small however many
// families are asked for (500,000 families must not run out of memory). Measured in a
// child process so the test runner's own memory does not count.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('generates 15,000 families (~730k events) retaining under 100 MB of heap', () => {
  const out = mkdtempSync(join(tmpdir(), 'sample-data-memory-'));
  try {
    const stdout = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'memoryProbe.ts'), '15000', out],
      { encoding: 'utf8', timeout: 55_000 },
    );
    const r = JSON.parse(stdout) as { retainedHeapMB: number; maxRssMB: number; events: number; seconds: number };
    expect(r.events).toBeGreaterThan(600_000);
    // Holding the rows would retain several hundred MB; the write buffers (1 MB per file) and caches are ~40 MB.
    expect(r.retainedHeapMB).toBeLessThan(100);
    expect(r.maxRssMB).toBeLessThan(500);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 60_000);
