/**
 * The kind of a reject rule or reason, for grouping in the data-quality chart. The
 * pipeline's rules ("imd_decile is outside 1-10") are dozens; these few kinds say what a
 * fix involves. Anything unrecognised is "Other", never dropped.
 */
export const reasonKinds = ['Missing value', 'Wrong format', 'Unknown code', 'Unknown reference', 'Out of range', 'Duplicate', 'Other'] as const;
export type ReasonKind = (typeof reasonKinds)[number];

const rules: [RegExp, ReasonKind][] = [
  [/ is required\b/, 'Missing value'],
  [/ repeats (line \d+|an earlier row)/, 'Duplicate'],
  [/ is not (a|an) (number|whole number|date|date or timestamp|month|timestamp)\b|is not true\/false/, 'Wrong format'],
  [/ is not a known code\b| is not an area of /, 'Unknown code'],
  [/ is not in [a-z_]+/, 'Unknown reference'],
  [/ is (after|before|outside) /, 'Out of range'],
];

export function reasonKind(reason: string): ReasonKind {
  for (const [re, kind] of rules) if (re.test(reason)) return kind;
  return 'Other';
}
