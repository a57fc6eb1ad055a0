import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileSpec, files, loadOrder } from '../contract/contract.ts';
import { acquireLock, buildPath, commitBuild, discardBuild, removeStaleBuilds, seedBuild } from '../db/atomicFile.ts';
import { Database } from '../db/database.ts';
import { findExtractFiles } from '../extract/findExtractFiles.ts';
import { readManifest } from '../extract/readManifest.ts';
import { readMappings } from '../extract/readMappings.ts';
import { createProgress, type Progress } from '../progress.ts';
import { quoteLiteral, type RawSource, type StructuralReject } from '../read/RawTable.ts';
import { readRaw } from '../read/readRaw.ts';
import { parseExpr, rawRef, emptyAsNull, type Mappings } from '../validate/columnChecks.ts';
import { ensureTargetTable, loadFile, withExactSource, type FileResult } from './loadFile.ts';
import { writeLoadRecords } from './writeLoadRecords.ts';

export interface LoadOptions {
  extract: string;
  db: string;
  progress?: Progress;
  /** Runs inside the build, after loading and before the swap (the model build). */
  afterLoad?: (db: Database, progress: Progress) => Promise<void>;
  /** The "today" used when the extract has no manifest date; defaults to the clock. */
  today?: string;
}

export interface LoadSummary {
  db: string;
  rejectsFile: string;
  extractedOn: string;
  authority: string | null;
  files: FileResult[];
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  warnings: string[];
  seconds: number;
}

/** Dates before this are not service records (data contract: events from 2000-01-01). */
const EARLIEST = '2000-01-01';

/**
 * Validates an extract and loads it into `db`. The load is built in a copy of the
 * database and swapped in with one rename when everything succeeded, so a failure or a
 * kill at any point leaves the previous database as it was.
 */
export async function loadExtract(opts: LoadOptions): Promise<LoadSummary> {
  const started = Date.now();
  const progress = opts.progress ?? createProgress();
  const dbPath = resolve(opts.db);
  const extract = findExtractFiles(resolve(opts.extract));
  const manifest = readManifest(extract.manifestPath);
  const mappings = readMappings(extract.mappingsPath);
  const warnings = extract.ignored.map((f) => `${f} is not part of the data contract and was not read`);

  mkdirSync(dirname(dbPath), { recursive: true });
  const release = acquireLock(dbPath);
  let build = '';
  let db: Database | undefined;
  try {
    removeStaleBuilds(dbPath);
    build = buildPath(dbPath);
    seedBuild(dbPath, build);
    const scratch = `${build}.tmp`;
    mkdirSync(scratch, { recursive: true });
    db = await Database.open(build);
    await db.run(`SET temp_directory = ${quoteLiteral(scratch)}`);
    await db.run(`CREATE TEMP TABLE load_rejects (file VARCHAR, line BIGINT, "column" VARCHAR, value VARCHAR, reason VARCHAR, rule VARCHAR)`);
    await db.run(`CREATE TEMP TABLE rejected_keys (table_name VARCHAR, key VARCHAR, line BIGINT, file VARCHAR)`);

    const ordered = loadOrder.map((n) => extract.files.find((f) => f.name === n)).filter((f) => f !== undefined);
    progress.start(ordered.length * 2 + 1, 'load');
    const structural = new Map<string, StructuralReject[]>();
    let raws: RawSource[] = [];
    for (const file of ordered) {
      progress.step(`reading ${file.fileName}`);
      const rejects: StructuralReject[] = [];
      raws.push(await readRaw(db, file, fileSpec(file.name), scratch, rejects));
      structural.set(file.fileName, rejects);
    }
    for (const r of raws) {
      if (r.unknownColumns.length) warnings.push(`${r.file.fileName}: unknown columns ${r.unknownColumns.join(', ')} were not loaded`);
    }

    let extractedOn = manifest.extracted_on;
    if (!extractedOn) ({ extractedOn, raws } = await latestDate(db, raws, mappings, opts.today));
    const results: FileResult[] = [];
    for (const raw of raws) {
      progress.step(`validating and loading ${raw.file.fileName}`);
      const dateBounds = { from: EARLIEST, to: extractedOn };
      results.push(await loadFile(db, raw, { mappings, dateBounds, structural: structural.get(raw.file.fileName)! }));
    }

    // Optional files not in this extract still get their (empty) table, so the models
    // always find every source.
    for (const spec of files) await ensureTargetTable(db, spec);
    progress.step('writing rejects and load records');
    await writeLoadRecords(db, {
      extract: extract.dir,
      extractedOn,
      authority: manifest.authority,
      results,
      warnings,
      startedAt: new Date(started),
    });
    progress.stop();
    if (opts.afterLoad) await opts.afterLoad(db, progress);

    const rejectsFile = `${dbPath}.rejects.csv`;
    await db.run(
      `COPY (SELECT file, line, "column", value, reason FROM rejects ORDER BY load_order, line, "column")
       TO ${quoteLiteral(`${rejectsFile}.tmp`)} (HEADER, DELIMITER ',')`,
    );
    await db.run('CHECKPOINT');
    db.close();
    db = undefined;
    rmSync(scratch, { recursive: true, force: true });
    commitBuild(build, dbPath);
    renameSync(`${rejectsFile}.tmp`, rejectsFile);

    const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsRejected') => results.reduce((s, r) => s + r[k], 0);
    return {
      db: dbPath,
      rejectsFile,
      extractedOn,
      authority: manifest.authority,
      files: results,
      rowsRead: sum('rowsRead'),
      rowsLoaded: sum('rowsLoaded'),
      rowsRejected: sum('rowsRejected'),
      warnings,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (e) {
    progress.stop();
    db?.close();
    if (build) discardBuild(build);
    rmSync(`${dbPath}.rejects.csv.tmp`, { force: true });
    throw e;
  } finally {
    release();
  }
}

/**
 * With no manifest, "today" is the latest date found in the extract (data contract),
 * ignoring dates after the real today, which can only be typing errors. Returns the
 * sources to use from here on (a CSV that DuckDB could not read is switched to its
 * exact reader).
 */
async function latestDate(db: Database, raws: RawSource[], mappings: Mappings, today?: string) {
  const now = today ?? new Date().toISOString().slice(0, 10);
  let latest: string | null = null;
  const sources: RawSource[] = [];
  for (const raw of raws) {
    const dated = raw.spec.columns.filter((c) => c.type === 'date' || c.type === 'timestamp');
    if (!dated.length) {
      sources.push(raw);
      continue;
    }
    const days = dated.map((c) => {
      const expr = parseExpr(raw.spec, c, mappings).replaceAll(rawRef(c.name), emptyAsNull(c.name));
      return c.type === 'timestamp' ? `(${expr})::DATE` : expr;
    });
    let found: string | null = null;
    const { source } = await withExactSource(raw, async (src) => {
      const row = await db.one<{ d: string | null; n: number }>(
        `SELECT max(d) FILTER (WHERE d <= DATE '${now}') AS d, count(*) AS n
         FROM (SELECT greatest(${days.join(', ')}) AS d FROM ${src.relation})`,
      );
      found = row?.d ?? null;
      return row!.n;
    });
    sources.push(source);
    if (found && (!latest || found > latest)) latest = found;
  }
  return { extractedOn: latest ?? now, raws: sources };
}
