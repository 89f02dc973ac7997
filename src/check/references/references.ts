import { type CheckInput, type Finding, type RuleFamily } from '../finding.js';
import { isRecord } from '../../kube/field-access.js';
import { groupOf, kindOf, namespaceOf } from '../pod-templates.js';
import { FAMILY, RULES } from './references-rules.js';
import { ObjectIndex } from './object-index.js';
import { checkService, checkIngress, checkHttpRoute } from './service-references.js';
import { checkObjectRefs } from './config-references.js';
import { checkPdb, checkHpa, checkNetworkPolicies } from './policy-references.js';

/** The kinds whose references to other objects are checked one by one. */
const CHECKED_KINDS = new Set([
  'Service',
  'Ingress',
  'HTTPRoute',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
]);

/** Checks the references between the objects of the input. */
export function checkReferences(input: CheckInput): Finding[] {
  return [...referenceFindings(input)];
}

/** The findings of {@link checkReferences}, handed over object by object as they are found. */
function* referenceFindings(input: CheckInput): Generator<Finding> {
  const index = new ObjectIndex(input);
  const out: Finding[] = [];
  const namespaces = new Set<string>();
  for (const source of input.objects) {
    if (!isRecord(source.object.metadata)) continue;
    const ns = namespaceOf(source, input.options.defaultNamespace);
    namespaces.add(ns);
    const kind = kindOf(source);
    // Most objects are of none of these kinds: only those pay for their group.
    if (!CHECKED_KINDS.has(kind)) continue;
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
    yield* out;
    out.length = 0;
  }
  for (const template of index.templates) {
    checkObjectRefs(template, index, out);
    yield* out;
    out.length = 0;
  }
  checkNetworkPolicies(index, namespaces, out);
  yield* out;
}

/** The cross-references family. */
export const referencesFamily: RuleFamily = {
  name: FAMILY,
  rules: RULES,
  check: referenceFindings,
};
