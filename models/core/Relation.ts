import { sql, type AliasedExpression, type Expression, type OperationNode, type RawBuilder } from 'kysely';

/** Any row of a model, seed or source: models are typed by their column descriptions, not by TypeScript. */
export type AnyRow = Record<string, any>;

/**
 * A table or view that a model reads: what `ref()` and `source()` return. It is a Kysely
 * expression, so it works in query builders (`db.selectFrom(ref('stg_episodes').as('e'))`)
 * and in raw templates (sql`select * from ${ref('stg_episodes')}`).
 */
export class Relation<R extends AnyRow = AnyRow> implements Expression<R> {
  private readonly table: RawBuilder<R>;

  constructor(readonly name: string) {
    this.table = sql.table(name) as RawBuilder<R>;
  }

  get expressionType(): R | undefined {
    return undefined;
  }

  as<A extends string>(alias: A): AliasedExpression<R, A> {
    return this.table.as(alias);
  }

  toOperationNode(): OperationNode {
    return this.table.toOperationNode();
  }

  toString(): string {
    return this.name;
  }
}
