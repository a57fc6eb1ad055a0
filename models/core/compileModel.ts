import { createQueryId, type RootOperationNode } from 'kysely';
import type { Config } from '../config.ts';
import type { SourceName } from '../sources.ts';
import { createCompileOnlyKysely } from '../kysely/createCompileOnlyKysely.ts';
import { InlineValuesCompiler } from '../kysely/InlineValuesCompiler.ts';
import { ModelError } from './ModelError.ts';
import type { ModelDefinition } from './ModelDefinition.ts';
import { Relation } from './Relation.ts';

export interface CompiledModel {
  /** The SELECT with every value inlined, ready for CREATE VIEW/TABLE ... AS. */
  sql: string;
  /** Models and seeds it refs, in first-use order. */
  refs: string[];
  /** Sources it reads, in first-use order. */
  sources: string[];
}

const db = createCompileOnlyKysely();

/**
 * Calls the model's query function once with a `ref` and `source` that record what they
 * are asked for: the dependency graph comes from the queries themselves, never from a
 * list someone has to keep in step.
 */
export function compileModel(model: ModelDefinition, config: Config): CompiledModel {
  const refs = new Set<string>();
  const sources = new Set<string>();
  let query;
  try {
    query = model.query({
      ref: (name: string) => {
        refs.add(name);
        return new Relation(name);
      },
      source: (name: SourceName) => {
        sources.add(name);
        return new Relation(name);
      },
      config,
      db,
    });
  } catch (e) {
    throw new ModelError(`model "${model.name}": its query function threw: ${(e as Error).message}`);
  }
  const node = query?.toOperationNode?.();
  if (!node || (node.kind !== 'SelectQueryNode' && node.kind !== 'RawNode')) {
    throw new ModelError(`model "${model.name}": query must return a Kysely select query or a sql\`...\` template`);
  }
  const compiled = new InlineValuesCompiler().compileQuery(node as RootOperationNode, createQueryId());
  return { sql: compiled.sql, refs: [...refs], sources: [...sources] };
}
