import { DrillState } from './DrillState.svelte.ts';
import { FilterState } from './FilterState.svelte.ts';
import { MetaState } from './MetaState.svelte.ts';
import { RouteState } from './RouteState.svelte.ts';
import { SessionState } from './SessionState.svelte.ts';

// One instance of each for the app: pages and panels import what they read.
export const filters = new FilterState();
export const route = new RouteState();
export const meta = new MetaState();
export const drill = new DrillState();
export const session = new SessionState();
