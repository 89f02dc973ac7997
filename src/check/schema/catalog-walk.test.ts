import { describe, expect, it } from 'vitest';
import { walkCatalog } from './catalog-walk.js';
import { kubeCatalogFor } from './kube-catalog.js';

const catalog = kubeCatalogFor('1.34')!;
const service = catalog.rootType('v1', 'Service')!;

function walk(object: Record<string, unknown>, required: boolean, types: boolean) {
  const found = walkCatalog(object, service, catalog, { required, types });
  return {
    unknown: found.unknown.map((field) => [field.path, field.type.name, field.typePath]),
    problems: found.problems.map((problem) => [problem.path, problem.anchor, problem.message]),
  };
}

// Unknown fields at several depths, a wrong type, a missing required field, nulls.
const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's', labels: { app: 's' }, annotations: null, extra: 1 },
  spec: {
    selector: { app: 's' },
    ports: [{ port: '80', targetPort: 'http', portName: 'x' }, null, { targetPort: 8080 }],
    clusterIPs: 'None',
    type: null,
  },
};

describe('walkCatalog', () => {
  it.each([
    ['unknown fields only', false, false, []],
    [
      'required fields too',
      true,
      false,
      [[['spec', 'ports', 2, 'port'], ['spec', 'ports', 2], 'required field "port" is missing']],
    ],
    [
      'required fields and types',
      true,
      true,
      [
        [
          ['spec', 'ports', 0, 'port'],
          ['spec', 'ports', 0, 'port'],
          'must be integer, got string "80"',
        ],
        [['spec', 'ports', 2, 'port'], ['spec', 'ports', 2], 'required field "port" is missing'],
        [['spec', 'clusterIPs'], ['spec', 'clusterIPs'], 'must be array, got string "None"'],
      ],
    ],
  ])('should report %s as asked', (_name, required, types, problems) => {
    expect(walk(SERVICE, required, types)).toEqual({
      unknown: [
        [['metadata', 'extra'], 'meta.v1.ObjectMeta', ['metadata']],
        [['spec', 'ports', 0, 'portName'], 'core.v1.ServicePort', ['spec', 'ports']],
      ],
      problems,
    });
  });

  it('should give the fields leading to a map value type, without its keys', () => {
    const crd = catalog.rootType('apiextensions.k8s.io/v1', 'CustomResourceDefinition')!;
    const object = {
      spec: {
        versions: [{ schema: { openAPIV3Schema: { properties: { a: { typ: 'string' } } } } }],
      },
    };
    const found = walkCatalog(object, crd, catalog, { required: false, types: false });
    expect(found.unknown.map((field) => [field.type.name, field.typePath])).toEqual([
      [
        'apiextensions.v1.JSONSchemaProps',
        ['spec', 'versions', 'schema', 'openAPIV3Schema', 'properties'],
      ],
    ]);
  });
});
