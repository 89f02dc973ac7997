import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('createLogger', () => {
  it('should write JSON lines with a level name and censor password fields', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString('utf8'));
        callback();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      {
        dbPass: 's3cret',
        settings: { dbExpectedPass: 's3cret', port: 3000 },
        env: { DB_PASS: 's3cret' },
      },
      'hello',
    );
    logger.debug('hidden');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'info',
      service: 'multiroute',
      msg: 'hello',
      dbPass: '[redacted]',
      settings: { dbExpectedPass: '[redacted]', port: 3000 },
      env: { DB_PASS: '[redacted]' },
    });
    expect(lines[0]).not.toContain('s3cret');
  });
});
