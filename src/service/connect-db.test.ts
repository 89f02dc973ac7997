import { describe, expect, it } from 'vitest';
import { connectDbAnswer } from './connect-db.js';

describe('connectDbAnswer', () => {
  it.each([
    [undefined, 'pass123', 200, 'Sorry, no db password provided!'],
    ['wrong', 'pass123', 200, 'Sorry, wrong db password provided!'],
    ['pass1234', 'pass123', 200, 'Sorry, wrong db password provided!'],
    ['pass123', 'pass123', 200, 'Hello, You are connected database successfully!'],
    [
      'pass123',
      undefined,
      500,
      'Sorry, no expected db password is configured: set DB_EXPECTED_PASS or DB_EXPECTED_PASS_FILE.',
    ],
  ])('should answer provided=%j expected=%j with %i %j', (provided, expected, status, body) => {
    expect(connectDbAnswer(provided, expected)).toEqual({ status, body });
  });
});
