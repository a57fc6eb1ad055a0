import { describe, expect, it } from 'vitest';
import { csvLine, csvValue } from '../../sample-data/csvLine.ts';
import { addWorkingDays, dayString, isWorkingDay, toDay } from '../../sample-data/days.ts';
import { Prng } from '../../sample-data/Prng.ts';

describe('Prng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((r) => () => r.next())(new Prng(seed)));
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(Prng.forKey(1, 5).next()).toBe(Prng.forKey(1, 5).next());
    expect(Prng.forKey(1, 5).next()).not.toBe(Prng.forKey(1, 6).next());
  });

  it('keeps int() inside its bounds and reaches both ends', () => {
    const r = new Prng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.int(2, 6);
      expect(x).toBeGreaterThanOrEqual(2);
      expect(x).toBeLessThanOrEqual(6);
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it('picks weighted keys in proportion', () => {
    const r = new Prng(4);
    let a = 0;
    for (let i = 0; i < 10_000; i++) if (r.weighted({ a: 0.8, b: 0.2 }) === 'a') a++;
    expect(a / 10_000).toBeGreaterThan(0.77);
    expect(a / 10_000).toBeLessThan(0.83);
  });
});

describe('csvLine (RFC 4180)', () => {
  it('quotes values with a comma, quote, CR or LF and doubles inner quotes', () => {
    expect(csvValue('plain')).toBe('plain');
    expect(csvValue('a,b')).toBe('"a,b"');
    expect(csvValue('5" screen')).toBe('"5"" screen"');
    expect(csvValue('two\nlines')).toBe('"two\nlines"');
    expect(csvValue('cr\r')).toBe('"cr\r"');
    expect(csvValue(null)).toBe('');
    expect(csvValue(undefined)).toBe('');
    expect(csvValue(0.5)).toBe('0.5');
    expect(csvLine(['x', null, 'y,z', 3])).toBe('x,,"y,z",3\n');
  });
});

describe('working days', () => {
  it('skips weekends and England and Wales bank holidays', () => {
    // Thursday before Easter 2024: Good Friday and Easter Monday are holidays.
    expect(dayString(addWorkingDays(toDay('2024-03-28'), 1))).toBe('2024-04-02');
    expect(dayString(addWorkingDays(toDay('2024-03-28'), 0))).toBe('2024-03-28');
    expect(dayString(addWorkingDays(toDay('2024-06-07'), 2))).toBe('2024-06-11');
    expect(isWorkingDay(toDay('2024-12-25'))).toBe(false);
    expect(isWorkingDay(toDay('2024-06-08'))).toBe(false);
    expect(isWorkingDay(toDay('2024-06-10'))).toBe(true);
  });
});
