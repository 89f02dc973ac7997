import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DEPLOY_DIR,
  REPO_ROOT,
  buildTarget,
  buildTargets,
  ofKind,
  podTemplates,
  selects,
  type Container,
  type KubeObject,
} from './deploy-build.js';

const TARGETS = buildTargets();
const built = new Map<string, KubeObject[]>();

beforeAll(async () => {
  const results = await Promise.all(TARGETS.map(async (t) => [t, await buildTarget(t)] as const));
  for (const [target, objects] of results) built.set(target, objects);
}, 120_000);

function objectsOf(target: string): KubeObject[] {
  const objects = built.get(target);
  if (objects === undefined) throw new Error(`${target} was not built`);
  return objects;
}

/** Targets that stand for staging or production: every image must be pinned by digest. */
const PINNED = TARGETS.filter((t) =>
  /^(overlays\/(staging|prod)|examples\/(staging|prod)-)/.test(t),
);

function multirouteContainers(target: string): { owner: string; container: Container }[] {
  return podTemplates(objectsOf(target))
    .filter((pod) => pod.labels['app.kubernetes.io/name'] === 'multiroute')
    .map((pod) => ({ owner: pod.owner, container: pod.spec.containers[0]! }));
}

function envOf(container: Container, name: string): string | undefined {
  return container.env?.find((e) => e.name === name)?.value;
}

/** Kubernetes quantities as used here: plain or milli cores, Mi/Gi bytes. */
function quantity(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Mi|Gi)?$/.exec(value);
  if (match === null) throw new Error(`unexpected quantity ${value}`);
  const number = Number(match[1]);
  const unit = match[2];
  return unit === 'm'
    ? number / 1000
    : unit === 'Mi'
      ? number * 2 ** 20
      : unit === 'Gi'
        ? number * 2 ** 30
        : number;
}

describe('buildTargets', () => {
  it('should list the three overlays and every documented combination', () => {
    expect(TARGETS).toEqual([
      'overlays/dev',
      'overlays/prod',
      'overlays/staging',
      'examples/dev-canary-ingress-nginx',
      'examples/dev-istio-egress-https-passthrough',
      'examples/dev-istio-egress-tls-origination',
      'examples/dev-istio-mtls-clients',
      'examples/dev-network-policy-database',
      'examples/prod-blue-green',
      'examples/prod-istio',
      'examples/staging-canary-gateway-api',
      'examples/staging-istio-permissive',
    ]);
  });

  it('should name every target in docs/deploy.md', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'deploy.md'), 'utf8');
    for (const target of TARGETS) expect(doc, target).toContain(`deploy/${target}`);
  });

  it('should use every component in at least one target', () => {
    const componentDirs: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (!statSync(path).isDirectory()) continue;
        const file = join(path, 'kustomization.yaml');
        const kind = statSync(file, { throwIfNoEntry: false })
          ? (parse(readFileSync(file, 'utf8')) as { kind: string }).kind
          : undefined;
        if (kind === 'Component') componentDirs.push(relative(DEPLOY_DIR, path));
        walk(path);
      }
    };
    walk(join(DEPLOY_DIR, 'components'));
    const used = new Set<string>();
    const collect = (target: string): void => {
      const dir = join(DEPLOY_DIR, target);
      const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
        resources?: string[];
        components?: string[];
      };
      for (const c of k.components ?? []) used.add(relative(DEPLOY_DIR, resolve(dir, c)));
      for (const r of k.resources ?? []) {
        const parent = relative(DEPLOY_DIR, resolve(dir, r));
        if (parent.startsWith('overlays/')) collect(parent);
      }
    };
    for (const target of TARGETS) collect(target);
    expect(componentDirs.sort()).toEqual([
      'components/blue-green',
      'components/canary',
      'components/gateway-api',
      'components/gateway-api-canary',
      'components/ingress-nginx',
      'components/ingress-nginx-canary',
      'components/istio/authz',
      'components/istio/authz-isolation',
      'components/istio/egress-http',
      'components/istio/egress-https-passthrough',
      'components/istio/egress-tls-origination',
      'components/istio/external-service',
      'components/istio/ingress-gateway',
      'components/istio/injection',
      'components/istio/mtls-permissive',
      'components/istio/mtls-strict',
      'components/istio/traffic',
      'components/monitoring',
      'components/network-policy',
      'components/network-policy-database',
      'components/test-clients',
    ]);
    expect(componentDirs.filter((c) => !used.has(c))).toEqual([]);
  });
});

