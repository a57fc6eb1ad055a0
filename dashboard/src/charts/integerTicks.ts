/** Whole-number ticks from 0 to max, about `count` of them: counts never show as 0.5. */
export function integerTicks(max: number, count = 8): number[] {
  const step = Math.max(1, Math.ceil(max / count));
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  return ticks;
}

/**
 * A count axis from 0: up to the largest value, or to 1 when every value is 0 (Plot's
 * own domain would then be [0, 0], every bar drawn across the whole chart and one tick
 * read "0.000000"); whole-number ticks while the counts are small.
 */
export function countAxis(values: readonly unknown[]): { domain: [number, number]; ticks?: number[]; tickFormat?: string } {
  const max = Math.max(0, ...values.map(Number).filter((v) => Number.isFinite(v)));
  const top = Math.max(1, max);
  return top < 10 ? { domain: [0, top], ticks: integerTicks(top), tickFormat: 'd' } : { domain: [0, top] };
}
