import { humanize } from './format.ts';

// Display names and score ranges of the distance-travelled tools (models/seeds/tool_areas.csv).
// The API's rows carry codes and scores; the star chart needs each tool's scale to draw rings.
const names: Record<string, string> = {
  family_star_plus: 'Family Star Plus',
  my_star: 'My Star',
  youth_star: 'Youth Star',
  teen_star: 'Teen Star',
  gcp2: 'Graded Care Profile 2 (GCP2)',
  family_circle: 'Family Circle',
};
const scales: Record<string, [number, number]> = { gcp2: [1, 5], teen_star: [1, 5] };

export const toolName = (tool: string): string => names[tool] ?? humanize(tool);
export const toolScale = (tool: string): [number, number] => scales[tool] ?? [1, 10];
/** GCP2 is scored lower-is-better; improvement is already turned round in the data. */
export const lowerIsBetter = (tool: string): boolean => tool === 'gcp2';