describe('kubectl kustomize', () => {
  it.each(TARGETS)('should build deploy/%s without duplicate objects', (target) => {
    const ids = objectsOf(target).map(
      (o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    );
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('Namespace', () => {
  it.each(TARGETS)(
    'should isolate deploy/%s in multiroute with Pod Security restricted',
    (target) => {
      const objects = objectsOf(target);
      const namespaces = ofKind(objects, 'Namespace');
      expect(namespaces.map((n) => n.metadata.name)).toEqual(['multiroute']);
      expect(namespaces[0]!.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.33',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
      });
      const placed = objects
        .filter((o) => o.kind !== 'Namespace')
        .map((o) => `${o.kind}/${o.metadata.name} in ${o.metadata.namespace ?? '(none)'}`)
        .filter((line) => !line.endsWith(' in multiroute'));
      // The Istio ingress Gateway lives beside the gateway pods and their credential Secret.
      expect(placed).toEqual(
        target === 'examples/prod-istio' ? ['Gateway/ingress-multiroute in istio-system'] : [],
      );
    },
  );
});

describe('podTemplates', () => {
  it.each(TARGETS)('should satisfy Pod Security restricted in deploy/%s', (target) => {
    const pods = podTemplates(objectsOf(target));
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      const podContext = pod.spec.securityContext ?? {};
      expect(podContext, pod.owner).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 65532,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.spec.automountServiceAccountToken, pod.owner).toBe(false);
      for (const container of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
        expect(container.securityContext, `${pod.owner} ${container.name}`).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.securityContext?.privileged, pod.owner).toBeUndefined();
        const { requests, limits } = container.resources ?? {};
        expect(requests, `${pod.owner}: requests = limits (Guaranteed QoS)`).toEqual(limits);
        expect(Object.keys(limits ?? {}).sort(), pod.owner).toEqual(['cpu', 'memory']);
      }
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
        expect((pod.spec as unknown as Record<string, unknown>)[field], pod.owner).toBeUndefined();
      }
    }
  });

  it.each(TARGETS)('should reference released images only in deploy/%s', (target) => {
    for (const pod of podTemplates(objectsOf(target))) {
      for (const { image } of pod.spec.containers) {
        expect(image, pod.owner).toMatch(
          /^[a-z0-9.-]+\/[a-z0-9/_.-]+:[\w.-]+(@sha256:[0-9a-f]{64})?$/,
        );
        expect(image, pod.owner).not.toMatch(/:latest(@|$)/);
        if (pod.labels['app.kubernetes.io/name'] === 'multiroute') {
          expect(image.startsWith('ghcr.io/kprod-dev/multiroute:'), pod.owner).toBe(true);
        }
      }
    }
  });

  it.each(PINNED)('should pin every image by digest in deploy/%s', (target) => {
    for (const pod of podTemplates(objectsOf(target))) {
      for (const { image } of pod.spec.containers) {
        expect(image, pod.owner).toMatch(
          /^ghcr\.io\/kprod-dev\/multiroute:[\w.-]+@sha256:[0-9a-f]{64}$/,
        );
      }
    }
  });

  it('should run dev on a tag and prod on the example digest', () => {
    expect(multirouteContainers('overlays/dev').map((c) => c.container.image)).toEqual([
      'ghcr.io/kprod-dev/multiroute:1.0.0',
    ]);
    expect(multirouteContainers('overlays/prod').map((c) => c.container.image)).toEqual([
      'ghcr.io/kprod-dev/multiroute:1.0.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    ]);
  });
});

describe('istio/injection', () => {
  const meshTargets = (): string[] =>
    TARGETS.filter((t) => {
      const namespace = ofKind(objectsOf(t), 'Namespace')[0]!;
      return (namespace.metadata.labels as Record<string, string>)['istio-injection'] === 'enabled';
    });

  it('should be used by the five mesh examples', () => {
    expect(meshTargets()).toEqual([
      'examples/dev-istio-egress-https-passthrough',
      'examples/dev-istio-egress-tls-origination',
      'examples/dev-istio-mtls-clients',
      'examples/prod-istio',
      'examples/staging-istio-permissive',
    ]);
  });

  it('should give every injected proxy requests = limits', () => {
    for (const target of meshTargets()) {
      for (const object of ofKind(objectsOf(target), 'Deployment')) {
        const template = (object.spec as { template: { metadata: { annotations?: object } } })
          .template;
        expect(template.metadata.annotations, `${target} ${object.metadata.name}`).toMatchObject({
          'sidecar.istio.io/proxyCPU': '100m',
          'sidecar.istio.io/proxyCPULimit': '100m',
          'sidecar.istio.io/proxyMemory': '128Mi',
          'sidecar.istio.io/proxyMemoryLimit': '128Mi',
        });
      }
    }
  });
});

describe('multiroute Deployment', () => {
  it.each(TARGETS)('should follow the multiroute contract in deploy/%s', (target) => {
    const objects = objectsOf(target);
    const configMaps = ofKind(objects, 'ConfigMap');
    for (const pod of podTemplates(objects).filter(
      (p) => p.labels['app.kubernetes.io/name'] === 'multiroute',
    )) {
      const container = pod.spec.containers[0]!;
      expect(pod.spec.containers.length, pod.owner).toBe(1);
      expect(container.args).toEqual(['--config', '/etc/multiroute/config/config.yml']);
      expect(container.ports).toEqual([
        { name: 'http', containerPort: 3000, protocol: 'TCP' },
        { name: 'admin', containerPort: 8081, protocol: 'TCP' },
      ]);
      expect(envOf(container, 'ADMIN_PORT')).toBe('8081');
      expect(pod.spec.serviceAccountName).toBe('multiroute');
      expect(container.volumeMounts).toEqual([
        { name: 'config', mountPath: '/etc/multiroute/config', readOnly: true },
        { name: 'db-secret', mountPath: '/etc/multiroute/secret', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ]);
      const volumes = pod.spec.volumes as {
        name: string;
        configMap?: { name: string };
        secret?: { secretName: string };
      }[];
      const configMapName = volumes.find((v) => v.name === 'config')?.configMap?.name;
      expect(configMapName).toMatch(/^multiroute-config-[a-z0-9]{10}$/);
      const configMap = configMaps.find((c) => c.metadata.name === configMapName);
      expect(Object.keys(configMap?.data ?? {})).toEqual(['config.yml']);
      expect(envOf(container, 'DB_PASS_FILE')).toBe('/etc/multiroute/secret/db-password');
      expect(envOf(container, 'DB_EXPECTED_PASS_FILE')).toBe(
        '/etc/multiroute/secret/db-expected-password',
      );
      expect(container.env?.find((e) => e.name === 'VERSION')).toEqual({
        name: 'VERSION',
        valueFrom: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/version']" } },
      });
      expect(pod.labels['app.kubernetes.io/version']).toMatch(/^v[12]$/);
      expect(container.env?.find((e) => e.name === 'POD_IP')).toEqual({
        name: 'POD_IP',
        valueFrom: { fieldRef: { fieldPath: 'status.podIP' } },
      });
      expect(
        [container.startupProbe, container.readinessProbe, container.livenessProbe].map(
          (probe) => (probe as { httpGet: { path: string; port: string } }).httpGet,
        ),
      ).toEqual([
        { path: '/livez', port: 'admin' },
        { path: '/readyz', port: 'admin' },
        { path: '/livez', port: 'admin' },
      ]);
    }
  });

  it.each(TARGETS)(
    'should leave the replica count to the HPA and releases in deploy/%s',
    (target) => {
      const sized = ofKind(objectsOf(target), 'Deployment')
        .filter((d) => (d.spec as { replicas?: number }).replicas !== undefined)
        .map((d) => d.metadata.name);
      // Only the fixed single-pod tracks and test programs state a count.
      expect(
        sized.filter(
          (name) => !['multiroute-v2', 'multiroute-probe', 'two-port-server'].includes(name),
        ),
      ).toEqual([]);
    },
  );

  it.each(TARGETS)('should drain before SIGKILL in deploy/%s', (target) => {
    for (const { owner, container } of multirouteContainers(target)) {
      const pod = podTemplates(objectsOf(target)).find((p) => p.owner === owner)!;
      const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
      const delay = Number(envOf(container, 'SHUTDOWN_DELAY_SECONDS'));
      const timeout = Number(envOf(container, 'SHUTDOWN_TIMEOUT_SECONDS'));
      expect([preStop, delay, timeout, pod.spec.terminationGracePeriodSeconds]).toEqual([
        5, 5, 20, 40,
      ]);
      expect(preStop + delay + timeout).toBeLessThan(pod.spec.terminationGracePeriodSeconds!);
    }
  });

  it.each(TARGETS)('should keep the V8 heap inside the memory limit in deploy/%s', (target) => {
    for (const { container } of multirouteContainers(target)) {
      const heap = /--max-old-space-size=(\d+)/.exec(envOf(container, 'NODE_OPTIONS') ?? '');
      const limit = quantity(container.resources!.limits!.memory!);
      expect(Number(heap?.[1]) * 2 ** 20).toBe(64 * 2 ** 20);
      expect(limit).toBe(160 * 2 ** 20);
      expect(quantity(container.resources!.limits!.cpu!)).toBe(0.5);
    }
  });
});

describe('Secret multiroute-db', () => {
  it('should be generated from committed files in dev only', () => {
    const devSecrets = ofKind(objectsOf('overlays/dev'), 'Secret');
    expect(devSecrets.map((s) => s.metadata.name)).toEqual([
      expect.stringMatching(/^multiroute-db-[a-z0-9]{10}$/),
    ]);
    expect(Object.keys(devSecrets[0]!.data as object).sort()).toEqual([
      'db-expected-password',
      'db-password',
    ]);
    for (const target of TARGETS.filter((t) => !t.includes('dev'))) {
      expect(ofKind(objectsOf(target), 'Secret'), target).toEqual([]);
      for (const pod of podTemplates(objectsOf(target)).filter(
        (p) => p.labels['app.kubernetes.io/name'] === 'multiroute',
      )) {
        const volumes = pod.spec.volumes as { name: string; secret?: { secretName: string } }[];
        expect(volumes.find((v) => v.name === 'db-secret')?.secret?.secretName).toBe(
          'multiroute-db',
        );
      }
    }
  });
});

describe('references', () => {
  it.each(TARGETS)(
    'should point every selector and backend at something in deploy/%s',
    (target) => {
      const objects = objectsOf(target);
      const pods = podTemplates(objects);
      const services = ofKind(objects, 'Service');
      for (const service of services) {
        const spec = service.spec as {
          selector: Record<string, string>;
          ports: { name: string; appProtocol: string; targetPort: string }[];
        };
        expect(
          pods.some((p) => selects(spec.selector, p.labels)),
          `Service/${service.metadata.name}`,
        ).toBe(true);
        const ports = spec.ports.map((p) => [p.name, p.appProtocol, p.targetPort]);
        if (service.metadata.labels?.['app.kubernetes.io/name'] === 'multiroute') {
          // The main Service also carries the admin port, for the ServiceMonitor's scrape.
          expect(ports).toEqual(
            service.metadata.name === 'multiroute'
              ? [
                  ['http', 'http', 'http'],
                  ['admin', 'http', 'admin'],
                ]
              : [['http', 'http', 'http']],
          );
        } else {
          // Istio needs every port's protocol: appProtocol says it.
          for (const [name, appProtocol] of ports)
            expect([name, appProtocol]).toEqual([name, 'http']);
        }
      }
      const serviceNames = new Set(services.map((s) => s.metadata.name));
      const deployments = new Set(ofKind(objects, 'Deployment').map((d) => d.metadata.name));
      for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
        const ref = (hpa.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name;
        expect(deployments.has(ref), `HPA target ${ref}`).toBe(true);
      }
      for (const pdb of ofKind(objects, 'PodDisruptionBudget')) {
        const selector = (pdb.spec as { selector: { matchLabels: Record<string, string> } })
          .selector.matchLabels;
        expect(pods.some((p) => selects(selector, p.labels))).toBe(true);
      }
      for (const ingress of ofKind(objects, 'Ingress')) {
        const rules = (ingress.spec as { rules: { http: { paths: { backend: unknown }[] } }[] })
          .rules;
        for (const path of rules.flatMap((r) => r.http.paths)) {
          const backend = (path.backend as { service: { name: string; port: { name: string } } })
            .service;
          expect(serviceNames.has(backend.name), backend.name).toBe(true);
          expect(backend.port).toEqual({ name: 'http' });
        }
      }
      for (const route of ofKind(objects, 'HTTPRoute')) {
        const rules = (route.spec as { rules: { backendRefs: { name: string; port: number }[] }[] })
          .rules;
        for (const ref of rules.flatMap((r) => r.backendRefs)) {
          expect(serviceNames.has(ref.name), ref.name).toBe(true);
          expect(ref.port).toBe(3000);
        }
      }
      for (const rule of ofKind(objects, 'DestinationRule').filter(
        (d) => d.metadata.name === 'multiroute',
      )) {
        const subsets = (rule.spec as { subsets: { labels: Record<string, string> }[] }).subsets;
        for (const subset of subsets) {
          expect(pods.some((p) => selects(subset.labels, p.labels))).toBe(true);
        }
      }
    },
  );
});

describe('release strategies', () => {
  it('should split ingress-nginx traffic 80/20 with the test-version header to v2', () => {
    const objects = objectsOf('examples/dev-canary-ingress-nginx');
    const ingresses = ofKind(objects, 'Ingress');
    const canary = ingresses.find((i) => i.metadata.name === 'multiroute-canary')!;
    expect(canary.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-by-header': 'test-version',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'v2',
      'nginx.ingress.kubernetes.io/canary-weight': '20',
    });
    const main = ingresses.find((i) => i.metadata.name === 'multiroute')!;
    const paths = (
      main.spec as {
        rules: { http: { paths: { path: string; pathType: string; backend: unknown }[] } }[];
      }
    ).rules[0]!.http.paths;
    expect(paths.slice(0, 2)).toEqual([
      {
        path: '/route1',
        pathType: 'Prefix',
        backend: { service: { name: 'multiroute-stable', port: { name: 'http' } } },
      },
      {
        path: '/connect_db',
        pathType: 'Exact',
        backend: { service: { name: 'multiroute-stable', port: { name: 'http' } } },
      },
    ]);
    const tracks = podTemplates(objects).map((p) => [
      p.labels.track,
      p.labels['app.kubernetes.io/version'],
    ]);
    expect(tracks).toEqual([
      ['stable', 'v1'],
      ['canary', 'v2'],
    ]);
  });

  it('should split Gateway API traffic 80/20 with the test-version header to the canary', () => {
    const route = ofKind(objectsOf('examples/staging-canary-gateway-api'), 'HTTPRoute')[0]!;
    const rules = (
      route.spec as {
        rules: {
          matches: { headers?: unknown }[];
          backendRefs: { name: string; weight?: number }[];
        }[];
      }
    ).rules;
    expect(rules.map((r) => r.matches.map((m) => m.headers ?? null))).toEqual([
      [[{ name: 'test-version', value: 'v2' }], [{ name: 'test-version', value: 'v2' }]],
      [null, null],
    ]);
    expect(rules.map((r) => r.backendRefs.map((b) => [b.name, b.weight ?? null]))).toEqual([
      [['multiroute-canary', null]],
      [
        ['multiroute-stable', 80],
        ['multiroute-canary', 20],
      ],
    ]);
  });

  it('should route Istio traffic by header with 1200ms and 80/20 with 2s', () => {
    const service = ofKind(objectsOf('examples/prod-istio'), 'VirtualService').find(
      (v) => v.metadata.name === 'multiroute',
    )!;
    const http = (service.spec as { http: Record<string, unknown>[] }).http;
    const host = 'multiroute.multiroute.svc.cluster.local';
    expect(http).toEqual([
      {
        name: 'header-v2',
        match: [{ headers: { 'test-version': { exact: 'v2' } } }],
        timeout: '1200ms',
        route: [{ destination: { host, subset: 'v2' } }],
      },
      {
        name: 'weighted',
        timeout: '2s',
        route: [
          { destination: { host, subset: 'v1' }, weight: 80 },
          { destination: { host, subset: 'v2' }, weight: 20 },
        ],
      },
    ]);
  });

  it('should send the Service to the live colour and the preview to the idle one', () => {
    const objects = objectsOf('examples/prod-blue-green');
    const deployments = ofKind(objects, 'Deployment').map((d) => d.metadata.name);
    expect(deployments).toEqual(['multiroute-blue', 'multiroute-green']);
    const selected = ofKind(objects, 'Service').map((service) => {
      const selector = (service.spec as { selector: Record<string, string> }).selector;
      const pods = podTemplates(objects).filter((p) => selects(selector, p.labels));
      return [service.metadata.name, pods.map((p) => p.owner)];
    });
    expect(selected).toEqual([
      ['multiroute', ['Deployment/multiroute-blue']],
      ['multiroute-preview', ['Deployment/multiroute-green']],
    ]);
  });
});

describe('deploy/base/config.yml', () => {
  it('should carry the four routes of the guide in the multiroute config format', () => {
    const config = parse(readFileSync(join(DEPLOY_DIR, 'base', 'config.yml'), 'utf8')) as unknown;
    expect(config).toEqual({
      routes: {
        '/route1': { response: "route1's content", duration: 0 },
        '/route2': { response: "route2's content", duration: 0 },
        '/test_timeout': { response: "test_timeout's content", duration: 3 },
        '/test_limiter': { response: "test_limiter's content\n", duration: 1 },
      },
    });
  });
});

describe('deploy/cluster/encryption-configuration.yaml', () => {
  it('should encrypt new Secret writes and still read the unencrypted ones', () => {
    const config = parse(
      readFileSync(join(DEPLOY_DIR, 'cluster', 'encryption-configuration.yaml'), 'utf8'),
    ) as {
      apiVersion: string;
      kind: string;
      resources: { resources: string[]; providers: Record<string, unknown>[] }[];
    };
    expect([config.apiVersion, config.kind]).toEqual([
      'apiserver.config.k8s.io/v1',
      'EncryptionConfiguration',
    ]);
    expect(config.resources.map((r) => r.resources)).toEqual([['secrets']]);
    expect(config.resources[0]!.providers.map((p) => Object.keys(p)[0])).toEqual([
      'secretbox',
      'identity',
    ]);
  });
});
