import type { DrillRequest } from '../state/DrillState.svelte.ts';
import type { Row } from './toCsv.ts';
import { formatCell, formatCount, formatDate, formatDecimal, formatPercent, humanize, teamLabel, type Cell } from './format.ts';

/** How a table shows one column. Without a list of columns, a table shows every key of the rows. */
export interface Column {
  key: string;
  label?: string;
  format?: 'count' | 'percent' | 'decimal' | 'date' | 'text' | ((v: Cell) => string);
  /** The rows behind this cell's number: the cell becomes a drill-down button. */
  drill?: (row: Row) => DrillRequest | undefined;
}

/** A column for a key, when a table is given no list (a drill-down's rows): rows with no team say so instead of a blank cell. */
export function defaultColumn(key: string): Column {
  if (key === 'team') return { key, format: teamLabel };
  // A practice standard is a code (closure_summary): in words, as the compliance tables and the standard choice show it.
  if (key === 'standard') return { key, format: (v) => (v === null || v === undefined || v === '' ? '' : humanize(String(v))) };
  return { key };
}

export function columnLabel(c: Column): string {
  return c.label ?? humanize(c.key);
}

export function formatColumn(c: Column, v: Cell): string {
  switch (c.format) {
    case 'count':
      return formatCount(v);
    case 'percent':
      return formatPercent(v);
    case 'decimal':
      return formatDecimal(v);
    case 'date':
      return typeof v === 'string' ? formatDate(v) : formatCell(v);
    case 'text':
    case undefined:
      return formatCell(v);
    default:
      return c.format(v);
  }
}

/** Numbers are right-aligned so digits line up. */
export function isNumeric(c: Column, sample: Cell): boolean {
  if (c.format === 'count' || c.format === 'percent' || c.format === 'decimal') return true;
  return c.format !== 'date' && c.format !== 'text' && typeof sample === 'number';
}
