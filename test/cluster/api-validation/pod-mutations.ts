/**
 * Mutations of a pod spec for the API-validation differential: each changes one field family of
 * a valid spec, to a valid or an invalid value. Applied to every workload kind's pod spec.
 */

/** A JSON object being mutated. */
export type Obj = Record<string, unknown>;

/** One mutation: a file-name safe name, the field family, and the change (in place). */
export interface Mutation {
  readonly name: string;
  readonly family: string;
  readonly apply: (target: Obj) => void;
}

/** The first container of a pod spec. */
function first(spec: Obj): Obj {
  return (spec['containers'] as Obj[])[0] as Obj;
}

function onContainer(family: string, name: string, change: (c: Obj, spec: Obj) => void): Mutation {
  return {
    name,
    family,
    apply: (spec) => {
      change(first(spec), spec);
    },
  };
}

function onSpec(family: string, name: string, change: (spec: Obj) => void): Mutation {
  return { name, family, apply: change };
}

const slug = (value: unknown): string =>
  String(value)
    .replace(/^-/, 'neg-')
    .replace(/%/g, 'pct')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'empty';

/** One mutation per value, setting `field` of the first container. */
function containerValues(family: string, field: string, values: readonly unknown[]): Mutation[] {
  return values.map((v, i) =>
    onContainer(family, `${slug(field)}-${i}-${slug(v)}`, (c) => {
      c[field] = v;
    }),
  );
}

function specValues(family: string, field: string, values: readonly unknown[]): Mutation[] {
  return values.map((v, i) =>
    onSpec(family, `${slug(field)}-${i}-${slug(v)}`, (s) => {
      s[field] = v;
    }),
  );
}

const PORT_NAMES = [
  'http',
  'HTTP',
  'a'.repeat(15),
  'a'.repeat(16),
  '80',
  'h--p',
  '-http',
  'http-',
  'web_1',
  'x',
  'metrics-1',
];
const PORT_NUMBERS = [1, 80, 8080, 65535, 65536, -1, 100000];

function portMutations(): Mutation[] {
  const out: Mutation[] = [];
  PORT_NAMES.forEach((n, i) =>
    out.push(
      onContainer(
        'ports',
        `port-name-${i}-${slug(n)}`,
        (c) => (c['ports'] = [{ name: n, containerPort: 8080 }]),
      ),
    ),
  );
  PORT_NUMBERS.forEach((p, i) => {
    out.push(
      onContainer(
        'ports',
        `container-port-${i}-${slug(p)}`,
        (c) => (c['ports'] = [{ containerPort: p }]),
      ),
    );
    out.push(
      onContainer(
        'ports',
        `host-port-${i}-${slug(p)}`,
        (c) => (c['ports'] = [{ containerPort: 8080, hostPort: p }]),
      ),
    );
  });
  for (const protocol of ['TCP', 'UDP', 'SCTP', 'tcp', 'HTTP']) {
    out.push(
      onContainer(
        'ports',
        `protocol-${slug(protocol)}-${protocol === protocol.toLowerCase() ? 'l' : 'u'}`,
        (c) => (c['ports'] = [{ containerPort: 53, protocol }]),
      ),
    );
  }
  out.push(
    onContainer(
      'ports',
      'duplicate-port-name',
      (c) =>
        (c['ports'] = [
          { name: 'http', containerPort: 80 },
          { name: 'http', containerPort: 81 },
        ]),
    ),
    onContainer(
      'ports',
      'duplicate-host-port',
      (c) =>
        (c['ports'] = [
          { containerPort: 80, hostPort: 8080 },
          { containerPort: 81, hostPort: 8080 },
        ]),
    ),
    onContainer(
      'ports',
      'host-port-other-protocol',
      (c) =>
        (c['ports'] = [
          { containerPort: 80, hostPort: 8080 },
          { containerPort: 81, hostPort: 8080, protocol: 'UDP' },
        ]),
    ),
    onContainer(
      'ports',
      'host-port-other-ip',
      (c) =>
        (c['ports'] = [
          { containerPort: 80, hostPort: 8080, hostIP: '127.0.0.1' },
          { containerPort: 81, hostPort: 8080 },
        ]),
    ),
    onContainer(
      'ports',
      'same-port-two-names',
      (c) =>
        (c['ports'] = [
          { name: 'a1', containerPort: 80 },
          { name: 'b1', containerPort: 80 },
        ]),
    ),
    onSpec('ports', 'host-port-two-containers', (s) => {
      first(s)['ports'] = [{ containerPort: 80, hostPort: 9000 }];
      (s['containers'] as Obj[]).push({
        name: 'side',
        image: 'registry.example/side:1',
        ports: [{ containerPort: 81, hostPort: 9000 }],
      });
    }),
    onSpec('ports', 'host-network-host-port-differs', (s) => {
      s['hostNetwork'] = true;
      first(s)['ports'] = [{ containerPort: 80, hostPort: 81 }];
    }),
    onSpec('ports', 'host-network-host-port-same', (s) => {
      s['hostNetwork'] = true;
      first(s)['ports'] = [{ containerPort: 80, hostPort: 80 }];
    }),
    onSpec('ports', 'host-network-no-host-port', (s) => {
      s['hostNetwork'] = true;
      first(s)['ports'] = [{ containerPort: 80 }];
    }),
  );
  return out;
}

