/** Options every chart function takes besides its own. */
export interface ChartOptions {
  /** The document to create elements in: jsdom's in tests, the page's in the browser. */
  document?: Document;
  width?: number;
  height?: number;
  /** Read by screen readers on the chart's SVG. */
  ariaLabel?: string;
  ariaDescription?: string;
}
