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
  /**
   * The right (/api/session permissions) a role needs to use the page: without it the
   * page is left out of the navigation (the server refuses its data anyway).
   */
  needs?: 'viewQuality';
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
  {
    id: 'practice',
    title: 'Practice standards and caseloads',
    summary: 'Timeliness, overdue work, waiting list, long cases and caseloads',
    load: () => import('./PracticePage.svelte'),
  },
  {
    id: 'logic-model',
    title: 'Logic model',
    summary: 'Impact statements, outcomes and measures for commissioners',
    load: () => import('./LogicModelPage.svelte'),
  },
  {
    id: 'before-after',
    title: 'Before and after',
    summary: 'System events before referral and after closure, against a comparison group',
    load: () => import('./BeforeAfterPage.svelte'),
  },
  {
    id: 'cohort',
    title: 'Cohort explorer and export',
    summary: 'Build a cohort, preview it, export CSV, Excel, Parquet or Arrow',
    load: () => import('./CohortPage.svelte'),
  },
  {
    id: 'quality',
    title: 'Data quality',
    summary: 'Rejected rows by file and reason, freshness of each source',
    // Analysts check data quality (product.md); it covers the whole authority's load.
    needs: 'viewQuality',
    load: () => import('./QualityPage.svelte'),
  },
  {
    id: 'dictionary',
    title: 'Data dictionary and lineage',
    summary: 'Every model, its columns and where it comes from',
    load: () => import('./DictionaryPage.svelte'),
  },
];

export const pageById = (id: string): PageInfo | undefined => pages.find((p) => p.id === id);
