import type { SourceObject } from '../../manifest/source-object.js';
import { type CheckInput } from '../finding.js';
import { recordAt, stringMapAt } from '../../kube/field-access.js';
import { type PodTemplate, kindOf, nameOf, namespaceOf, podTemplateOf } from '../pod-templates.js';

/**
 * Templates that carry one label value: one template alone (most values, such as an `app` name,
 * label one workload), or several in input order.
 */
type LabelledTemplates = PodTemplate | PodTemplate[];

/** A map's entry for `key`, made by `make` when absent. */
function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/**
 * The objects of the input, indexed by namespace and kind. Maps nest (namespace, then kind, then
 * name; namespace, then label key, then value) rather than take joined keys, so that no key
 * string is made per object: the keys are the objects' own strings.
 */
export class ObjectIndex {
  readonly templates: PodTemplate[] = [];
  /** The objects of each namespace by kind, then by name. */
  private readonly kinds = new Map<string, Map<string, Map<string, SourceObject>>>();
  /** The NetworkPolicies of each namespace, in input order (of other kinds, rules look up names). */
  private readonly policies = new Map<string, SourceObject[]>();
  private readonly templatesByNamespace = new Map<string, PodTemplate[]>();
  /** Templates by namespace, label key and value, in input order: selectors look up candidates. */
  private readonly templatesByLabel = new Map<
    string,
    Map<string, Map<string, LabelledTemplates>>
  >();

  constructor(input: CheckInput) {
    const newKinds = (): Map<string, Map<string, SourceObject>> => new Map();
    const newNames = (): Map<string, SourceObject> => new Map();
    for (const source of input.objects) {
      const namespace = namespaceOf(source, input.options.defaultNamespace);
      const kind = kindOf(source);
      const byName = entryOf(entryOf(this.kinds, namespace, newKinds), kind, newNames);
      // The last object of a name wins, as when `kubectl apply` meets a duplicate.
      byName.set(nameOf(source), source);
      if (kind === 'NetworkPolicy') {
        entryOf(this.policies, namespace, (): SourceObject[] => []).push(source);
      }
      const template = podTemplateOf(source, input.options.defaultNamespace);
      if (template !== undefined && template.kind !== 'PodTemplate') this.addTemplate(template);
    }
  }

  private addTemplate(template: PodTemplate): void {
    this.templates.push(template);
    entryOf(this.templatesByNamespace, template.namespace, (): PodTemplate[] => []).push(template);
    const byKey = entryOf(
      this.templatesByLabel,
      template.namespace,
      () => new Map<string, Map<string, LabelledTemplates>>(),
    );
    for (const [key, value] of Object.entries(podLabels(template))) {
      const byValue = entryOf(byKey, key, () => new Map<string, LabelledTemplates>());
      const labelled = byValue.get(value);
      if (labelled === undefined) byValue.set(value, template);
      else if (Array.isArray(labelled)) labelled.push(template);
      else byValue.set(value, [labelled, template]);
    }
  }

  /** The NetworkPolicies of a namespace (of any API group), in input order. */
  networkPolicies(namespace: string): SourceObject[] {
    return this.policies.get(namespace) ?? [];
  }

  /** The named object, or undefined. */
  find(namespace: string, kind: string, name: string): SourceObject | undefined {
    return this.kinds.get(namespace)?.get(kind)?.get(name);
  }

  /** True when the input manages objects of this kind in this namespace. */
  manages(namespace: string, kind: string): boolean {
    return (this.kinds.get(namespace)?.get(kind)?.size ?? 0) > 0;
  }

  templatesIn(namespace: string): PodTemplate[] {
    return this.templatesByNamespace.get(namespace) ?? [];
  }

  /**
   * The templates of a namespace that may match a selector requiring `labels`, in input order:
   * those carrying its rarest label pair, or all of them when it requires none. Callers still
   * match each candidate in full; the lookup keeps a namespace's Services, budgets and policies
   * from each scanning every template of it.
   */
  candidates(namespace: string, labels: Readonly<Record<string, string>>): PodTemplate[] {
    let best: LabelledTemplates | undefined;
    for (const [key, value] of Object.entries(labels)) {
      const withLabel = this.templatesByLabel.get(namespace)?.get(key)?.get(value) ?? [];
      if (best === undefined || countOf(withLabel) < countOf(best)) best = withLabel;
    }
    if (best === undefined) return this.templatesIn(namespace);
    return Array.isArray(best) ? best : [best];
  }
}

function countOf(templates: LabelledTemplates): number {
  return Array.isArray(templates) ? templates.length : 1;
}

/** Labels whose values are not all strings, without those: made once per template. */
const labelCache = new WeakMap<PodTemplate, Readonly<Record<string, string>>>();

/**
 * A template's labels (of string values): every Service, PDB and policy of the namespace asks for
 * them. Labels are almost always all strings: those are the template's own (read-only) record,
 * with nothing copied or kept per template.
 */
export function podLabels(template: PodTemplate): Readonly<Record<string, string>> {
  const labels = recordAt(template.metadata, 'labels');
  if (labels === undefined) return NO_LABELS;
  if (Object.values(labels).every((value) => typeof value === 'string')) {
    return labels as Readonly<Record<string, string>>;
  }
  let strings = labelCache.get(template);
  if (strings === undefined) {
    strings = stringMapAt(template.metadata, 'labels');
    labelCache.set(template, strings);
  }
  return strings;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});
