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
});