const ENV_NAMES = [
  'FOO',
  'foo.bar',
  '1FOO',
  'a=b',
  'with space',
  'MY-VAR',
  '.',
  '..',
  '..x',
  '_x',
  'A'.repeat(300),
  'x:y',
  'é',
];

function envMutations(): Mutation[] {
  const out = ENV_NAMES.map((n, i) =>
    onContainer('env', `env-name-${i}-${slug(n)}`, (c) => (c['env'] = [{ name: n, value: 'v' }])),
  );
  const valueFroms: [string, unknown, string?][] = [
    ['empty', {}],
    ['field-name', { fieldRef: { fieldPath: 'metadata.name' } }],
    ['field-pod-ip', { fieldRef: { fieldPath: 'status.podIP' } }],
    ['field-restart', { fieldRef: { fieldPath: 'spec.restartPolicy' } }],
    ['field-labels', { fieldRef: { fieldPath: 'metadata.labels' } }],
    ['field-label-app', { fieldRef: { fieldPath: "metadata.labels['app']" } }],
    ['field-label-bad', { fieldRef: { fieldPath: "metadata.labels['a b']" } }],
    ['field-annotation', { fieldRef: { fieldPath: "metadata.annotations['Example.com/X']" } }],
    ['field-unknown', { fieldRef: { fieldPath: 'metadata.foo' } }],
    ['field-phase', { fieldRef: { fieldPath: 'status.phase' } }],
    ['field-empty', { fieldRef: { fieldPath: '' } }],
    ['cm-ok', { configMapKeyRef: { name: 'cfg', key: 'a.b' } }],
    ['cm-no-name', { configMapKeyRef: { key: 'a' } }],
    ['cm-bad-name', { configMapKeyRef: { name: 'Bad_Name', key: 'a' } }],
    ['cm-no-key', { configMapKeyRef: { name: 'cfg', key: '' } }],
    ['cm-bad-key', { configMapKeyRef: { name: 'cfg', key: 'a b' } }],
    ['cm-dotdot-key', { configMapKeyRef: { name: 'cfg', key: '..a' } }],
    ['secret-ok', { secretKeyRef: { name: 'sec', key: 'token' } }],
    ['secret-bad-key', { secretKeyRef: { name: 'sec', key: 'a/b' } }],
    ['resource-cpu', { resourceFieldRef: { resource: 'limits.cpu' } }],
    ['resource-bad', { resourceFieldRef: { resource: 'limits.foo' } }],
    ['resource-hugepages', { resourceFieldRef: { resource: 'requests.hugepages-2Mi' } }],
    [
      'two-sources',
      { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 'sec', key: 'k' } },
    ],
    ['with-value', { fieldRef: { fieldPath: 'metadata.name' } }, 'v'],
  ];
  for (const [name, valueFrom, value] of valueFroms) {
    out.push(
      onContainer(
        'env',
        `value-from-${name}`,
        (c) => (c['env'] = [{ name: 'X', ...(value === undefined ? {} : { value }), valueFrom }]),
      ),
    );
  }
  const envFroms: [string, unknown][] = [
    ['none', [{}]],
    ['cm', [{ configMapRef: { name: 'cfg' } }]],
    ['cm-bad', [{ configMapRef: { name: 'Cfg' } }]],
    ['cm-empty', [{ configMapRef: { name: '' } }]],
    ['cm-dash', [{ configMapRef: { name: 'cfg-' } }]],
    ['secret', [{ secretRef: { name: 'sec' } }]],
    ['both', [{ configMapRef: { name: 'cfg' }, secretRef: { name: 'sec' } }]],
    ['prefix-ok', [{ prefix: 'APP_', configMapRef: { name: 'cfg' } }]],
    ['prefix-digit', [{ prefix: '1_', configMapRef: { name: 'cfg' } }]],
    ['prefix-equals', [{ prefix: 'A=', configMapRef: { name: 'cfg' } }]],
  ];
  for (const [name, envFrom] of envFroms)
    out.push(onContainer('env', `env-from-${name}`, (c) => (c['envFrom'] = envFrom)));
  return out;
}

export {
  envMutations,
  portMutations,
  containerValues,
  specValues,
  onContainer,
  onSpec,
  first,
  slug,
};
