import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS, EXIT, KprodError, renderErrorsDoc } from './errors.js';

describe('renderErrorsDoc', () => {
  it('should match docs/errors.md (run `npm run docs` after changing src/errors.ts)', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderErrorsDoc());
  });
});

describe('KprodError', () => {
  it('should take its exit code and default hint from the table', () => {
    const error = new KprodError('KUBE_FORBIDDEN', 'cannot create namespaces');
    expect(error.exitCode).toBe(EXIT.REMOTE);
    expect(error.hint).toBe(ERRORS.KUBE_FORBIDDEN.fix);
  });
});
