import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import {
  type CheckInput,
  type Finding,
  type RuleFamily,
  findingFor,
  ruleDocsOf,
} from '../finding.js';
import {
  type JsonRecord,
  arrayAt,
  booleanAt,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import { labelMapMatches, labelSelectorMatches } from '../../kube/label-selector.js';
import {
  type PodTemplate,
  containersOf,
  groupOf,
  kindOf,
  nameOf,
  namespaceOf,
  podTemplateOf,
} from '../pod-templates.js';

const FAMILY = 'references';

const FALSE_ALARMS = `To avoid false alarms for objects created outside the input (Secrets made by a CI step, Services of another team), a missing object is only reported when the input contains at least one object of the referenced kind in the referenced namespace: then the input is taken to manage that kind there. Likewise, "selects nothing" is only reported for a namespace in which the input has pod templates.`;

const rule = ruleDocsOf(FAMILY);

/** The cross-reference rules. */
export const SERVICE_SELECTOR_UNMATCHED = rule(
  'service-selector-unmatched',
  'warning',
  'Service selector matches no pod template',
  `The Service's \`spec.selector\` matches the labels of no pod template (Pod, Deployment, StatefulSet, …) in its namespace, so it has no endpoints and every connection fails. Services without a selector (manual Endpoints, ExternalName) are skipped. ${FALSE_ALARMS}`,
  `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { app: wbe }   # the pods are labelled app: web\n  ports: [{ port: 80, targetPort: http }]\n`,
);
export const TARGET_PORT_UNKNOWN = rule(
  'service-target-port-unknown',
  'error',
  'Service targetPort name is not a container port of the selected pods',
  'A named `targetPort` is looked up in the `ports[].name` of the containers of each selected pod; a pod without it gets no endpoint for that port.',
  `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80, targetPort: http }]   # containers name their port "web"\n`,
);
export const BACKEND_SERVICE_MISSING = rule(
  'backend-service-missing',
  'error',
  'Ingress or HTTPRoute backend Service does not exist',
  `An Ingress backend (\`service.name\`, also \`defaultBackend\`) or an HTTPRoute \`backendRefs\` entry (kind Service) names a Service that is not in the input; the route answers 503. ${FALSE_ALARMS}`,
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: shop }\nspec:\n  rules:\n    - http:\n        paths:\n          - { path: /, pathType: Prefix, backend: { service: { name: wbe, port: { number: 80 } } } }\n`,
);
export const BACKEND_PORT_MISSING = rule(
  'backend-port-missing',
  'error',
  'Ingress or HTTPRoute backend port is not a port of the Service',
  'The backend port (number, or name for Ingress) is not among the `spec.ports` of the Service it names; the controller has no upstream for it. HTTPRoute backendRefs to a Service must give a port.',
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: shop }\nspec:\n  rules:\n    - http:\n        paths:\n          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 8080 } } } }\n# Service web only exposes port 80\n`,
);
export const CONFIGMAP_REF_MISSING = rule(
  'configmap-ref-missing',
  'error',
  'Referenced ConfigMap or key does not exist',
  `A pod template refers to a ConfigMap (volume, projected volume, \`envFrom\`, \`env[].valueFrom.configMapKeyRef\`) or to a key of it that the input does not define, without \`optional: true\`. The pod then stays in ContainerCreating or CreateContainerConfigError. ${FALSE_ALARMS}`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - name: app\n      image: web@sha256:…\n      env: [{ name: MODE, valueFrom: { configMapKeyRef: { name: settings, key: mode } } }]\n`,
);
export const SECRET_REF_MISSING = rule(
  'secret-ref-missing',
  'error',
  'Referenced Secret or key does not exist',
  `A pod template refers to a Secret (volume, projected volume, \`envFrom\`, \`env[].valueFrom.secretKeyRef\`, \`imagePullSecrets\`) or to a key of it that the input does not define, without \`optional: true\`. ${FALSE_ALARMS}`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - name: app\n      image: web@sha256:…\n      env: [{ name: DB_PASS, valueFrom: { secretKeyRef: { name: db, key: password } } }]\n`,
);
export const SELECTS_NOTHING = rule(
  'selector-matches-nothing',
  'warning',
  'PodDisruptionBudget or NetworkPolicy selects no pods; HPA target does not exist',
  `A PodDisruptionBudget's \`selector\` or a NetworkPolicy's non-empty \`podSelector\` matches no pod template of its namespace, so it protects nothing; or a HorizontalPodAutoscaler's \`scaleTargetRef\` names a workload that is not in the input. ${FALSE_ALARMS}`,
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web, namespace: shop }\nspec:\n  minAvailable: 1\n  selector: { matchLabels: { app: wbe } }\n`,
);
export const HPA_CPU_WITHOUT_REQUESTS = rule(
  'hpa-cpu-without-requests',
  'error',
  'HPA scales on CPU utilization but containers have no CPU request',
  'Utilization is usage divided by the CPU request; when a container of the target has none, the HPA reports `missing request for cpu` and never scales. Checked for `autoscaling/v1` `targetCPUUtilizationPercentage`, `autoscaling/v2` Resource metrics of type Utilization, and v2 HPAs without metrics (their default is 80% CPU utilization).',
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: web, namespace: shop }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }   # no resources.requests.cpu\n  minReplicas: 2\n  maxReplicas: 5\n  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } } }]\n`,
);
export const PDB_BLOCKS_EVICTION = rule(
  'pdb-blocks-eviction',
  'warning',
  'PodDisruptionBudget allows no voluntary eviction',
  '`maxUnavailable: 0` (or `0%`), `minAvailable: 100%`, or an integer `minAvailable` at least the replicas of the workloads it selects means no pod may ever be evicted: `kubectl drain` and node upgrades hang until someone deletes the budget. Guide 6.9.',
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web, namespace: shop }\nspec:\n  minAvailable: 2     # the Deployment runs 2 replicas\n  selector: { matchLabels: { app: web } }\n`,
);
export const NETWORKPOLICY_UNCOVERED = rule(
  'networkpolicy-uncovered',
  'warning',
  'Pods not covered by any NetworkPolicy in a namespace that has some',
  'When a namespace has NetworkPolicies, a pod that none of them selects accepts traffic from everywhere: usually a missing label rather than a decision. Only namespaces with at least one NetworkPolicy in the input are checked. Guide 7.1.',
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n# a Deployment in shop labelled app: web is covered by no policy\n`,
);

