import { describe, expect, it } from 'vitest';
import { generationObserved } from './generation.js';

describe('generationObserved', () => {
  it.each([
    ['seen', { metadata: { generation: 3 }, status: { observedGeneration: 3 } }, true, true],
    ['seen later', { metadata: { generation: 3 }, status: { observedGeneration: 4 } }, true, true],
    [
      'not yet seen',
      { metadata: { generation: 4 }, status: { observedGeneration: 3 } },
      false,
      false,
    ],
    ['no status', { metadata: { generation: 1 } }, false, false],
    // Where the copies differed: no generation and no status at all. The Deployment and
    // DaemonSet test (generation <= observed) passes it; the StatefulSet test also wants the
    // controller to have written an observedGeneration, as kubectl's StatefulSet viewer does.
    ['nothing', {}, true, false],
    [
      'zero generation',
      { metadata: { generation: 0 }, status: { observedGeneration: 0 } },
      true,
      false,
    ],
    [
      'not numbers',
      { metadata: { generation: '4' }, status: { observedGeneration: '3' } },
      true,
      false,
    ],
    ['not an object', null, true, false],
  ])('should decide %s', (_name, object, lenient, strict) => {
    expect(generationObserved(object)).toBe(lenient);
    expect(generationObserved(object, { requireStatus: true })).toBe(strict);
  });
});
