import type { SourceObject } from '../../manifest/source-object.js';
import { type CheckInput } from '../finding.js';
import { stringMapAt } from '../../kube/field-access.js';
import { type PodTemplate, kindOf, nameOf, namespaceOf, podTemplateOf } from '../pod-templates.js';

/** The objects of the input, indexed by namespace and kind. */
export class ObjectIndex {
  readonly templates: PodTemplate[] = [];
  private readonly byKey = new Map<string, SourceObject[]>();
  private readonly templatesByNamespace = new Map<string, PodTemplate[]>();
  /**
   * Objects by namespace and kind, then by name. Two levels, so that the keys of the inner maps
   * are the objects' own name strings: a large input has hundreds of thousands of names.
   */
  private readonly byName = new Map<string, Map<string, SourceObject>>();
  /**
   * Templates by namespace and label key, then by label value, in input order: selectors look
   * up candidates.
   */
  private readonly templatesByLabel = new Map<string, Map<string, PodTemplate[]>>();

  constructor(input: CheckInput) {
    for (const source of input.objects) {
      const namespace = namespaceOf(source, input.options.defaultNamespace);
      const key = `${namespace}/${kindOf(source)}`;
      const list = this.byKey.get(key) ?? [];
      list.push(source);
      this.byKey.set(key, list);
      const names = this.byName.get(key) ?? new Map<string, SourceObject>();
      // The last object of a name wins, as when `kubectl apply` meets a duplicate.
      names.set(nameOf(source), source);
      this.byName.set(key, names);
      const template = podTemplateOf(source, input.options.defaultNamespace);
      if (template !== undefined && template.kind !== 'PodTemplate') {
        this.templates.push(template);
        const inNamespace = this.templatesByNamespace.get(template.namespace) ?? [];
        inNamespace.push(template);
        this.templatesByNamespace.set(template.namespace, inNamespace);
        for (const [key, value] of Object.entries(podLabels(template))) {
          const labelKey = namespacedLabelKey(template.namespace, key);
          let byValue = this.templatesByLabel.get(labelKey);
          if (byValue === undefined) {
            byValue = new Map();
            this.templatesByLabel.set(labelKey, byValue);
          }
          const withLabel = byValue.get(value);
          if (withLabel === undefined) byValue.set(value, [template]);
          else withLabel.push(template);
        }
      }
    }
  }

  /** Objects of a kind in a namespace. */
  list(namespace: string, kind: string): SourceObject[] {
    return this.byKey.get(`${namespace}/${kind}`) ?? [];
  }

  /** The named object, or undefined. */
  find(namespace: string, kind: string, name: string): SourceObject | undefined {
    return this.byName.get(`${namespace}/${kind}`)?.get(name);
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
      const withLabel =
        this.templatesByLabel.get(namespacedLabelKey(namespace, key))?.get(value) ?? [];
      if (best === undefined || withLabel.length < best.length) best = withLabel;
    }
    return best ?? this.templatesIn(namespace);
  }
}

function namespacedLabelKey(namespace: string, key: string): string {
  return `${namespace}\0${key}`;
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