const RULES = [
  SERVICE_SELECTOR_UNMATCHED,
  TARGET_PORT_UNKNOWN,
  BACKEND_SERVICE_MISSING,
  BACKEND_PORT_MISSING,
  CONFIGMAP_REF_MISSING,
  SECRET_REF_MISSING,
  SELECTS_NOTHING,
  HPA_CPU_WITHOUT_REQUESTS,
  PDB_BLOCKS_EVICTION,
  NETWORKPOLICY_UNCOVERED,
];

/** The objects of the input, indexed by namespace and kind. */
class ObjectIndex {
  readonly templates: PodTemplate[] = [];
  private readonly byKey = new Map<string, SourceObject[]>();
  private readonly templatesByNamespace = new Map<string, PodTemplate[]>();
  private readonly byName = new Map<string, SourceObject>();

  constructor(input: CheckInput) {
    for (const source of input.objects) {
      const namespace = namespaceOf(source, input.options.defaultNamespace);
      const key = `${namespace}/${kindOf(source)}`;
      const list = this.byKey.get(key) ?? [];
      list.push(source);
      this.byKey.set(key, list);
      const named = `${key}/${nameOf(source)}`;
      // The last object of a name wins, as when `kubectl apply` meets a duplicate.
      this.byName.set(named, source);
      const template = podTemplateOf(source, input.options.defaultNamespace);
      if (template !== undefined && template.kind !== 'PodTemplate') {
        this.templates.push(template);
        const inNamespace = this.templatesByNamespace.get(template.namespace) ?? [];
        inNamespace.push(template);
        this.templatesByNamespace.set(template.namespace, inNamespace);
      }
    }
  }

  /** Objects of a kind in a namespace. */
  list(namespace: string, kind: string): SourceObject[] {
    return this.byKey.get(`${namespace}/${kind}`) ?? [];
  }

  /** The named object, or undefined. */
  find(namespace: string, kind: string, name: string): SourceObject | undefined {
    return this.byName.get(`${namespace}/${kind}/${name}`);
  }

  /** True when the input manages objects of this kind in this namespace. */
  manages(namespace: string, kind: string): boolean {
    return this.list(namespace, kind).length > 0;
  }

  templatesIn(namespace: string): PodTemplate[] {
    return this.templatesByNamespace.get(namespace) ?? [];
  }
}

const labelCache = new WeakMap<PodTemplate, Readonly<Record<string, string>>>();

