import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';

describe('closestName', () => {
  it('should suggest a close name and nothing for a far one', () => {
    expect(closestName('chekc', ['check', 'apply', 'rollout'])).toBe('check');
    expect(closestName('image-tag-latests', ['image-tag-latest', 'image-not-pinned'])).toBe(
      'image-tag-latest',
    );
    expect(closestName('deploy', ['check', 'apply'])).toBeUndefined();
  });
});
