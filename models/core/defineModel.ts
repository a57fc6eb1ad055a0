import { expandTests, testColumns, testName } from './DataTest.ts';
import { ModelError } from './ModelError.ts';
import { layerPrefix, layers, type ModelDefinition } from './ModelDefinition.ts';

const DEFINED = Symbol.for('family-outcomes.model');
const NAME = /^[a-z][a-z0-9_]*$/;

/** True for what defineModel returned, so discovery can tell a model from any other export. */
export function isModelDefinition(value: unknown): value is ModelDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DEFINED] === true;
}

/** Checks a model's declaration and marks it as a model. Mistakes fail when the file is loaded. */
export function defineModel(definition: ModelDefinition): ModelDefinition {
  const { name } = definition;
  const fail = (problem: string): never => {
    throw new ModelError(`model "${name}": ${problem}`);
  };
  if (!NAME.test(name ?? '')) fail('the name must be lower_snake_case');
  if (!layers.includes(definition.layer)) fail(`layer must be one of ${layers.join(', ')}`);
  const prefix = layerPrefix[definition.layer];
  if (!name.startsWith(prefix)) fail(`${definition.layer} model names start with "${prefix}"`);
  if (definition.materialized !== 'view' && definition.materialized !== 'table') fail('materialized must be "view" or "table"');
  if (!definition.grain?.trim() || definition.grain.includes('\n')) fail('grain must be one non-empty line');
  if (!definition.description?.trim()) fail('description is empty');
  const columns = Object.entries(definition.columns ?? {});
  if (columns.length === 0) fail('declares no columns');
  for (const [col, text] of columns) if (!text?.trim()) fail(`column "${col}" has no description`);
  if (typeof definition.query !== 'function') fail('query must be a function');
  for (const t of expandTests(definition.tests ?? [])) {
    for (const col of testColumns(t)) {
      if (!(col in definition.columns)) fail(`test ${testName(t)} names column "${col}", which is not declared`);
    }
  }
  return Object.freeze({ ...definition, [DEFINED]: true });
}
