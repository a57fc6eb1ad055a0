import type { DocNode } from './DocNode.ts';
import { escapeHtml as e } from './escapeHtml.ts';
import { layerTitles } from './layerTitles.ts';

const links = (names: string[]) => (names.length ? names.map((n) => `<a href="#${e(n)}">${e(n)}</a>`).join(', ') : 'none');

function section(n: DocNode): string {
  const facts: [string, string][] = [
    ...(n.grain ? [['Grain', e(n.grain)] as [string, string]] : []),
    ...(n.materialized ? [['Materialized', n.kind === 'seed' ? 'table (seed)' : n.materialized] as [string, string]] : []),
    ['Depends on', links(n.dependsOn)],
    ['Used by', links(n.usedBy)],
    ...(n.tests.length ? [['Tests', n.tests.map((t) => `<code>${e(t)}</code>`).join(', ')] as [string, string]] : []),
  ];
  const rows = n.columns
    .map((c) => `<tr><th scope="row"><code>${e(c.name)}</code></th><td>${e(c.type ?? '')}</td><td>${e(c.description)}</td></tr>`)
    .join('\n');
  const sql = n.sql ? `<details><summary>Compiled SQL</summary><pre><code>${e(n.sql)}</code></pre></details>` : '';
  return `<section id="${e(n.name)}" aria-labelledby="h-${e(n.name)}">
<h3 id="h-${e(n.name)}">${e(n.name)}</h3>
<p>${e(n.description)}</p>
<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<table><caption>Columns of ${e(n.name)}</caption>
<thead><tr><th scope="col">column</th><th scope="col">type</th><th scope="col">description</th></tr></thead>
<tbody>${rows}</tbody></table>
${sql}
</section>`;
}

/** The data dictionary as one self-contained, accessible HTML page with the lineage graph inline. */
export function dictionaryHtml(nodes: DocNode[], lineage: string, generatedFor: string): string {
  const index = nodes
    .map((n) => `<tr><th scope="row"><a href="#${e(n.name)}">${e(n.name)}</a></th><td>${n.layer}</td><td>${e(n.grain ?? '')}</td><td>${e(n.description)}</td></tr>`)
    .join('\n');
  const body = layerTitles
    .map(([layer, title]) => {
      const inLayer = nodes.filter((n) => n.layer === layer);
      return inLayer.length ? `<h2>${title}</h2>\n${inLayer.map(section).join('\n')}` : '';
    })
    .join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Data dictionary</title>
<style>
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1a1a1a; max-width: 72rem; margin: 0 auto; padding: 1rem 2rem; line-height: 1.5; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; }
th, td { border: 1px solid #b5b5b5; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
pre { background: #f4f4f4; padding: 0.75rem; overflow-x: auto; }
section { border-top: 1px solid #ddd; padding-top: 0.5rem; }
a { color: #0b4f8a; }
a:focus { outline: 3px solid #ffbf47; }
.lineage { overflow-x: auto; }
</style>
</head>
<body>
<main>
<h1>Data dictionary</h1>
<p>Generated from the model definitions in <code>models/</code> (${e(generatedFor)}); edit the definitions, not this page.</p>
<h2>Lineage</h2>
<div class="lineage">${lineage.replaceAll('href="data-dictionary.html#', 'href="#')}</div>
<h2>Contents</h2>
<table><caption>Every source, seed and model</caption>
<thead><tr><th scope="col">name</th><th scope="col">layer</th><th scope="col">grain</th><th scope="col">description</th></tr></thead>
<tbody>${index}</tbody></table>
${body}
</main>
</body>
</html>
`;
}
