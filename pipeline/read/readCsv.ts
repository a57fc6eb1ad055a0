import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse, type Options as ParseOptions } from 'csv-parse';
import { stringify } from 'csv-stringify';
import type { FileSpec } from '../contract/contract.ts';
import type { Database } from '../db/database.ts';
import { ExtractError } from '../extract/ExtractError.ts';
import type { ExtractFile } from '../extract/findExtractFiles.ts';
import { countNewlines } from './countNewlines.ts';
import { matchHeader, quoteLiteral, type RawSource, type StructuralReject } from './RawTable.ts';

/** Fails the read on the first byte sequence that is not UTF-8 (data contract: UTF-8 only). */
class Utf8Check extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private line = 1;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      return done(new ExtractError(`is not UTF-8 encoded (line ${this.line + firstBadLine(chunk)}); save it as UTF-8 and load again`));
    }
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.line++;
    done(null, chunk);
  }
}

/** Lines into the chunk before the first line that does not decode. */
function firstBadLine(chunk: Buffer): number {
  let start = 0;
  for (let n = 0; ; n++) {
    const end = chunk.indexOf(10, start);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(start, end === -1 ? chunk.length : end));
    } catch {
      return n;
    }
    if (end === -1) return n;
    start = end + 1;
  }
}

/** Stream stages joined so that an error in any of them reaches the consumer. */
function chain<T extends NodeJS.ReadableStream>(first: NodeJS.ReadableStream, ...rest: NodeJS.ReadWriteStream[]): T {
  let out: NodeJS.ReadableStream = first;
  for (const next of rest) {
    out.on('error', (e) => (next as unknown as { destroy(e: Error): void }).destroy(e));
    out = out.pipe(next);
  }
  return out as T;
}

function openText(file: ExtractFile, ...after: NodeJS.ReadWriteStream[]) {
  const raw = createReadStream(file.path, { highWaterMark: 1 << 20 });
  const stages: NodeJS.ReadWriteStream[] = file.format === 'csv.gz' ? [createGunzip(), new Utf8Check()] : [new Utf8Check()];
  return chain<NodeJS.ReadableStream>(raw, ...stages, ...after);
}

const parseOptions: ParseOptions = {
  bom: true,
  // A stray quote inside an unquoted value (`5" screen`) is common in case notes; keep the value.
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: true,
  info: true,
  record_delimiter: ['\r\n', '\n'],
};

async function readHeader(file: ExtractFile): Promise<string[]> {
  const parser = openText(file, parse({ ...parseOptions, to: 1 }));
  try {
    for await (const r of parser as AsyncIterable<{ record: string[] }>) return r.record;
  } catch (e) {
    throw asExtractError(e, file);
  }
  throw new ExtractError('is empty: it needs at least a header row', file.fileName);
}

function asExtractError(e: unknown, file: ExtractFile): ExtractError {
  if (e instanceof ExtractError) return new ExtractError(e.message, file.fileName);
  const err = e as { message?: string; lines?: number; code?: string };
  if (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR') {
    return new ExtractError('is not a gzip file, though its name ends in .gz', file.fileName);
  }
  const at = err.lines ? ` at line ${err.lines}` : '';
  return new ExtractError(`cannot be read as CSV${at}: ${err.message ?? String(e)}`, file.fileName);
}

const nl = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * Reads a CSV (or CSV.gz) file as a raw text source.
 *
 * Fast path: DuckDB's reader, strict, every column as VARCHAR, rows in file order, so a
 * row's line is its position + 2 when the record count matches the file's physical
 * lines (counted at the same time). Otherwise (blank lines, quoted line breaks, rows
 * with the wrong number of fields, stray quotes) `exactCsv` parses the file in Node,
 * rejects structurally broken rows with their line, and hands the rest to DuckDB with
 * `_line` attached.
 */
