import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCheck } from '../../../check/run-check.js';
import { loadManifestText } from '../../../manifest/load.js';
import type { KubeObject } from '../../kube-api.js';
import type { TrafficProviderSpec, TrafficRelease } from './traffic.js';
import { gatewayTraffic } from './traffic-gateway.js';
import { istioTraffic } from './traffic-istio.js';
import { nginxTraffic } from './traffic-nginx.js';

const DEPLOY = resolve(import.meta.dirname, '../../../../deploy');
const RELEASE: TrafficRelease = { namespace: 'multiroute', name: 'multiroute' };
const WEIGHTS = [10, 25, 50, 100, 0];

/** deploy/'s base with the given components, built by kubectl's kustomize as users build it. */
function build(components: string[]): KubeObject[] {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-traffic-'));
  try {
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [relative(dir, join(DEPLOY, 'base'))],
        components: components.map((c) => relative(dir, join(DEPLOY, 'components', c))),
      }),
    );
    const text = execFileSync(
      'kubectl',
      ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir],
      { encoding: 'utf8' },
    );
    return loadManifestText(text, 'deploy.yaml').map((s) => s.object as KubeObject);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function find(objects: KubeObject[], kind: string, name: string): KubeObject | null {
  return objects.find((o) => o.kind === kind && o.metadata?.name === name) ?? null;
}

/** Renders the provider's objects at a weight and replaces them in the built tree. */
function at(
  provider: TrafficProviderSpec,
  objects: KubeObject[],
  weight: number,
): { written: KubeObject[]; all: KubeObject[] } {
  const found = provider.refs(RELEASE).map((ref) => find(objects, ref.kind, ref.name));
  const written = provider.render(RELEASE, weight, found);
  const key = (o: KubeObject): string => `${o.kind ?? ''}/${o.metadata?.name ?? ''}`;
  const replaced = new Set(written.map(key));
  return { written, all: [...objects.filter((o) => !replaced.has(key(o))), ...written] };
}

/** The error findings of `kprod check` on the objects, as `rule: message`. */
function checkErrors(objects: KubeObject[]): string[] {
  const text = objects.map((o) => stringify(o)).join('---\n');
  const findings = runCheck({
    objects: loadManifestText(text, 'release.yaml'),
    options: { kubeVersion: '1.33', profile: 'default' },
  });
  return findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);
}

describe('nginxTraffic', () => {
  let objects: KubeObject[];
  beforeAll(() => {
    objects = build(['canary', 'ingress-nginx', 'ingress-nginx-canary']);
  });

  it.each(WEIGHTS)('should set canary-weight %i on deploy/ canary Ingress and pass check', (w) => {
    const { written, all } = at(nginxTraffic, objects, w);
    expect(written.map((o) => `${o.kind ?? ''}/${o.metadata?.name ?? ''}`)).toEqual([
      'Ingress/multiroute-canary',
    ]);
    expect(written[0]?.metadata?.annotations).toEqual({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-by-header': 'test-version',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'v2',
      'nginx.ingress.kubernetes.io/canary-weight': String(w),
    });
    expect(checkErrors(all)).toEqual([]);
  });

  it('should build the canary Ingress from the main one when it is absent', () => {
    const main = find(build(['canary', 'ingress-nginx']), 'Ingress', 'multiroute');
    const [canary] = nginxTraffic.render(RELEASE, 10, [null, main]);
    expect(canary?.metadata?.name).toBe('multiroute-canary');
    const spec = canary?.['spec'] as {
      rules: { http: { paths: { path: string; backend: { service: { name: string } } }[] } }[];
    };
    expect(spec.rules[0]?.http.paths.map((p) => `${p.path} ${p.backend.service.name}`)).toEqual([
      '/route1 multiroute-canary',
      '/connect_db multiroute-canary',
    ]);
  });

  it('should refuse when there is no Ingress to copy', () => {
    expect(() => nginxTraffic.render(RELEASE, 10, [null, null])).toThrow(
      'neither Ingress multiroute/multiroute-canary nor multiroute/multiroute exists',
    );
  });
});

describe('istioTraffic', () => {
  let objects: KubeObject[];
  beforeAll(() => {
    objects = build(['canary', 'istio/traffic']);
  });

  const weights = (vs: KubeObject | undefined): string[] =>
    (
      vs?.['spec'] as { http: { route: { destination: { subset: string }; weight?: number }[] }[] }
    ).http.map((h) =>
      h.route.map((r) => `${r.destination.subset}=${String(r.weight ?? '-')}`).join(' '),
    );

  it.each(WEIGHTS)('should split v1/v2 at %i in deploy/ VirtualService and pass check', (w) => {
    const { written, all } = at(istioTraffic, objects, w);
    expect(weights(written[0])).toEqual(['v2=-', `v1=${String(100 - w)} v2=${String(w)}`]);
    expect(written[1]).toEqual(find(objects, 'DestinationRule', 'multiroute'));
    expect(checkErrors(all)).toEqual([]);
  });

  it('should be caught by the check when a split is broken (control for the rows above)', () => {
    const { written, all } = at(istioTraffic, objects, 10);
    const vs = structuredClone(written[0]!);
    const routes = (
      vs['spec'] as { http: { route: { weight?: number; destination: { subset: string } }[] }[] }
    ).http;
    routes[1]!.route[0]!.weight = 80;
    routes[0]!.route[0]!.destination.subset = 'v3';
    const broken = [...all.filter((o) => o !== written[0]), vs];
    expect(checkErrors(broken).map((e) => e.split(':')[0])).toEqual([
      'istio-vs-subset-missing',
      'istio-weights-sum',
    ]);
  });

  it.each(WEIGHTS)('should create both objects at %i when absent, and pass check', (w) => {
    const { written, all } = at(
      istioTraffic,
      objects.filter((o) => !['VirtualService', 'DestinationRule'].includes(o.kind ?? '')),
      w,
    );
    expect(weights(written[0])).toEqual(['v2=-', `v1=${String(100 - w)} v2=${String(w)}`]);
    expect(written[1]?.['spec']).toEqual({
      host: 'multiroute.multiroute.svc.cluster.local',
      subsets: [
        { name: 'v1', labels: { 'app.kubernetes.io/version': 'v1' } },
        { name: 'v2', labels: { 'app.kubernetes.io/version': 'v2' } },
      ],
    });
    expect(checkErrors(all)).toEqual([]);
  });
});

describe('gatewayTraffic', () => {
  let objects: KubeObject[];
  beforeAll(() => {
    objects = build(['canary', 'gateway-api', 'gateway-api-canary']);
  });

  it.each(WEIGHTS)('should set backend weights at %i in deploy/ HTTPRoute and pass check', (w) => {
    const { written, all } = at(gatewayTraffic, objects, w);
    const rules = (
      written[0]?.['spec'] as {
        rules: { backendRefs: { name: string; weight?: number }[] }[];
      }
    ).rules.map((r) => r.backendRefs.map((b) => `${b.name}=${String(b.weight ?? '-')}`).join(' '));
    expect(rules).toEqual([
      'multiroute-canary=-',
      `multiroute-stable=${String(100 - w)} multiroute-canary=${String(w)}`,
    ]);
    expect(checkErrors(all)).toEqual([]);
  });

  it('should refuse a route without a stable/canary split', () => {
    const plain = find(build(['gateway-api']), 'HTTPRoute', 'multiroute');
    expect(() => gatewayTraffic.render(RELEASE, 10, [plain])).toThrow(
      'HTTPRoute multiroute/multiroute has no rule with backendRefs to both multiroute-stable and multiroute-canary',
    );
  });
});
