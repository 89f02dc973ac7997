/** Pod spec mutations of downwardAPI and projected volumes (differential variants). */
import { type Mutation, type Obj, onSpec } from './pod-mutations.js';

function withVolume(name: string, volume: Obj): Mutation {
  const mutation = onSpec('volumes', `volume-${name}`, (s) => {
    s['volumes'] = [{ name: 'data', ...volume }];
  });
  return { ...mutation, family: 'projections' };
}

const field = (path: string, fieldPath: string): Obj => ({ path, fieldRef: { fieldPath } });
const resource = (path: string, ref: Obj): Obj => ({ path, resourceFieldRef: ref });
const downward = (...items: readonly Obj[]): Obj => ({ downwardAPI: { items } });
const projected = (...sources: readonly Obj[]): Obj => ({ projected: { sources } });
const token = (fields: Obj): Obj => ({ serviceAccountToken: { path: 'token', ...fields } });

function downwardMutations(): Mutation[] {
  const paths = ['labels', 'a/b', '/abs', '../up', 'a/../b', '..dots', '..', 'a..b', ''];
  const fieldPaths = [
    'metadata.name',
    'metadata.namespace',
    'metadata.uid',
    'metadata.labels',
    'metadata.annotations',
    "metadata.labels['app']",
    "metadata.annotations['example.com/Key']",
    "metadata.labels['bad key']",
    'spec.nodeName',
    'status.podIP',
    'spec.nope',
    '',
  ];
  return [
    ...paths.map((p, i) => withVolume(`dapi-path-${i}`, downward(field(p, 'metadata.name')))),
    ...fieldPaths.map((f, i) => withVolume(`dapi-field-${i}`, downward(field('f', f)))),
    withVolume(
      'dapi-cpu',
      downward(resource('cpu', { containerName: 'app', resource: 'limits.cpu' })),
    ),
    withVolume(
      'dapi-hugepages',
      downward(resource('h', { containerName: 'app', resource: 'requests.hugepages-2Mi' })),
    ),
    withVolume(
      'dapi-resource-bad',
      downward(resource('r', { containerName: 'app', resource: 'limits.gpu' })),
    ),
    withVolume(
      'dapi-resource-empty',
      downward(resource('r', { containerName: 'app', resource: '' })),
    ),
    withVolume('dapi-no-container', downward(resource('r', { resource: 'limits.cpu' }))),
    withVolume(
      'dapi-both',
      downward({
        path: 'x',
        fieldRef: { fieldPath: 'metadata.name' },
        resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' },
      }),
    ),
    withVolume('dapi-neither', downward({ path: 'x' })),
    withVolume('dapi-mode-ok', downward({ ...field('x', 'metadata.name'), mode: 256 })),
    withVolume('dapi-mode-bad', downward({ ...field('x', 'metadata.name'), mode: 1000 })),
    withVolume('dapi-default-mode-bad', {
      downwardAPI: { defaultMode: -1, items: [field('x', 'metadata.name')] },
    }),
    withVolume('dapi-two-errors', downward(field('/a', 'spec.nope'), field('', 'metadata.name'))),
    withVolume('dapi-empty', { downwardAPI: {} }),
  ];
}

function projectedMutations(): Mutation[] {
  const secret = (name: string, items?: readonly Obj[]): Obj => ({
    secret: { name, ...(items === undefined ? {} : { items }) },
  });
  const configMap = (name: string, items?: readonly Obj[]): Obj => ({
    configMap: { name, ...(items === undefined ? {} : { items }) },
  });
  return [
    withVolume('proj-secret', projected(secret('creds'))),
    withVolume('proj-secret-no-name', projected(secret(''))),
    withVolume('proj-config-items', projected(configMap('cfg', [{ key: 'a', path: 'a.txt' }]))),
    withVolume(
      'proj-item-bad',
      projected(configMap('cfg', [{ key: '', path: '../a', mode: 1000 }])),
    ),
    withVolume(
      'proj-dup-paths',
      projected(
        configMap('cfg', [{ key: 'a', path: 'x' }]),
        secret('s', [{ key: 'b', path: 'x' }]),
      ),
    ),
    withVolume(
      'proj-dup-downward',
      projected(configMap('cfg', [{ key: 'a', path: 'x' }]), downward(field('x', 'metadata.name'))),
    ),
    withVolume(
      'proj-dup-same-source',
      projected(
        secret('s', [
          { key: 'a', path: 'x' },
          { key: 'b', path: 'x' },
        ]),
      ),
    ),
    withVolume('proj-downward', projected(downward(field('n', 'metadata.name')))),
    withVolume('proj-downward-bad', projected(downward(field('n', 'spec.nope')))),
    withVolume('proj-token', projected(token({}))),
    withVolume('proj-token-aud', projected(token({ audience: 'vault', expirationSeconds: 600 }))),
    withVolume('proj-token-short', projected(token({ expirationSeconds: 599 }))),
    withVolume('proj-token-long', projected(token({ expirationSeconds: 4294967297 }))),
    withVolume('proj-token-no-path', projected({ serviceAccountToken: {} })),
    withVolume('proj-token-abs', projected(token({ path: '/token' }))),
    withVolume('proj-two-kinds', projected({ ...secret('s'), ...configMap('c') })),
    withVolume(
      'proj-three-kinds',
      projected({ ...secret('s'), ...token({}), ...downward(field('n', 'metadata.name')) }),
    ),
    withVolume('proj-empty-source', projected({})),
    withVolume('proj-no-sources', { projected: {} }),
    withVolume('proj-mode-bad', { projected: { defaultMode: 1024, sources: [secret('s')] } }),
    withVolume(
      'proj-token-and-dup',
      projected(token({ path: 'x' }), configMap('c', [{ key: 'a', path: 'x' }])),
    ),
  ];
}

/** Every downwardAPI and projected volume mutation. */
export function projectionMutations(): Mutation[] {
  return [...downwardMutations(), ...projectedMutations()];
}
