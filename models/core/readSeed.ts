import { basename } from 'node:path';
import { expandTests, testColumns, testName } from './DataTest.ts';
import { inferColumnType } from './inferColumnType.ts';
import { ModelError } from './ModelError.ts';
import type { ProjectSeed } from './Project.ts';
import { readCsvFile } from './readCsvFile.ts';
import type { SeedDefinition } from './SeedDefinition.ts';

/** Reads a seed CSV and checks it against its definition (same columns, in the same order). */
export function readSeed(file: string, definition: SeedDefinition): ProjectSeed {
  const where = `seed ${basename(file)}`;
  const { header, rows } = readCsvFile(file);
  const declared = Object.keys(definition.columns);
  if (header.join(',') !== declared.join(',')) {
    throw new ModelError(`${where}: its header (${header.join(', ')}) differs from the columns declared in models/seeds/seeds.ts (${declared.join(', ')})`);
  }
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new ModelError(`${where}: line ${i + 2} has ${r.length} fields, the header has ${header.length}`);
  });
  for (const col of Object.keys(definition.types ?? {})) {
    if (!header.includes(col)) throw new ModelError(`${where}: a type is given for "${col}", which is not a column`);
  }
  for (const t of expandTests(definition.tests ?? [])) {
    for (const col of testColumns(t)) {
      if (!header.includes(col)) throw new ModelError(`${where}: test ${testName(t)} names column "${col}", which is not a column`);
    }
  }
  const types = Object.fromEntries(
    header.map((col, i) => [col, definition.types?.[col] ?? inferColumnType(rows.map((r) => r[i]))]),
  );
  return { definition, table: `seed_${definition.name}`, file, types, rows };
}
