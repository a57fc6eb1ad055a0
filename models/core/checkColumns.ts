import type { Database } from '../../pipeline/db/database.ts';
import { ModelError } from './ModelError.ts';
import type { PlanNode } from './PlanNode.ts';
import { quoteIdent } from './sqlText.ts';

/** The built relation must have exactly the declared columns, so the data dictionary never lies. */
export async function checkColumns(db: Database, node: PlanNode): Promise<void> {
  const actual = (await db.describe(`SELECT * FROM ${quoteIdent(node.name)}`)).map((c) => c.name);
  const declared = Object.keys(node.columns);
  const undeclared = actual.filter((c) => !declared.includes(c));
  const missing = declared.filter((c) => !actual.includes(c));
  if (undeclared.length || missing.length) {
    const parts = [
      undeclared.length ? `produced but not declared: ${undeclared.join(', ')}` : '',
      missing.length ? `declared but not produced: ${missing.join(', ')}` : '',
    ].filter(Boolean);
    throw new ModelError(`model "${node.name}": its columns do not match its declaration (${parts.join('; ')})`);
  }
}
