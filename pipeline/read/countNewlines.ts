import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/**
 * Counts '\n' bytes and whether the file ends with one. Used to check, cheaply, that
 * DuckDB's record count matches the file's physical lines, so `_line` can be the record
 * number + 1; when it does not (blank lines, line breaks inside quoted values), the
 * reader takes the exact slow path.
 */
export async function countNewlines(path: string, gzip: boolean): Promise<{ newlines: number; endsWithNewline: boolean; bytes: number }> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  let newlines = 0;
  let bytes = 0;
  let last = -1;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (chunk.length) last = chunk[chunk.length - 1];
    let i = chunk.indexOf(10);
    while (i !== -1) {
      newlines++;
      i = chunk.indexOf(10, i + 1);
    }
  }
  return { newlines, endsWithNewline: last === 10, bytes };
}
