/** Left margin that fits the longest y label at Plot's 10px font (about 6px a character), within bounds. */
export function labelMargin(labels: readonly string[], min = 60, max = 280): number {
  const longest = labels.reduce((m, l) => Math.max(m, l.length), 0);
  return Math.round(Math.min(max, Math.max(min, 12 + 6 * longest)));
}
