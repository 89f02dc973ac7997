/**
 * Pod Security evaluated once per pod shape. The controller's checks read only a pod's
 * annotations, its spec outside the container lists, and of each container its name,
 * securityContext, ports, probes and lifecycle handlers: templates that agree on those (the
 * workloads of one chart, a fleet of services that differ in name, image and labels) get the
 * same violations and the same words. Each shape is evaluated once per level and version, and
 * the texts are shared strings, which the finding store then recognises at once.
 */
import { isRecord } from '../../kube/field-access.js';
import { type PodTemplate, containersOf } from '../pod-templates.js';
import { type PssLevelVersion, evaluatePodSecurity, formatViolations } from './evaluate.js';
import type { PssPod, PssViolation } from './pod-spec.js';

const CONTAINER_LISTS = new Set(['initContainers', 'containers', 'ephemeralContainers']);

/** The fields of a container that some check reads. */
const CONTAINER_FIELDS = [
  'name',
  'securityContext',
  'ports',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
];

/** Past this many shapes the memory starts over: input with few repeats gains nothing from it. */
const MAX_SHAPES = 10_000;

/** A pod with the key of its shape (undefined when it holds a value a key cannot tell apart). */
export interface ShapedPod extends PssPod {
  readonly shape: string | undefined;
}

/** The violations of a pod at one level and version, and their text in the API server's words. */
export interface Evaluation {
  readonly violations: readonly PssViolation[];
  readonly text: string;
}

/** The message and hint of a finding about a pod in a namespace without Pod Security labels. */
export interface UnlabelledText {
  readonly violations: readonly PssViolation[];
  readonly message: string;
  readonly hint: string;
}

/** What of a container list the checks read, each item in its place. */
function containerShapes(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((item: unknown) => {
    if (!isRecord(item)) return item;
    const picked: Record<string, unknown> = {};
    for (const field of CONTAINER_FIELDS)
      if (Object.hasOwn(item, field)) picked[field] = item[field];
    return picked;
  });
}

/**
 * The key of what the checks read of a pod, or undefined when JSON cannot tell its values apart:
 * JSON writes numbers that are not finite (YAML's `.inf`, `.nan`) as null, so a key with a null
 * in it is not trusted. (Parsed manifests hold no undefined values, which JSON would drop.)
 */
function shapeOf(pod: PssPod): string | undefined {
  const spec: Record<string, unknown> = {};
  const lists: unknown[] = [];
  for (const [key, value] of Object.entries(pod.spec)) {
    if (CONTAINER_LISTS.has(key)) lists.push(key, containerShapes(value));
    else spec[key] = value;
  }
  const key = JSON.stringify([pod.isPod === true, pod.metadata['annotations'] ?? {}, spec, lists]);
  return key.includes('null') ? undefined : key;
}

/** Remembers `value` under `key`, forgetting everything first when the map is full. */
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size >= MAX_SHAPES) map.clear();
  map.set(key, value);
}

/** The evaluations of one run of the Pod Security family, shared between pods of one shape. */
export class ShapeEvaluations {
  private readonly evaluations = new Map<string, Evaluation>();
  private readonly unlabelledTexts = new Map<string, UnlabelledText | undefined>();

  /** `kubeMinor`: the release whose API server judges, as evaluatePodSecurity takes it. */
  constructor(private readonly kubeMinor: number | undefined) {}

  /** The pod of a template, as the checks see it, with its shape. */
  pod(template: PodTemplate): ShapedPod {
    const pod: PssPod = {
      metadata: template.metadata,
      spec: template.spec,
      containers: containersOf(template).map((c) => c.container),
      isPod: template.kind === 'Pod',
    };
    return { ...pod, shape: shapeOf(pod) };
  }

  /** The pod evaluated at a level and version, as evaluatePodSecurity does. */
  evaluate(lv: PssLevelVersion, pod: ShapedPod): Evaluation {
    const key = pod.shape === undefined ? undefined : `${lv.level}\0${lv.version}\0${pod.shape}`;
    const known = key === undefined ? undefined : this.evaluations.get(key);
    if (known !== undefined) return known;
    const violations = evaluatePodSecurity(lv, pod, this.kubeMinor);
    const evaluation = { violations, text: formatViolations(violations) };
    if (key !== undefined) remember(this.evaluations, key, evaluation);
    return evaluation;
  }

  /** `make()` for the pod's shape in `namespace`, made once per shape and namespace. */
  unlabelled(
    pod: ShapedPod,
    namespace: string,
    make: () => UnlabelledText | undefined,
  ): UnlabelledText | undefined {
    if (pod.shape === undefined) return make();
    const key = `${namespace.length}:${namespace}${pod.shape}`;
    if (this.unlabelledTexts.has(key)) return this.unlabelledTexts.get(key);
    const text = make();
    remember(this.unlabelledTexts, key, text);
    return text;
  }
}
