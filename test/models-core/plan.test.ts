import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../models/config.ts';
import { defineModel } from '../../models/core/defineModel.ts';
import { planModels } from '../../models/core/plan.ts';
import { idModel, projectOf } from './helpers/projectOf.ts';

const config = loadConfig();

describe('plan: the DAG comes from ref() and source() calls', () => {
  it('derives dependencies from the queries and orders the build by them', () => {
    const plan = planModels(
      projectOf([
        idModel('mart_c', ['int_b', 'stg_a']),
        idModel('int_b', ['stg_a']),
        defineModel({
          ...idModel('stg_a'),
          query: ({ source, db }) => db.selectFrom(source('families').as('f')).select(sql<number>`1`.as('id')),
        }),
      ]),
      config,
    );
    expect(plan.nodes.get('mart_c')!.dependsOn).toEqual(['int_b', 'stg_a']);
    expect(plan.nodes.get('int_b')!.dependsOn).toEqual(['stg_a']);
    expect(plan.nodes.get('stg_a')!.sources).toEqual(['families']);
    expect(plan.order).toEqual(['stg_a', 'int_b', 'mart_c']);
    expect(plan.children.get('stg_a')).toEqual(['int_b', 'mart_c']);
  });

  it('records refs made in raw sql templates too', () => {
    const plan = planModels(
      projectOf([idModel('int_a'), idModel('int_b', [], { query: ({ ref }) => sql`select id from ${ref('int_a')}` })]),
      config,
    );
    expect(plan.nodes.get('int_b')!.dependsOn).toEqual(['int_a']);
    expect(plan.nodes.get('int_b')!.sql).toBe('select id from "int_a"');
  });

  it('inlines values so a view can hold the query', () => {
    const plan = planModels(
      projectOf([
        idModel('int_a'),
        idModel('int_b', [], {
          query: ({ ref, db, config: c }) =>
            db
              .selectFrom(ref('int_a').as('a'))
              .select('a.id')
              .where('a.id', '<=', c.supportingFamilies.minLiveNeeds)
              .where(sql.lit("O'Neil"), '!=', "it's"),
        }),
      ]),
      config,
    );
    expect(plan.nodes.get('int_b')!.sql).toBe(`select "a"."id" from "int_a" as "a" where "a"."id" <= 3 and 'O''Neil' != 'it''s'`);
  });

  it('names the cycle', () => {
    const project = projectOf([idModel('int_a', ['int_c']), idModel('int_b', ['int_a']), idModel('int_c', ['int_b']), idModel('mart_d', ['int_a'])]);
    expect(() => planModels(project, config)).toThrow('dependency cycle: int_a -> int_c -> int_b -> int_a');
  });

  it('names a model that refs itself', () => {
    expect(() => planModels(projectOf([idModel('int_a', ['int_a'])]), config)).toThrow('dependency cycle: int_a -> int_a');
  });

  it('names the model and the missing ref, with a suggestion', () => {
    const project = projectOf([idModel('stg_episodes'), idModel('mart_x', ['stg_episode']), idModel('mart_y', ['nowhere'])]);
    const error = (() => {
      try {
        planModels(project, config);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toContain('model "mart_x" refs "stg_episode", which is not a model or seed (did you mean "stg_episodes"?)');
    expect(error).toContain('model "mart_y" refs "nowhere", which is not a model or seed');
  });

  it('refuses an unknown source', () => {
    const m = defineModel({ ...idModel('stg_a'), query: ({ source, db }) => db.selectFrom(source('familes' as 'families').as('f')).selectAll() });
    expect(() => planModels(projectOf([m]), config)).toThrow('model "stg_a" reads source "familes", which is not a source (did you mean "families"?)');
  });

  it('lets only staging read sources, and no model ref a later layer', () => {
    const readsSource = defineModel({ ...idModel('int_a'), query: ({ source, db }) => db.selectFrom(source('events').as('e')).selectAll() });
    expect(() => planModels(projectOf([readsSource]), config)).toThrow(/model "int_a" \(intermediate\) reads source "events"; only staging models read sources/);
    expect(() => planModels(projectOf([idModel('mart_a'), idModel('int_b', ['mart_a'])]), config)).toThrow(
      'model "int_b" (intermediate) refs "mart_a" (marts); a model may only ref seeds and models of its own or an earlier layer',
    );
  });

  it('refuses a relationships test to an unknown model', () => {
    const m = idModel('int_a', [], { tests: [{ relationships: { column: 'id', to: 'int_nope', field: 'id' } }] });
    expect(() => planModels(projectOf([m]), config)).toThrow('model "int_a": test relationships(id -> int_nope.id) refers to "int_nope", which is not a model or seed');
  });

  it('refuses two models with one name', () => {
    expect(() => planModels(projectOf([idModel('int_a'), idModel('int_a')]), config)).toThrow('"int_a" is defined twice');
  });

  it('reports a query function that throws, naming the model', () => {
    const m = idModel('int_a', [], {
      query: () => {
        throw new Error('boom');
      },
    });
    expect(() => planModels(projectOf([m]), config)).toThrow('model "int_a": its query function threw: boom');
  });
});

describe('defineModel checks the declaration', () => {
  it.each([
    [{ name: 'episodes' }, 'staging model names start with "stg_"'],
    [{ name: 'stg_Bad' }, 'lower_snake_case'],
    [{ grain: 'two\nlines' }, 'grain must be one non-empty line'],
    [{ columns: {} }, 'declares no columns'],
    [{ columns: { id: '' } }, 'column "id" has no description'],
    [{ tests: [{ unique: 'idd' }] }, 'test unique(idd) names column "idd", which is not declared'],
  ])('%o', (override, message) => {
    expect(() => defineModel({ ...idModel('stg_ok'), ...override })).toThrow(message);
  });
});
