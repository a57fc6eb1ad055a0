import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Relation } from '../core/Relation.ts';

/**
 * What an indicator needs to build its query. A model passes its own `ref` (so the
 * dependency is recorded); the API and exports pass `refTable`, which names the built
 * table or view. Either way the indicator is one definition.
 */
export interface IndicatorContext {
  db: Kysely<any>;
  ref(name: string): Relation;
  config: Config;
}
