import { dirname, join } from 'node:path';
import { generateExtract } from '../sample-data/generateExtract.ts';

/** Families in the sample a new user gets (product.md: a small county-year). */
export const defaultSampleFamilies = 3000;

/**
 * The sample extract a database starts from when no extract is given (product.md: "With no
 * extract given, it generates and loads the sample data, so a new user sees a working
 * dashboard at once"): written beside the database, in `sample-extract`, so the rows behind
 * every figure can be read. Used by `npm start` and by the pipeline command.
 */
export async function generateSampleExtract(opts: {
  db: string;
  families?: number;
  say: (line: string) => void;
  /** Put before the first line, e.g. "[1/3] " when this is one step of several. */
  step?: string;
}): Promise<string> {
  const families = opts.families ?? defaultSampleFamilies;
  const extract = join(dirname(opts.db), 'sample-extract');
  opts.say(`${opts.step ?? ''}generating a sample extract of ${families.toLocaleString('en-GB')} families in ${extract}`);
  const gen = await generateExtract({
    out: extract,
    families,
    onProgress: (done, all) => opts.say(`      ${done.toLocaleString('en-GB')} / ${all.toLocaleString('en-GB')} families`),
  });
  opts.say(`      ${gen.rows.events.toLocaleString('en-GB')} events in ${gen.seconds.toFixed(1)}s`);
  return extract;
}
