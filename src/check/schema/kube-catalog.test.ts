import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildKubeCatalog } from '../../../scripts/kube-catalog.mjs';
import { KUBE_RELEASES, kubeOpenapiDir } from '../../../scripts/kube-releases.mjs';
import { CATALOG_VERSIONS, catalogVersionsServing, kubeCatalogFor } from './kube-catalog.js';

function committed(version: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`catalogs/kube-${version}.json`, import.meta.url), 'utf8'),
  );
}

/** Whether the catalog of `version` has `field` in the type reached by `path` from a kind. */
function hasField(version: string, apiVersion: string, kind: string, path: string): boolean {
  const catalog = kubeCatalogFor(version)!;
  let type = catalog.rootType(apiVersion, kind)!;
  const names = path.split('.');
  const field = names.pop()!;
  for (const name of names) {
    let shape = type.fields.get(name)!;
    while (shape.item !== undefined) shape = shape.item;
    type = catalog.type(shape.type);
  }
  return type.fields.has(field);
}

describe('kubeCatalogFor', () => {
  // The generator reads the OpenAPI documents of the pinned k8s.io/kubernetes modules from Go's
  // module cache (downloaded from the Go module proxy on first use, checked against the pinned
  // sums): the oldest and the newest release are rebuilt and compared with the committed files.
  it.each([KUBE_RELEASES[0]!, KUBE_RELEASES.at(-1)!])(
    'should match the catalog built from k8s.io/kubernetes@$module (run `npm run gen:catalogs`)',
    (release) => {
      const next = KUBE_RELEASES[KUBE_RELEASES.indexOf(release) + 1];
      const built = buildKubeCatalog(
        kubeOpenapiDir(release),
        `k8s.io/kubernetes@${release.module}`,
        next === undefined ? undefined : kubeOpenapiDir(next),
      );
      expect(built.source).toBe(`k8s.io/kubernetes@${release.module}`);
      expect(built).toEqual(committed(release.kube));
    },
    600_000,
  );

  it('should pin one release of every supported minor version, oldest first', () => {
    expect(KUBE_RELEASES.map((release) => release.kube)).toEqual([...CATALOG_VERSIONS]);
    for (const release of KUBE_RELEASES) {
      expect(release.module).toMatch(new RegExp(`^v${release.kube.replace('.', '\\.')}\\.\\d+$`));
      expect(release.sum).toMatch(/^h1:[A-Za-z0-9+/]{43}=$/);
    }
  });

  it.each(KUBE_RELEASES.map((release) => [release.kube, release.module]))(
    'should have committed the %s catalog built from k8s.io/kubernetes@%s',
    (kube, module) => {
      expect((committed(kube) as { source: string }).source).toBe(`k8s.io/kubernetes@${module}`);
    },
  );

  it('should have a committed catalog for every supported version, and none for others', () => {
    const files = readdirSync(new URL('catalogs/', import.meta.url)).filter((file) =>
      file.startsWith('kube-'),
    );
    expect(files.sort()).toEqual(CATALOG_VERSIONS.map((version) => `kube-${version}.json`));
    expect(kubeCatalogFor('1.28')).toBeUndefined();
    expect(kubeCatalogFor('1.38')).toBeUndefined();
    expect(kubeCatalogFor('../1.34')).toBeUndefined();
  });

  // What establishes each catalog's Kubernetes version (docs/check.md, "Where the schemas come
  // from"): APIs and fields that appeared or went away in that release.
  it.each([
    [
      '1.30',
      'admissionregistration.k8s.io/v1',
      'ValidatingAdmissionPolicy',
      ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'],
    ],
    [
      '1.30',
      'storagemigration.k8s.io/v1alpha1',
      'StorageVersionMigration',
      ['1.30', '1.31', '1.32', '1.33', '1.34'],
    ],
    ['1.31', 'resource.k8s.io/v1alpha2', 'ResourceClaim', ['1.29', '1.30']],
    [
      '1.31',
      'networking.k8s.io/v1beta1',
      'IPAddress',
      ['1.31', '1.32', '1.33', '1.34', '1.35', '1.36'],
    ],
    ['1.32', 'flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', ['1.29', '1.30', '1.31']],
    [
      '1.32',
      'resource.k8s.io/v1beta1',
      'ResourceClaim',
      ['1.32', '1.33', '1.34', '1.35', '1.36', '1.37'],
    ],
    ['1.33', 'networking.k8s.io/v1', 'ServiceCIDR', ['1.33', '1.34', '1.35', '1.36', '1.37']],
    ['1.34', 'resource.k8s.io/v1', 'ResourceClaim', ['1.34', '1.35', '1.36', '1.37']],
    [
      '1.35',
      'storagemigration.k8s.io/v1beta1',
      'StorageVersionMigration',
      ['1.35', '1.36', '1.37'],
    ],
    ['1.35', 'certificates.k8s.io/v1beta1', 'PodCertificateRequest', ['1.35', '1.36', '1.37']],
    ['1.36', 'admissionregistration.k8s.io/v1', 'MutatingAdmissionPolicy', ['1.36', '1.37']],
    ['1.36', 'scheduling.k8s.io/v1alpha2', 'Workload', ['1.36']],
    ['1.37', 'storagemigration.k8s.io/v1', 'StorageVersionMigration', ['1.37']],
  ])('should mark %s by the versions serving %s %s', (_release, apiVersion, kind, served) => {
    expect(catalogVersionsServing(apiVersion, kind)).toEqual(served);
  });

  it.each([
    [
      'PodSpec.resources (1.32)',
      'spec.resources',
      ['1.32', '1.33', '1.34', '1.35', '1.36', '1.37'],
    ],
    [
      'Lifecycle.stopSignal (1.33)',
      'spec.containers.lifecycle.stopSignal',
      ['1.33', '1.34', '1.35', '1.36', '1.37'],
    ],
    ['PodSpec.hostnameOverride (1.34)', 'spec.hostnameOverride', ['1.34', '1.35', '1.36', '1.37']],
    ['PodSpec.workloadRef (1.35 only)', 'spec.workloadRef', ['1.35']],
    ['PodSpec.schedulingGroup (1.36)', 'spec.schedulingGroup', ['1.36', '1.37']],
  ])('should mark versions by the Pod field %s', (_name, path, versions) => {
    expect(CATALOG_VERSIONS.filter((v) => hasField(v, 'v1', 'Pod', path))).toEqual(versions);
  });

  it('should compile a type into its fields, shapes and required fields', () => {
    const catalog = kubeCatalogFor('1.34')!;
    const container = catalog.type('core.v1.Container');
    expect(container.required).toEqual(['name']);
    expect(container.fields.get('env')).toMatchObject({ form: 'list', nested: true });
    expect(container.fields.get('env')?.item).toMatchObject({
      form: 'object',
      type: 'core.v1.EnvVar',
    });
    expect(container.fields.get('args')).toMatchObject({ form: 'list', nested: false });
    expect(catalog.type('meta.v1.ObjectMeta').fields.get('labels')).toMatchObject({ form: 'map' });
    expect(catalog.type('core.v1.ServicePort').fields.get('targetPort')).toMatchObject({
      form: 'scalar',
      scalar: 'x',
    });
    expect(catalog.rootType('apps/v1', 'Deployment')?.name).toBe('apps.v1.Deployment');
    expect(catalog.apiVersionsOf('resource.k8s.io', 'ResourceClaim')).toEqual([
      'resource.k8s.io/v1',
      'resource.k8s.io/v1beta1',
      'resource.k8s.io/v1beta2',
    ]);
  });
});
