import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildModels, type BuildProgress } from '../../models/core/build.ts';
import { idModel, projectOf } from './helpers/projectOf.ts';
import { withDatabase } from './helpers/withDatabase.ts';

const tableTypes = async (db: import('../../pipeline/db/database.ts').Database) =>
  Object.fromEntries(
    (await db.all<{ table_name: string; table_type: string }>(`select table_name, table_type from information_schema.tables order by table_name`)).map((r) => [
      r.table_name,
      r.table_type,
    ]),
  );

describe('build', () => {
  it('materializes views and tables in dependency order, reporting progress', () =>
    withDatabase(async (db) => {
      const project = projectOf([
        idModel('mart_c', ['int_b'], { materialized: 'table' }),
        idModel('int_b', ['stg_a']),
        idModel('stg_a'),
      ]);
      const events: BuildProgress[] = [];
      const result = await buildModels(db, { project, onProgress: (e) => events.push(e) });
      expect(result.built.map((b) => [b.name, b.kind])).toEqual([
        ['stg_a', 'view'],
        ['int_b', 'view'],
        ['mart_c', 'table'],
      ]);
      expect(await tableTypes(db)).toEqual({ stg_a: 'VIEW', int_b: 'VIEW', mart_c: 'BASE TABLE' });
      expect(events.map((e) => `${e.phase} ${e.index}/${e.total} ${e.node}`)).toEqual([
        'start 1/3 stg_a',
        'done 1/3 stg_a',
        'start 2/3 int_b',
        'done 2/3 int_b',
        'start 3/3 mart_c',
        'done 3/3 mart_c',
      ]);
      expect(events.at(-1)!.rows).toBe(3);
      expect(await db.all('select id from mart_c order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    }));

  it('builds only the selection', () =>
    withDatabase(async (db) => {
      const project = projectOf([idModel('stg_a'), idModel('int_b', ['stg_a']), idModel('stg_z')]);
      await buildModels(db, { project, select: '+int_b' });
      expect(Object.keys(await tableTypes(db)).sort()).toEqual(['int_b', 'stg_a']);
    }));

  it('rebuilds a model whose materialization changed', () =>
    withDatabase(async (db) => {
      await buildModels(db, { project: projectOf([idModel('int_a')]) });
      await buildModels(db, { project: projectOf([idModel('int_a', [], { materialized: 'table' })]) });
      expect(await tableTypes(db)).toEqual({ int_a: 'BASE TABLE' });
      await buildModels(db, { project: projectOf([idModel('int_a')]) });
      expect(await tableTypes(db)).toEqual({ int_a: 'VIEW' });
    }));

  it('refuses a model whose columns differ from its declaration', () =>
    withDatabase(async (db) => {
      const m = idModel('int_a', [], { query: () => sql`select 1 as id, 2 as extra` });
      await expect(buildModels(db, { project: projectOf([m]) })).rejects.toThrow(
        'model "int_a": its columns do not match its declaration (produced but not declared: extra)',
      );
      const n = idModel('int_a', [], { columns: { id: 'an id', gone: 'never produced' } });
      await expect(buildModels(db, { project: projectOf([n]) })).rejects.toThrow('declared but not produced: gone');
    }));

  it('leaves every model as it was when one fails', () =>
    withDatabase(async (db) => {
      await buildModels(db, { project: projectOf([idModel('stg_a', [], { materialized: 'table' })]) });
      const broken = idModel('int_b', [], { query: () => sql`select id from no_such_table` });
      const replaced = idModel('stg_a', [], { materialized: 'table', query: () => sql`select 99 as id` });
      await expect(buildModels(db, { project: projectOf([replaced, broken]) })).rejects.toThrow(
        /building model "int_b" failed: .*no_such_table/,
      );
      expect(await db.all('select id from stg_a order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      expect(await tableTypes(db)).toEqual({ stg_a: 'BASE TABLE' });
    }));

  it('builds independent models at once on separate connections, each after everything it refs', () =>
    withDatabase(async (db) => {
      const project = projectOf([
        idModel('stg_a', [], { materialized: 'table' }),
        idModel('stg_z', [], { materialized: 'table' }),
        idModel('int_b', ['stg_a'], { materialized: 'table' }),
        idModel('int_c', ['stg_a', 'stg_z']),
        idModel('mart_d', ['int_b', 'int_c'], { materialized: 'table' }),
      ]);
      const events: string[] = [];
      const result = await buildModels(db, {
        project,
        transaction: false,
        concurrency: 2,
        onProgress: (e) => events.push(`${e.phase} ${e.node}`),
      });
      // Both sources are ready at once, so the second starts before the first is done.
      expect(events.slice(0, 2)).toEqual(['start stg_a', 'start stg_z']);
      const at = (e: string) => events.indexOf(e);
      for (const [model, refs] of [
        ['int_b', ['stg_a']],
        ['int_c', ['stg_a', 'stg_z']],
        ['mart_d', ['int_b', 'int_c']],
      ] as const) {
        for (const r of refs) expect(at(`done ${r}`), `${r} is built before ${model} starts`).toBeLessThan(at(`start ${model}`));
      }
      expect(result.built.map((b) => b.name).sort()).toEqual(['int_b', 'int_c', 'mart_d', 'stg_a', 'stg_z']);
      expect(await db.all('select id from mart_d order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      expect(await tableTypes(db)).toEqual({ stg_a: 'BASE TABLE', stg_z: 'BASE TABLE', int_b: 'BASE TABLE', int_c: 'VIEW', mart_d: 'BASE TABLE' });
    }));

  it('starts nothing after a failure when building at once, and reports the failing model', () =>
    withDatabase(async (db) => {
      const project = projectOf([
        idModel('stg_a'),
        idModel('int_b', ['stg_a'], {
          query: ({ ref, db }) => db.selectFrom(ref('stg_a').as('a')).select(sql<number>`(select max(id) from no_such_table)`.as('id')),
        }),
        idModel('mart_c', ['int_b'], { materialized: 'table' }),
      ]);
      const started: string[] = [];
      await expect(
        buildModels(db, { project, transaction: false, concurrency: 3, onProgress: (e) => e.phase === 'start' && started.push(e.node) }),
      ).rejects.toThrow(/building model "int_b" failed: .*no_such_table/);
      expect(started).toEqual(['stg_a', 'int_b']);
      // The database stays usable on its first connection after the others are closed.
      expect(await db.all('select id from stg_a order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    }));

  it('refuses to build several models at once inside one transaction', () =>
    withDatabase(async (db) => {
      await expect(buildModels(db, { project: projectOf([idModel('stg_a')]), concurrency: 2 })).rejects.toThrow(
        'building several models at once needs transaction: false',
      );
    }));
});
