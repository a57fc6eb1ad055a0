// What the pipeline, the server and tests use from the models.
export { buildModels, type BuildOptions, type BuildProgress, type BuildResult } from './core/build.ts';
export { testModels, type TestOptions, type TestReport, type TestResult } from './core/test.ts';
export { writeDocs, type DocsOptions } from './core/docs.ts';
export { formatTestResult } from './core/formatTestResult.ts';
export { defineModel } from './core/defineModel.ts';
export type { ModelContext, ModelDefinition } from './core/ModelDefinition.ts';
export type { DataTest } from './core/DataTest.ts';
export { ModelError } from './core/ModelError.ts';
export { loadConfig, resolveConfig, ConfigError, type Config } from './config.ts';
export { createKysely } from './kysely/createKysely.ts';
