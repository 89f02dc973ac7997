import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../errors.js';
import { FAMILIES } from '../check/families.js';
import { renderRulesDoc } from '../check/rules-doc.js';

/**
 * Regenerates the generated reference pages under docs/ (`npm run docs`). Each generator is a
 * pure render function; tests compare the committed page with it.
 */
const pages: [string, () => string | Promise<string>][] = [
  ['docs/errors.md', renderErrorsDoc],
  ['docs/rules.md', () => renderRulesDoc(FAMILIES)],
];

for (const [path, render] of pages) {
  writeFileSync(path, await render());
  process.stdout.write(`wrote ${path}\n`);
}
