import ExcelJS from 'exceljs';
import type { Value } from '../../../pipeline/db/database.ts';
import type { Column } from '../runQuery.ts';
import { cellText } from './cellText.ts';
import type { ExportWriter } from './ExportFile.ts';

const isDate = (c: Column) => c.type === 'DATE';
const isTimestamp = (c: Column) => c.type.startsWith('TIMESTAMP');

function cell(c: Column, v: Value | undefined): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  // Excel has no zones: a day or a wall-clock time goes in as that same UTC instant.
  if (isDate(c)) return new Date(`${String(v)}T00:00:00Z`);
  if (isTimestamp(c) && v instanceof Date) return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  return cellText(v);
}

/**
 * Excel workbook: the rows on a "Data" sheet (typed cells: numbers, dates, true/false;
 * text is never a formula), and an "About" sheet saying what was exported, with which
 * filters, from which extract, and that identifiers are pseudonymised.
 */
export const writeXlsx: ExportWriter = async (result, about) => {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'family-outcomes';
  wb.created = about.exportedAt;
  const sheet = wb.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = result.columns.map((c) => ({
    header: c.name,
    key: c.name,
    width: Math.min(40, Math.max(10, c.name.length + 2)),
    style: isDate(c) ? { numFmt: 'yyyy-mm-dd' } : isTimestamp(c) ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const r of result.rows) sheet.addRow(result.columns.map((c) => cell(c, r[c.name])));

  const info = wb.addWorksheet('About');
  info.columns = [
    { header: 'What', key: 'k', width: 24 },
    { header: 'Value', key: 'v', width: 80 },
  ];
  info.getRow(1).font = { bold: true };
  const filters = Object.entries(about.filters)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
    .join('; ');
  const params = Object.entries(about.params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  info.addRows([
    ['Export', about.name],
    ['Title', about.title],
    ['Filters', filters || 'none'],
    ['Options', params || 'none'],
    ['Extract date', about.extractedOn ?? 'unknown'],
    ['Exported at (UTC)', about.exportedAt.toISOString()],
    ['Rows', result.rows.length],
    ['Identifiers', 'Every *_id column is pseudonymised (p_ + keyed SHA-256 hash); the same id gives the same pseudonym in every export.'],
  ]);
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { body, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
};
