import { route } from '../state/appState.svelte.ts';

/** The current value of a page choice (PageChoice shows the same rule): the URL's if offered, else the first option. */
export function choice(name: string, values: readonly string[], fallback?: string): string {
  const v = route.param(name);
  return v !== undefined && values.includes(v) ? v : (fallback ?? values[0] ?? '');
}
