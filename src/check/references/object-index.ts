import type { SourceObject } from '../../manifest/source-object.js';
import { type CheckInput } from '../finding.js';
import { stringMapAt } from '../../kube/field-access.js';
import { type PodTemplate, kindOf, nameOf, namespaceOf, podTemplateOf } from '../pod-templates.js';

/** The objects of one kind in one namespace, in input order and by name. */
interface KindEntry {
  readonly objects: SourceObject[];
  readonly byName: Map<string, SourceObject>;
}

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
  private readonly kinds = new Map<string, Map<string, KindEntry>>();
  private readonly templatesByNamespace = new Map<string, PodTemplate[]>();
  /** Templates by namespace, label key and value, in input order: selectors look up candidates. */
  private readonly templatesByLabel = new Map<string, Map<string, Map<string, PodTemplate[]>>>();

  constructor(input: CheckInput) {
    const newKinds = (): Map<string, KindEntry> => new Map();
    const newEntry = (): KindEntry => ({ objects: [], byName: new Map() });
    for (const source of input.objects) {
      const namespace = namespaceOf(source, input.options.defaultNamespace);
      const entry = entryOf(entryOf(this.kinds, namespace, newKinds), kindOf(source), newEntry);
      entry.objects.push(source);
      // The last object of a name wins, as when `kubectl apply` meets a duplicate.
      entry.byName.set(nameOf(source), source);
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
      () => new Map<string, Map<string, PodTemplate[]>>(),
    );
    for (const [key, value] of Object.entries(podLabels(template))) {
      const byValue = entryOf(byKey, key, () => new Map<string, PodTemplate[]>());
      entryOf(byValue, value, (): PodTemplate[] => []).push(template);
    }
  }

  /** Objects of a kind in a namespace. */
  list(namespace: string, kind: string): SourceObject[] {
    return this.kinds.get(namespace)?.get(kind)?.objects ?? [];
  }

  /** The named object, or undefined. */
  find(namespace: string, kind: string, name: string): SourceObject | undefined {
    return this.kinds.get(namespace)?.get(kind)?.byName.get(name);
  }

  /** True when the input manages objects of this kind in this namespace. */
  manages(namespace: string, kind: string): boolean {
    return this.list(namespace, kind).length > 0;
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
    let best: PodTemplate[] | undefined;
    for (const [key, value] of Object.entries(labels)) {
      const withLabel = this.templatesByLabel.get(namespace)?.get(key)?.get(value) ?? [];
      if (best === undefined || withLabel.length < best.length) best = withLabel;
    }
    return best ?? this.templatesIn(namespace);
  }
}

const labelCache = new WeakMap<PodTemplate, Readonly<Record<string, string>>>();

/** A template's labels, read once: every Service, PDB and policy of the namespace asks for them. */
export function podLabels(template: PodTemplate): Readonly<Record<string, string>> {
  let labels = labelCache.get(template);
  if (labels === undefined) {
    labels = stringMapAt(template.metadata, 'labels');
    labelCache.set(template, labels);
  }
  return labels;
}
