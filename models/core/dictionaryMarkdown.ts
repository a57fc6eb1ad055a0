import type { DocNode } from './DocNode.ts';
import { layerTitles } from './layerTitles.ts';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const list = (names: string[]) => (names.length ? names.map((n) => `[${n}](#${n})`).join(', ') : 'none');

function section(n: DocNode): string {
  const facts = [
    n.grain ? `- **Grain:** ${n.grain}` : '',
    n.materialized ? `- **Materialized:** ${n.kind === 'seed' ? 'table (seed)' : n.materialized}` : '',
    `- **Depends on:** ${list(n.dependsOn)}`,
    `- **Used by:** ${list(n.usedBy)}`,
    n.tests.length ? `- **Tests:** ${n.tests.map((t) => `\`${cell(t)}\``).join(', ')}` : '',
  ].filter(Boolean);
  const columns = n.columns.map((c) => `| \`${c.name}\` | ${c.type ?? ''} | ${cell(c.description)} |`);
  const sql = n.sql ? `\n<details><summary>Compiled SQL</summary>\n\n\`\`\`sql\n${n.sql}\n\`\`\`\n</details>\n` : '';
  return `<a id="${n.name}"></a>\n### ${n.name}\n\n${n.description}\n\n${facts.join('\n')}\n\n| column | type | description |\n| --- | --- | --- |\n${columns.join('\n')}\n${sql}`;
}

/** The data dictionary as Markdown: an index, then every node with its columns, lineage and tests. */
export function dictionaryMarkdown(nodes: DocNode[], generatedFor: string): string {
  const index = nodes.map((n) => `| [${n.name}](#${n.name}) | ${n.layer} | ${cell(n.grain ?? '')} | ${cell(n.description)} |`);
  const body = layerTitles
    .map(([layer, title]) => {
      const inLayer = nodes.filter((n) => n.layer === layer);
      return inLayer.length ? `## ${title}\n\n${inLayer.map(section).join('\n')}` : '';
    })
    .filter(Boolean);
  return `# Data dictionary\n\nGenerated from the model definitions in \`models/\` (${generatedFor}) by \`npm run models -- docs\`; edit the definitions, not this file. The lineage graph is [lineage.svg](lineage.svg).\n\n| name | layer | grain | description |\n| --- | --- | --- | --- |\n${index.join('\n')}\n\n${body.join('\n')}`;
}
