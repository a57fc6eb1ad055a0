import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { eventDetailCodes } from '../contract/codes.ts';
import { fileSpec, fileNames, type FileName } from '../contract/contract.ts';
import type { Mappings } from '../validate/columnChecks.ts';
import { ExtractError } from './ExtractError.ts';

/** Every code an event's detail may take, over the event types whose detail the contract closes. */
const eventDetailCodeList = [...new Set(Object.values(eventDetailCodes).flat())] as string[];

/**
 * mappings.csv (`file, column, local_value, code`): a council's own spellings mapped to
 * contract codes. A mapping to a code the contract does not know is an error in the
 * mapping file, so the whole load stops before anything is changed.
 */
export function readMappings(path: string | undefined): Mappings {
  const mappings: Mappings = new Map();
  if (!path) return mappings;
  let rows: Record<string, string>[];
  try {
    rows = parse(readFileSync(path), { bom: true, columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true });
  } catch (e) {
    throw new ExtractError(`cannot be read as CSV: ${(e as Error).message}`, 'mappings.csv');
  }
  rows.forEach((r, i) => {
    const line = i + 2;
    for (const col of ['file', 'column', 'local_value', 'code']) {
      if (!(col in r)) throw new ExtractError(`missing required column ${col}`, 'mappings.csv');
    }
    const file = r.file.trim().replace(/\.(csv|csv\.gz|parquet|jsonl)$/, '') as FileName;
    if (!fileNames.includes(file)) throw new ExtractError(`line ${line}: unknown file "${r.file}"`, 'mappings.csv');
    const column = fileSpec(file).columns.find((c) => c.name === r.column.trim());
    // An event's detail is text in general but a code list for the event types the contract
    // closes (contact channels, missing_episode, ...): those codes can be mapped too.
    const isEventDetail = file === 'events' && column?.name === 'detail';
    if (!column || (column.type !== 'code' && !isEventDetail)) {
      throw new ExtractError(`line ${line}: ${file}.${r.column} is not a coded column`, 'mappings.csv');
    }
    const known = isEventDetail ? eventDetailCodeList : column.codes!;
    const code = known.find((c) => c.toLowerCase() === r.code.trim().toLowerCase());
    if (!code) {
      throw new ExtractError(`line ${line}: "${r.code}" is not a code of ${file}.${column.name} (expected one of ${known.join(', ')})`, 'mappings.csv');
    }
    if (!mappings.has(file)) mappings.set(file, new Map());
    const byColumn = mappings.get(file)!;
    if (!byColumn.has(column.name)) byColumn.set(column.name, new Map());
    byColumn.get(column.name)!.set(r.local_value.trim().toLowerCase(), code);
  });
  return mappings;
}
