/**
 * Values the network variants sweep: valid ones at the limits and invalid ones of every kind the
 * API server words differently.
 */

/** Port numbers around the limits. */
export const PORT_NUMBERS = [-1, 0, 1, 2, 80, 443, 8080, 65535, 65536, 100000];

/** IANA service names as port names. */
export const PORT_NAMES = [
  'http',
  'h',
  'http-alt',
  'a1',
  'web-8080',
  'abcdefghijklmno',
  'abcdefghijklmnop',
  'HTTP',
  'http_alt',
  'http--alt',
  '-http',
  'http-',
  '8080',
  '1-2',
  'h.t',
  'h t',
  'ab-cd-ef',
  'x9',
  '9x',
];

/** Protocol values. */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'tcp', 'ICMP', 'HTTP'];

/** CIDRs for NetworkPolicy ipBlocks and load balancer source ranges. */
export const CIDRS = [
  '10.0.0.0/8',
  '192.168.1.0/24',
  '0.0.0.0/0',
  '10.0.0.1/32',
  '2001:db8::/32',
  '::/0',
  'fd00::/8',
  '10.0.0.1/8',
  '10.0.0.0/33',
  '10.0.0.0',
  '10.0.0.0/-1',
  '010.0.0.0/8',
  '10.0.0.0/08',
  '::ffff:10.0.0.0/104',
  '2001:db8::1/32',
  '2001:db8::/129',
  'x',
  '',
  '256.0.0.0/8',
  '10.0.0/8',
  '1.2.3.4/32',
  '172.16.0.0/12',
];

/** Addresses for Service externalIPs. */
export const IPS = [
  '1.2.3.4',
  '203.0.113.7',
  '2001:db8::1',
  '0.0.0.0',
  '127.0.0.1',
  '169.254.1.1',
  '224.0.0.5',
  '::',
  '::1',
  'fe80::1',
  'ff02::1',
  '01.2.3.4',
  '::ffff:1.2.3.4',
  '1.2.3',
  '1.2.3.4.5',
  'x',
  '300.1.1.1',
  '2001:DB8::1',
  '10.1.2.3',
  '2001:db8:0:0:0:0:0:1',
];

/** Host names for Ingress rules and TLS. */
export const HOSTS = [
  'example.com',
  'a.b.c.example.com',
  '*.example.com',
  'web',
  'a'.repeat(63) + '.com',
  'Example.com',
  '*.*.example.com',
  'a*.example.com',
  '*',
  '*.com',
  'example.com.',
  '-example.com',
  'exa_mple.com',
  '1.2.3.4',
  '::1',
  'xn--bcher-kva.example',
  'a..b',
  `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
  `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`,
  'foo.bar-baz.example',
];

/** Label keys. */
export const LABEL_KEYS = [
  'app',
  'app.kubernetes.io/name',
  'example.com/a_b.c-d',
  'A',
  'a'.repeat(63),
  'a'.repeat(64),
  '-app',
  'app-',
  'a b',
  '/app',
  'example.com/',
  'a/b/c',
  'Example.com/app',
  `${'a'.repeat(250)}.io/x`,
  'x_y',
  '9',
];

/** Label values. */
export const LABEL_VALUES = [
  '',
  'web',
  'Web_1.x',
  'a'.repeat(63),
  'a'.repeat(64),
  '-web',
  'web-',
  'a b',
  'a/b',
  '1',
  '_x',
];

/** Int-or-percent values (PDB minAvailable/maxUnavailable). */
export const INT_OR_PERCENT = [
  0,
  1,
  3,
  -1,
  '0%',
  '50%',
  '100%',
  '101%',
  '5',
  'x%',
  '%',
  '50 %',
  '-5%',
  '1000%',
];

/** ConfigMap and Secret keys. */
export const CONFIG_KEYS = [
  'key',
  'config.yaml',
  'KEY_NAME',
  'key-name',
  '.hidden',
  'a..b',
  '.',
  '..',
  '..x',
  'a b',
  'a/b',
  'a:b',
  'k'.repeat(253),
  'k'.repeat(254),
  '_',
  'x=1',
  '-',
];

/** Ingress paths. */
export const PATHS = [
  '/',
  '/api',
  '/api/v1/',
  'api',
  '',
  '//',
  '/a//b',
  '/./a',
  '/a/../b',
  '/a%2fb',
  '/a%2Fb',
  '/a/..',
  '/a/.',
  '/a.b',
  '/~user',
  '/a b',
];
