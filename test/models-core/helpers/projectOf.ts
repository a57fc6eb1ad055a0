import { sql } from 'kysely';
import { defineModel } from '../../../models/core/defineModel.ts';
import type { ModelContext, ModelDefinition } from '../../../models/core/ModelDefinition.ts';
import type { Project, ProjectSeed } from '../../../models/core/Project.ts';
import { sources } from '../../../models/sources.ts';

/** A project made of the given definitions, without discovery. */
export function projectOf(models: ModelDefinition[], seeds: ProjectSeed[] = []): Project {
  return { models: models.map((definition) => ({ definition })), seeds, sources };
}

const layerOf = (name: string): ModelDefinition['layer'] =>
  name.startsWith('stg_') ? 'staging' : name.startsWith('int_') ? 'intermediate' : 'marts';

/**
 * A small model with one column `id`: it reads every name in `refs` (union of their ids)
 * or, with none, yields ids 1-3.
 */
export function idModel(name: string, refs: string[] = [], extra: Partial<ModelDefinition> = {}): ModelDefinition {
  return defineModel({
    name,
    layer: layerOf(name),
    grain: 'one row per id',
    materialized: 'view',
    description: `test model ${name}`,
    columns: { id: 'an id' },
    query: ({ ref, db }: ModelContext) =>
      refs.length
        ? refs
            .map((r) => db.selectFrom(ref(r).as('t')).select('t.id'))
            .reduce((a, b) => a.union(b))
        : sql`select * from (values (1), (2), (3)) as t(id)`,
    ...extra,
  });
}
