import type { SourceObject } from '../../manifest/source-object.js';
import { type Finding, findingFor } from '../finding.js';
import {
  type JsonRecord,
  arrayAt,
  numberAt,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import { labelSelectorMatches } from '../../kube/label-selector.js';
import { type PodTemplate, containersOf, groupOf, podTemplateOf } from '../pod-templates.js';
import {
  SELECTS_NOTHING,
  HPA_CPU_WITHOUT_REQUESTS,
  PDB_BLOCKS_EVICTION,
  NETWORKPOLICY_UNCOVERED,
} from './references-rules.js';
import type { ObjectIndex } from './object-index.js';
import { podLabels } from './object-index.js';

function selectedTemplates(index: ObjectIndex, ns: string, selector: unknown): PodTemplate[] {
  return index
    .candidates(ns, stringMapAt(selector, 'matchLabels'))
    .filter((t) => labelSelectorMatches(selector, podLabels(t)));
}

function replicasOf(template: PodTemplate): number {
  if (template.kind === 'Pod') return 1;
  return numberAt(recordAt(template.source.object, 'spec'), 'replicas') ?? 1;
}

/** A PodDisruptionBudget against the replicas of the templates it selects. */
export function checkPdb(
  source: SourceObject,
  index: ObjectIndex,
  ns: string,
  out: Finding[],
): void {
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

/** A CPU-utilisation autoscaler against the CPU requests of its target. */
export function checkHpa(
  source: SourceObject,
  index: ObjectIndex,
  ns: string,
  out: Finding[],
): void {
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

/** Each NetworkPolicy whose pod selector matches no pod template of its namespace. */
export function checkNetworkPolicies(
  index: ObjectIndex,
  namespaces: Set<string>,
  out: Finding[],
): void {
  for (const ns of namespaces) {
    const policies = index.networkPolicies(ns).filter((p) => groupOf(p) === 'networking.k8s.io');
    if (policies.length === 0) continue;
    const templates = index.templatesIn(ns);
    const selectors = policies.map((p) => recordAt(recordAt(p.object, 'spec'), 'podSelector'));
    // Policies of a namespace often repeat a selector: each distinct one is matched once, or
    // N policies over N templates would take N² matches.
    const selectedBy = new Map<string, PodTemplate[]>();
    const selected = (selector: JsonRecord): PodTemplate[] => {
      const key = JSON.stringify(selector);
      let found = selectedBy.get(key);
      if (found === undefined) {
        found = selectedTemplates(index, ns, selector);
        selectedBy.set(key, found);
      }
      return found;
    };
    policies.forEach((policy, i) => {
      const selector = selectors[i];
      if (selector === undefined || templates.length === 0) return;
      if (Object.keys(selector).length === 0) return;
      if (selected(selector).length > 0) return;
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
    for (const selector of selectors) if (selector !== undefined) selected(selector);
    const covered = new Set<PodTemplate>();
    for (const found of selectedBy.values()) for (const template of found) covered.add(template);
    for (const template of templates) {
      if (covered.has(template)) continue;
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
