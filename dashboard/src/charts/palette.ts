// Colours with at least 3:1 contrast on white (WCAG 2.2 non-text contrast), so every
// line, dot and bar edge can be seen; meaning never rests on colour alone (each chart has
// labels or a legend, and a table).
export const palette = {
  primary: '#1d4f91',
  baseline: '#6b6b6b',
  better: '#1b7837',
  same: '#767676',
  worse: '#b2182b',
  warning: '#a84300',
  grid: '#c8c8c8',
  categorical: ['#1d4f91', '#a84300', '#1b7837', '#7b3294', '#b2182b', '#4d4d4d', '#00727a', '#8c510a'],
} as const;