/** A template's labels, read once: every Service, PDB and policy of the namespace asks for them. */
function podLabels(template: PodTemplate): Readonly<Record<string, string>> {
  let labels = labelCache.get(template);
  if (labels === undefined) {
    labels = stringMapAt(template.metadata, 'labels');
    labelCache.set(template, labels);
  }
  return labels;
}

function checkService(source: SourceObject, index: ObjectIndex, ns: string, out: Finding[]): void {
  const spec = recordAt(source.object, 'spec');
  const selector = stringMapAt(spec, 'selector');
  if (Object.keys(selector).length === 0 || stringAt(spec, 'type') === 'ExternalName') return;
  const candidates = index.templatesIn(ns);
  if (candidates.length === 0) return;
  const selected = candidates.filter((t) => labelMapMatches(selector, podLabels(t)));
  if (selected.length === 0) {
    out.push(
      findingFor(
        source,
        SERVICE_SELECTOR_UNMATCHED,
        `selector ${JSON.stringify(selector)} matches no pod template in namespace "${ns}"`,
        'Make spec.selector equal to (a subset of) the pod template labels of the workload behind the Service.',
        ['spec', 'selector'],
      ),
    );
    return;
  }
  arrayAt(spec, 'ports').forEach((port, i) => {
    const target = stringAt(port, 'targetPort');
    if (target === undefined) return;
    for (const template of selected) {
      const names = containersOf(template)
        .filter((c) => c.list === 'containers')
        .flatMap((c) => arrayAt(c.container, 'ports').map((p) => stringAt(p, 'name')));
      if (names.includes(target)) continue;
      out.push(
        findingFor(
          source,
          TARGET_PORT_UNKNOWN,
          `targetPort "${target}" is not a named container port of ${template.kind} "${nameOf(template.source)}"`,
          `Name a container port "${target}" in that pod template, or use the port number as targetPort.`,
          ['spec', 'ports', i, 'targetPort'],
        ),
      );
    }
  });
}

function servicePortMatches(
  service: SourceObject,
  port: { number?: number; name?: string },
): boolean {
  return arrayAt(recordAt(service.object, 'spec'), 'ports').some((p) =>
    port.name !== undefined
      ? stringAt(p, 'name') === port.name
      : numberAt(p, 'port') === port.number,
  );
}

function checkBackend(
  source: SourceObject,
  index: ObjectIndex,
  ns: string,
  name: string,
  port: { number?: number; name?: string } | undefined,
  field: FieldPath,
  out: Finding[],
): void {
  const service = index.find(ns, 'Service', name);
  if (service === undefined) {
    if (!index.manages(ns, 'Service')) return;
    out.push(
      findingFor(
        source,
        BACKEND_SERVICE_MISSING,
        `backend Service "${name}" does not exist in namespace "${ns}"`,
        'Fix the Service name, or add the Service to the manifests.',
        field,
      ),
    );
    return;
  }
  if (port === undefined) {
    out.push(
      findingFor(
        source,
        BACKEND_PORT_MISSING,
        `backend Service "${name}" is referenced without a port`,
        'Give the Service port the route should use.',
        field,
      ),
    );
    return;
  }
  if (servicePortMatches(service, port)) return;
  out.push(
    findingFor(
      source,
      BACKEND_PORT_MISSING,
      `Service "${name}" has no port ${port.name !== undefined ? `named "${port.name}"` : String(port.number)}`,
      `Use one of the Service's spec.ports (${arrayAt(recordAt(service.object, 'spec'), 'ports')
        .map((p) => String(numberAt(p, 'port')))
        .join(', ')}).`,
      field,
    ),
  );
}

function ingressPort(
  backendService: JsonRecord | undefined,
): { number?: number; name?: string } | undefined {
  const port = recordAt(backendService, 'port');
  if (port === undefined) return undefined;
  const name = stringAt(port, 'name');
  const number = numberAt(port, 'number');
  return name !== undefined ? { name } : number !== undefined ? { number } : undefined;
}

