/** Whole-number ticks from 0 to max, about `count` of them: counts never show as 0.5. */
export function integerTicks(max: number, count = 8): number[] {
  const step = Math.max(1, Math.ceil(max / count));
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  return ticks;
}
