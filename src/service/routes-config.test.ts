import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  builtinRoutesConfig,
  formatConfigIssue,
  hashConfig,
  parseRoutesConfig,
  parseRoutesConfigOrThrow,
} from './routes-config.js';

const PATH_CHARS =
  'route path must be printable ASCII without spaces, ? or # (requests are matched exactly, ' +
  'as sent: percent-encode other characters)';

// The guide's original ConfigMap (test/fixtures/check/guide holds its manifests without comments).
const SEED_CONFIGMAP = new URL(
  '../../test/fixtures/check/guide/base_manifest/configmap.yaml',
  import.meta.url,
);

describe('parseRoutesConfig', () => {
  it('should accept the original ConfigMap and default duration to 0 and status to 200', () => {
    const text = (parse(readFileSync(SEED_CONFIGMAP, 'utf8')) as { data: { 'config.yml': string } })
      .data['config.yml'];
    const result = parseRoutesConfig(text, 'config.yml');
    expect(result).toEqual({
      ok: true,
      config: {
        file: 'config.yml',
        hash: hashConfig(text),
        routes: [
          { path: '/route1', response: "route1's content", durationMs: 0, status: 200 },
          { path: '/route2', response: "route2's content", durationMs: 0, status: 200 },
          {
            path: '/test_timeout',
            response: "test_timeout's content",
            durationMs: 3000,
            status: 200,
          },
          {
            path: '/test_limiter',
            response: "test_limiter's content\n",
            durationMs: 1000,
            status: 200,
          },
        ],
      },
    });
  });

  it('should accept fractional durations and an explicit status', () => {
    const result = parseRoutesConfig(
      'routes:\n  /slow:\n    response: x\n    duration: 0.25\n    status: 503\n',
      'c.yml',
    );
    expect(result.ok && result.config.routes).toEqual([
      { path: '/slow', response: 'x', durationMs: 250, status: 503 },
    ]);
  });

  it.each([
    {
      name: 'every schema problem at once, each on its line',
      text: [
        'routes:',
        '  /route1:',
        '    response: 5',
        '    durtion: 3',
        '  route2:',
        '    response: x',
        '    duration: 301',
        '  /r3:',
        '    status: 700',
        '  /get_ip:',
        '    response: a',
        '  /neg:',
        '    response: a',
        '    duration: -1',
        '',
      ].join('\n'),
      issues: [
        'c.yml:3: routes./route1.response: must be a string (quote numbers and booleans)',
        'c.yml:4: routes./route1.durtion: unknown field (allowed: response, duration, status)',
        'c.yml:5: routes.route2: route path must start with /',
        'c.yml:7: routes.route2.duration: must be at most 300 seconds',
        'c.yml:9: routes./r3.response: is required',
        'c.yml:9: routes./r3.status: must be an HTTP status from 100 to 599',
        'c.yml:10: routes./get_ip: route path is reserved: multiroute serves it itself',
        'c.yml:14: routes./neg.duration: must be at least 0 seconds',
      ],
    },
    { name: 'an empty file', text: '', issues: ['c.yml:1: routes: is required'] },
    {
      name: 'routes that are not a mapping',
      text: 'routes: 3\n',
      issues: ['c.yml:1: routes: must be a mapping of path to route'],
    },
    {
      name: 'an unknown top-level field',
      text: 'routes: {}\nroute: {}\n',
      issues: ['c.yml:2: route: unknown field (allowed: routes)'],
    },
    {
      name: 'a duplicate path',
      text: 'routes:\n  /a: {response: x}\n  /a: {response: y}\n',
      issues: ['c.yml:3: routes./a: duplicate key (first on line 2)'],
    },
    {
      name: 'a path with a query',
      text: 'routes:\n  /a?b=1: {response: x}\n',
      issues: [`c.yml:2: routes./a?b=1: ${PATH_CHARS}`],
    },
    {
      name: 'a path with a control character, escaped in the message',
      text: 'routes:\n  "/a\\e[2J": {response: x}\n',
      issues: [`c.yml:2: routes./a\\x1b[2J: ${PATH_CHARS}`],
    },
    {
      name: 'a path with non-ASCII characters',
      text: 'routes:\n  /café: {response: x}\n',
      issues: [`c.yml:2: routes./café: ${PATH_CHARS}`],
    },
    {
      name: 'an alias bomb, without expanding it',
      text: [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
        'routes: [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
        '',
      ].join('\n'),
      issues: [
        'c.yml:1: (yaml): aliases expand to too many nodes (more than 100 alias expansions): ' +
          'write the routes out instead of nesting aliases',
      ],
    },
    {
      name: 'a file that is one long scalar, quoted as a short escaped excerpt',
      text: `\u001b]0;owned\u0007${'k'.repeat(5000)}`,
      issues: [
        'c.yml:1: (root): must be a mapping with the field routes, got a string ' +
          `(\\x1b]0;owned\\x07${'k'.repeat(30)}… (4970 more characters))`,
      ],
    },
    {
      name: 'many problems, capped',
      text: `routes:\n${Array.from({ length: 30 }, (_, i) => `  r${i}: {response: x}\n`).join('')}`,
      issues: [
        ...Array.from(
          { length: 20 },
          (_, i) => `c.yml:${i + 2}: routes.r${i}: route path must start with /`,
        ),
        'c.yml:1: (file): 10 more problems not shown',
      ],
    },
  ])('should report $name', ({ text, issues }) => {
    const result = parseRoutesConfig(text, 'c.yml');
    expect(result.ok ? [] : result.issues.map(formatConfigIssue)).toEqual(issues);
  });

  it.each([
    {
      name: 'a file larger than the size limit, before parsing it',
      text: `routes: {}\n#${'x'.repeat(100)}\n`,
      limits: { maxBytes: 64, maxRoutes: 10 },
      issue: 'c.yml:1: (file): is 113 bytes, more than 64 (the ConfigMap size limit)',
    },
    {
      name: 'more routes than the limit',
      text: 'routes: {/a: {response: x}, /b: {response: x}, /c: {response: x}}\n',
      limits: { maxBytes: 1000, maxRoutes: 2 },
      issue: 'c.yml:1: routes: has 3 routes, more than 2: split the service',
    },
  ])('should refuse $name', ({ text, limits, issue }) => {
    const result = parseRoutesConfig(text, 'c.yml', limits);
    expect(result.ok ? [] : result.issues.map(formatConfigIssue)).toEqual([issue]);
  });

  it('should find duplicate paths in a large file in one pass', () => {
    const routes = Array.from({ length: 5000 }, (_, i) => `  /r${i}: {response: x}\n`);
    const text = `routes:\n${routes.join('')}  /r4321: {response: y}\n`;
    const result = parseRoutesConfig(text, 'c.yml');
    expect(result.ok ? [] : result.issues.map(formatConfigIssue)).toEqual([
      'c.yml:5002: routes./r4321: duplicate key (first on line 4323)',
    ]);
  });
});

describe('parseRoutesConfigOrThrow', () => {
  it('should throw MULTIROUTE_CONFIG_INVALID listing every problem', () => {
    expect(() => parseRoutesConfigOrThrow('routes:\n  a: {response: 1}\n', 'c.yml')).toThrow(
      expect.objectContaining({
        code: 'MULTIROUTE_CONFIG_INVALID',
        exitCode: 2,
        message:
          'c.yml has 2 problems:\n' +
          '  c.yml:2: routes.a: route path must start with /\n' +
          '  c.yml:2: routes.a.response: must be a string (quote numbers and booleans)',
      }),
    );
  });
});

describe('builtinRoutesConfig', () => {
  it("should be the guide's four routes", () => {
    expect(builtinRoutesConfig().routes.map((r) => [r.path, r.durationMs])).toEqual([
      ['/route1', 0],
      ['/route2', 0],
      ['/test_timeout', 3000],
      ['/test_limiter', 1000],
    ]);
  });
});

describe('hashConfig', () => {
  it('should be the first 12 hex digits of the sha256', () => {
    // sha256("") = e3b0c44298fc1c149afbf4c8996fb924...
    expect(hashConfig('')).toBe('e3b0c44298fc');
  });
});
