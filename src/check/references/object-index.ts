import type { SourceObject } from '../../manifest/source-object.js';
import { type CheckInput } from '../finding.js';
import { stringMapAt } from '../../kube/field-access.js';
import { type PodTemplate, kindOf, nameOf, namespaceOf, podTemplateOf } from '../pod-templates.js';

/** The objects of the input, indexed by namespace and kind. */
export class ObjectIndex {
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
export function podLabels(template: PodTemplate): Readonly<Record<string, string>> {
  let labels = labelCache.get(template);
  if (labels === undefined) {
    labels = stringMapAt(template.metadata, 'labels');
    labelCache.set(template, labels);
  }
  return labels;
}
