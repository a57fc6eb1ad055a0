import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, plainProgress } from '../../pipeline/progress.ts';

describe('progress', () => {
  it('writes numbered lines with elapsed seconds when not on a terminal', () => {
    const lines: string[] = [];
    const p = plainProgress((l) => lines.push(l));
    p.start(2, 'load');
    p.step('reading families.csv');
    p.step('reading events.csv');
    p.stop();
    expect(lines[0]).toBe('load: 2 steps');
    expect(lines[1]).toMatch(/^\[1\/2 \d+\.\ds\] reading families\.csv$/);
    expect(lines[2]).toMatch(/^\[2\/2 \d+\.\ds\] reading events\.csv$/);
    expect(lines[3]).toMatch(/^load: done in \d+\.\ds$/);
  });

  it('draws a bar on a terminal', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true }) as unknown as NodeJS.WriteStream;
    let out = '';
    (stream as unknown as PassThrough).on('data', (d) => (out += d));
    const p = createProgress({ stream });
    p.start(4, 'models');
    p.step('table mart_episodes');
    p.stop();
    expect(out).toContain('models [');
    expect(out).toContain('table mart_episodes');
  });

  it('prints nothing when quiet', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
    let out = '';
    (stream as unknown as PassThrough).on('data', (d) => (out += d));
    const p = createProgress({ quiet: true, stream });
    p.start(1, 'x');
    p.step('y');
    p.stop();
    expect(out).toBe('');
  });
});
