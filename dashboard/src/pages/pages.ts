import type { Component } from 'svelte';

/**
 * Every page of the dashboard, in navigation order. A page is loaded on first visit
 * (dynamic import), so Plot and each page's code are only fetched when needed.
 * To add a page: add its component in pages/ and one entry here (see dashboard/README.md).
 */
export interface PageInfo {
  id: string;
  title: string;
  /** One line under the title in the navigation and on the page. */
  summary: string;
  load: () => Promise<{ default: Component }>;
}

export const pages: PageInfo[] = [
  {
    id: 'overview',
    title: 'Overview',
    summary: 'Headline numbers and their trends',
    load: () => import('./OverviewPage.svelte'),
  },
  {
    id: 'outcomes',
    title: 'Supporting Families outcomes',
    summary: 'Eligible families, needs met and sustained, successful outcomes, nearly there',
    load: () => import('./OutcomesPage.svelte'),
  },
  {
    id: 'distance',
    title: 'Distance travelled',
    summary: 'Outcome Stars, GCP2 and Family Circle: baseline against latest',
    load: () => import('./DistancePage.svelte'),
  },
];

export const pageById = (id: string): PageInfo | undefined => pages.find((p) => p.id === id);
