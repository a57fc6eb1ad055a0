import type { DocNode } from './DocNode.ts';

/** Dictionary sections, marts first: what analysts query comes before how it is made. */
export const layerTitles: [DocNode['layer'], string][] = [
  ['marts', 'Marts'],
  ['intermediate', 'Intermediate models'],
  ['staging', 'Staging models'],
  ['seeds', 'Seeds'],
  ['sources', 'Sources (loaded by the pipeline)'],
];
