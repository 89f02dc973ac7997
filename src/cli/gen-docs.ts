import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../errors.js';

/**
 * Regenerates the generated reference pages under docs/ (`npm run docs`). Each generator is a
 * pure render function; tests compare the committed page with it.
 */
const pages: [string, () => string | Promise<string>][] = [['docs/errors.md', renderErrorsDoc]];

for (const [path, render] of pages) {
  writeFileSync(path, await render());
  process.stdout.write(`wrote ${path}\n`);
}