function checkIngress(source: SourceObject, index: ObjectIndex, ns: string, out: Finding[]): void {
  const spec = recordAt(source.object, 'spec');
  const visit = (backend: JsonRecord | undefined, field: FieldPath): void => {
    const service = recordAt(backend, 'service');
    const name = stringAt(service, 'name');
    if (name === undefined) return;
    checkBackend(source, index, ns, name, ingressPort(service), [...field, 'service'], out);
  };
  visit(recordAt(spec, 'defaultBackend'), ['spec', 'defaultBackend']);
  arrayAt(spec, 'rules').forEach((r, i) => {
    arrayAt(recordAt(r, 'http'), 'paths').forEach((p, j) => {
      visit(recordAt(p, 'backend'), ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
    });
  });
}

function checkHttpRoute(
  source: SourceObject,
  index: ObjectIndex,
  ns: string,
  out: Finding[],
): void {
  arrayAt(recordAt(source.object, 'spec'), 'rules').forEach((r, i) => {
    arrayAt(r, 'backendRefs').forEach((ref, j) => {
      if (
        (stringAt(ref, 'group') ?? '') !== '' ||
        (stringAt(ref, 'kind') ?? 'Service') !== 'Service'
      ) {
        return;
      }
      const name = stringAt(ref, 'name');
      if (name === undefined) return;
      const port = numberAt(ref, 'port');
      checkBackend(
        source,
        index,
        stringAt(ref, 'namespace') ?? ns,
        name,
        port === undefined ? undefined : { number: port },
        ['spec', 'rules', i, 'backendRefs', j],
        out,
      );
    });
  });
}

interface ObjectRef {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly keys: readonly string[];
  readonly optional: boolean;
  readonly field: FieldPath;
}

/** Every ConfigMap and Secret reference of a pod template. */
function objectRefsOf(template: PodTemplate): ObjectRef[] {
  const refs: ObjectRef[] = [];
  const base = [...template.path, 'spec'];
  const keysOfItems = (source: unknown): string[] =>
    arrayAt(source, 'items')
      .map((item) => stringAt(item, 'key'))
      .filter((k): k is string => k !== undefined);
  const volumeSource = (
    kind: ObjectRef['kind'],
    source: JsonRecord | undefined,
    nameKey: string,
    field: FieldPath,
  ): void => {
    const name = stringAt(source, nameKey);
    if (name === undefined) return;
    refs.push({
      kind,
      name,
      keys: keysOfItems(source),
      optional: booleanAt(source, 'optional') === true,
      field,
    });
  };
  arrayAt(template.spec, 'volumes').forEach((volume, i) => {
    const field = [...base, 'volumes', i];
    volumeSource('ConfigMap', recordAt(volume, 'configMap'), 'name', [...field, 'configMap']);
    volumeSource('Secret', recordAt(volume, 'secret'), 'secretName', [...field, 'secret']);
    arrayAt(recordAt(volume, 'projected'), 'sources').forEach((s, j) => {
      const sourceField = [...field, 'projected', 'sources', j];
      volumeSource('ConfigMap', recordAt(s, 'configMap'), 'name', [...sourceField, 'configMap']);
      volumeSource('Secret', recordAt(s, 'secret'), 'name', [...sourceField, 'secret']);
    });
  });
  arrayAt(template.spec, 'imagePullSecrets').forEach((s, i) => {
    const name = stringAt(s, 'name');
    if (name !== undefined) {
      refs.push({
        kind: 'Secret',
        name,
        keys: [],
        optional: false,
        field: [...base, 'imagePullSecrets', i],
      });
    }
  });
  for (const c of containersOf(template)) {
    arrayAt(c.container, 'envFrom').forEach((e, i) => {
      volumeSource('ConfigMap', recordAt(e, 'configMapRef'), 'name', [...c.path, 'envFrom', i]);
      volumeSource('Secret', recordAt(e, 'secretRef'), 'name', [...c.path, 'envFrom', i]);
    });
    arrayAt(c.container, 'env').forEach((e, i) => {
      const from = recordAt(e, 'valueFrom');
      for (const [kind, key] of [
        ['ConfigMap', 'configMapKeyRef'],
        ['Secret', 'secretKeyRef'],
      ] as const) {
        const ref = recordAt(from, key);
        const name = stringAt(ref, 'name');
        if (name === undefined) continue;
        const refKey = stringAt(ref, 'key');
        refs.push({
          kind,
          name,
          keys: refKey === undefined ? [] : [refKey],
          optional: booleanAt(ref, 'optional') === true,
          field: [...c.path, 'env', i, 'valueFrom', key],
        });
      }
    });
  }
  return refs;
}

function dataKeys(object: SourceObject): Set<string> {
  const keys = new Set<string>();
  for (const field of ['data', 'binaryData', 'stringData']) {
    for (const key of Object.keys(recordAt(object.object, field) ?? {})) keys.add(key);
  }
  return keys;
}

function checkObjectRefs(template: PodTemplate, index: ObjectIndex, out: Finding[]): void {
  for (const ref of objectRefsOf(template)) {
    if (ref.optional) continue;
    const rule = ref.kind === 'ConfigMap' ? CONFIGMAP_REF_MISSING : SECRET_REF_MISSING;
    const target = index.find(template.namespace, ref.kind, ref.name);
    if (target === undefined) {
      if (!index.manages(template.namespace, ref.kind)) continue;
      out.push(
        findingFor(
          template.source,
          rule,
          `${ref.kind} "${ref.name}" does not exist in namespace "${template.namespace}"`,
          `Fix the name, add the ${ref.kind} to the manifests, or mark the reference optional: true.`,
          ref.field,
        ),
      );
      continue;
    }
    const keys = dataKeys(target);
    for (const key of ref.keys) {
      if (keys.has(key)) continue;
      out.push(
        findingFor(
          template.source,
          rule,
          `${ref.kind} "${ref.name}" has no key "${key}" (it has ${[...keys].join(', ') || 'none'})`,
          'Fix the key, add it to the object, or mark the reference optional: true.',
          ref.field,
        ),
      );
    }
  }
}

function selectedTemplates(index: ObjectIndex, ns: string, selector: unknown): PodTemplate[] {
  return index.templatesIn(ns).filter((t) => labelSelectorMatches(selector, podLabels(t)));
}

function replicasOf(template: PodTemplate): number {
  if (template.kind === 'Pod') return 1;
  return numberAt(recordAt(template.source.object, 'spec'), 'replicas') ?? 1;
}

function checkPdb(source: SourceObject, index: ObjectIndex, ns: string, out: Finding[]): void {
  const spec = recordAt(source.object, 'spec');
  const selector = recordAt(spec, 'selector');
  const maxUnavailable = spec?.maxUnavailable;
  const minAvailable = spec?.minAvailable;
  if (maxUnavailable === 0 || maxUnavailable === '0%') {
    out.push(
      findingFor(
        source,
        PDB_BLOCKS_EVICTION,
        `maxUnavailable is ${String(maxUnavailable)}: no pod may ever be evicted, so node drains hang`,
        'Allow at least one disruption (maxUnavailable: 1) and run enough replicas to absorb it.',
        ['spec', 'maxUnavailable'],
      ),
    );
  }
  if (minAvailable === '100%') {
    out.push(
      findingFor(
        source,
        PDB_BLOCKS_EVICTION,
        'minAvailable is 100%: no pod may ever be evicted, so node drains hang',
        'Use maxUnavailable: 1 instead, with at least two replicas.',
        ['spec', 'minAvailable'],
      ),
    );
  }
  if (index.templatesIn(ns).length === 0) return;
  const selected = selector === undefined ? [] : selectedTemplates(index, ns, selector);
  if (selected.length === 0) {
    out.push(
      findingFor(
        source,
        SELECTS_NOTHING,
        `PodDisruptionBudget selector matches no pod template in namespace "${ns}"`,
        'Make spec.selector match the pod template labels of the workload it protects.',
        selector === undefined ? ['spec'] : ['spec', 'selector'],
      ),
    );
    return;
  }
  if (typeof minAvailable === 'number') {
    const replicas = selected.reduce((sum, t) => sum + replicasOf(t), 0);
    if (minAvailable >= replicas) {
      out.push(
        findingFor(
          source,
          PDB_BLOCKS_EVICTION,
          `minAvailable ${minAvailable} is not below the ${replicas} replica(s) it selects: no pod may ever be evicted, so node drains hang`,
          `Lower minAvailable below ${replicas}, or use maxUnavailable: 1.`,
          ['spec', 'minAvailable'],
        ),
      );
    }
  }
}

function hpaUsesCpuUtilization(source: SourceObject): boolean {
  const spec = recordAt(source.object, 'spec');
  // autoscaling/v1 only scales on CPU utilization (80% when targetCPUUtilizationPercentage is
  // absent), and a v2 HPA without metrics defaults to the same.
  if (source.object.apiVersion === 'autoscaling/v1') return true;
  const metrics = arrayAt(spec, 'metrics');
  if (metrics.length === 0) return true;
  return metrics.some((m) => {
    const resource = recordAt(
      m,
      stringAt(m, 'type') === 'ContainerResource' ? 'containerResource' : 'resource',
    );
    return (
      stringAt(resource, 'name') === 'cpu' &&
      stringAt(recordAt(resource, 'target'), 'type') === 'Utilization'
    );
  });
}

function checkHpa(source: SourceObject, index: ObjectIndex, ns: string, out: Finding[]): void {
  const target = recordAt(recordAt(source.object, 'spec'), 'scaleTargetRef');
  const kind = stringAt(target, 'kind');
  const name = stringAt(target, 'name');
  if (kind === undefined || name === undefined) return;
  const workload = index.find(ns, kind, name);
  if (workload === undefined) {
    if (!index.manages(ns, kind)) return;
    out.push(
      findingFor(
        source,
        SELECTS_NOTHING,
        `scaleTargetRef ${kind} "${name}" does not exist in namespace "${ns}"`,
        'Fix scaleTargetRef to name the workload to scale.',
        ['spec', 'scaleTargetRef'],
      ),
    );
    return;
  }
  const template = podTemplateOf(workload);
  if (template === undefined || !hpaUsesCpuUtilization(source)) return;
  const missing = containersOf(template)
    .filter((c) => c.list === 'containers')
    .filter((c) => {
      const resources = recordAt(c.container, 'resources');
      const cpu = recordAt(resources, 'requests')?.cpu ?? recordAt(resources, 'limits')?.cpu;
      return cpu === undefined;
    })
    .map((c) => c.name);
  if (missing.length === 0) return;
  out.push(
    findingFor(
      source,
      HPA_CPU_WITHOUT_REQUESTS,
      `scales ${kind} "${name}" on CPU utilization, but container(s) ${missing.map((m) => `"${m}"`).join(', ')} set no CPU request: the HPA reports "missing request for cpu" and never scales`,
      'Set resources.requests.cpu on every container of the target, or scale on an AverageValue target.',
      ['spec'],
    ),
  );
}

function checkNetworkPolicies(index: ObjectIndex, namespaces: Set<string>, out: Finding[]): void {
  for (const ns of namespaces) {
    const policies = index
      .list(ns, 'NetworkPolicy')
      .filter((p) => groupOf(p) === 'networking.k8s.io');
    if (policies.length === 0) continue;
    const templates = index.templatesIn(ns);
    const selectors = policies.map((p) => recordAt(recordAt(p.object, 'spec'), 'podSelector'));
    policies.forEach((policy, i) => {
      const selector = selectors[i];
      if (selector === undefined || templates.length === 0) return;
      if (Object.keys(selector).length === 0) return;
      if (templates.some((t) => labelSelectorMatches(selector, podLabels(t)))) return;
      out.push(
        findingFor(
          policy,
          SELECTS_NOTHING,
          `NetworkPolicy podSelector matches no pod template in namespace "${ns}"`,
          'Make spec.podSelector match the pod template labels it is meant for.',
          ['spec', 'podSelector'],
        ),
      );
    });
    for (const template of templates) {
      const labels = podLabels(template);
      if (selectors.some((s) => s !== undefined && labelSelectorMatches(s, labels))) continue;
      out.push(
        findingFor(
          template.source,
          NETWORKPOLICY_UNCOVERED,
          `no NetworkPolicy of namespace "${ns}" selects these pods, so they accept traffic from anywhere`,
          'Label the pods so a policy selects them, or add a default-deny policy (podSelector: {}) for the namespace.',
          [...template.path, 'metadata'],
        ),
      );
    }
  }
}

/** Checks the references between the objects of the input. */
export function checkReferences(input: CheckInput): Finding[] {
  const index = new ObjectIndex(input);
  const out: Finding[] = [];
  const namespaces = new Set<string>();
  for (const source of input.objects) {
    if (!isRecord(source.object.metadata)) continue;
    const ns = namespaceOf(source, input.options.defaultNamespace);
    namespaces.add(ns);
    const kind = kindOf(source);
    const group = groupOf(source);
    if (kind === 'Service' && group === '') checkService(source, index, ns, out);
    else if (kind === 'Ingress' && group === 'networking.k8s.io')
      checkIngress(source, index, ns, out);
    else if (kind === 'HTTPRoute' && group === 'gateway.networking.k8s.io') {
      checkHttpRoute(source, index, ns, out);
    } else if (kind === 'PodDisruptionBudget' && group === 'policy')
      checkPdb(source, index, ns, out);
    else if (kind === 'HorizontalPodAutoscaler' && group === 'autoscaling') {
      checkHpa(source, index, ns, out);
    }
  }
  for (const template of index.templates) checkObjectRefs(template, index, out);
  checkNetworkPolicies(index, namespaces, out);
  return out;
}

/** The cross-references family. */
export const referencesFamily: RuleFamily = { name: FAMILY, rules: RULES, check: checkReferences };
