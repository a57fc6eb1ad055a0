// Run in a child process by memory.test.ts: node --expose-gc --import tsx memoryProbe.ts N OUT
// Prints what generating N families cost in memory. The heap measured after a full GC
// every 5000 families is what the generator retains; streaming keeps it flat in N.
import { generateExtract } from '../../sample-data/generateExtract.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const [families, out] = [Number(process.argv[2]), process.argv[3]];
gc();
const baseline = process.memoryUsage().heapUsed;
let retained = 0;
const summary = await generateExtract({
  out,
  families,
  onProgress: (done) => {
    if (done % 5000 !== 0) return;
    gc();
    retained = Math.max(retained, process.memoryUsage().heapUsed - baseline);
  },
});
process.stdout.write(
  JSON.stringify({ retainedHeapMB: retained / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1e3, events: summary.rows.events, seconds: summary.seconds }),
);