export async function readCsv(
  db: Database,
  file: ExtractFile,
  spec: FileSpec,
  table: string,
  scratchDir: string,
  rejects: StructuralReject[],
): Promise<RawSource> {
  const header = await readHeader(file);
  const { unknownColumns, selectColumns: select } = matchHeader(spec, file.fileName, header);
  const columnsArg = `{${header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  const lines = countNewlines(file.path, file.format === 'csv.gz');
  lines.catch(() => undefined); // awaited in confirm; a read error there becomes an ExtractError

  const exact = () => exactCsv(db, file, table, scratchDir, rejects, header.length, select, unknownColumns, spec);
  return {
    file,
    spec,
    unknownColumns,
    lineColumn: false,
    rowsRejectedByReader: 0,
    relation: `(SELECT ${select((i) => `c${i}`)}
      FROM read_csv(${quoteLiteral(file.path)}, header = true, auto_detect = false, columns = ${columnsArg},
        delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false,
        compression = ${file.format === 'csv.gz' ? "'gzip'" : "'none'"}))`,
    async confirm(rows) {
      let counted;
      try {
        counted = await lines;
      } catch (e) {
        throw asExtractError(e, file);
      }
      return counted.newlines + (counted.endsWithNewline || counted.bytes === 0 ? 0 : 1) === rows + 1;
    },
    async fallback(failure) {
      const msg = failure === undefined ? '' : String((failure as Error).message);
      if (/unicode|utf-?8/i.test(msg)) {
        const line = /Line: (\d+)/.exec(msg)?.[1];
        throw new ExtractError(`is not UTF-8 encoded${line ? ` (line ${line})` : ''}; save it as UTF-8 and load again`, file.fileName);
      }
      await lines.catch((e) => {
        throw asExtractError(e, file);
      });
      return exact();
    },
  };
}

async function exactCsv(
  db: Database,
  file: ExtractFile,
  table: string,
  scratchDir: string,
  rejects: StructuralReject[],
  width: number,
  select: (col: (i: number) => string) => string,
  unknownColumns: string[],
  spec: FileSpec,
): Promise<RawSource> {
  const scratch = `${scratchDir}/${table}.csv`;
  const out = stringify({ quoted: true });
  const writing = pipeline(out, createWriteStream(scratch));
  const parser = openText(file, parse(parseOptions));
  let rowsRejectedByReader = 0;
  try {
    // Each record starts one line after the previous one ended, plus any blank lines
    // skipped between them. (csv-parse's own line count treats a quoted CRLF as two.)
    let next = 1;
    let emptyBefore = 0;
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { empty_lines: number } }>) {
      const line = next + (info.empty_lines - emptyBefore);
      emptyBefore = info.empty_lines;
      next = line + 1 + record.reduce((s, v) => s + nl(v), 0);
      if (line === 1) continue;
      if (record.length !== width) {
        rowsRejectedByReader++;
        rejects.push({
          line,
          column: '',
          value: record.join(',').slice(0, 200),
          reason: `row has ${record.length} field${record.length === 1 ? '' : 's'} but the header has ${width}; check for a missing or extra comma`,
          rule: `row has ${record.length > width ? 'more' : 'fewer'} fields than the header; check for a missing or extra comma`,
        });
        continue;
      }
      if (!out.write([line, ...record])) await new Promise((r) => out.once('drain', r));
    }
  } catch (e) {
    out.destroy();
    await writing.catch(() => undefined);
    await rm(scratch, { force: true });
    throw asExtractError(e, file);
  }
  out.end();
  await writing;
  const scratchColumns = `{'_line': 'BIGINT', ${Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  return {
    file,
    spec,
    unknownColumns,
    lineColumn: true,
    rowsRejectedByReader,
    relation: `(SELECT _line, ${select((i) => `c${i}`)}
      FROM read_csv(${quoteLiteral(scratch)}, header = false, auto_detect = false, columns = ${scratchColumns},
        delim = ',', quote = '"', escape = '"', strict_mode = true))`,
    dispose: () => rm(scratch, { force: true }),
  };
}
