/**
 * Finishes a Plot chart for assistive technology: the SVG that carries the chart's name
 * becomes role="img" (read as one picture, with its name and description), and Plot's
 * per-mark aria-labels ("line", "dot" on <g> elements) are removed: a <g> without a role
 * may not carry aria-label (axe: aria-prohibited-attr), and the figure's table is the
 * text alternative of the marks anyway.
 */
export function accessibleChart<T extends Element>(chart: T): T {
  const svg = chart.matches('svg[aria-label]') ? chart : chart.querySelector('svg[aria-label]');
  svg?.setAttribute('role', 'img');
  for (const g of chart.querySelectorAll('g[aria-label]')) g.removeAttribute('aria-label');
  // Legend swatches are decoration beside their text.
  for (const swatch of chart.querySelectorAll('svg:not([aria-label])')) swatch.setAttribute('aria-hidden', 'true');
  return chart;
}
