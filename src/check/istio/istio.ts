import type { SourceObject } from '../../manifest/source-object.js';
import { type CheckInput, type Finding, type RuleFamily } from '../finding.js';
import { type PodTemplate, groupOf, kindOf, namespaceOf, podTemplateOf } from '../pod-templates.js';
import { FAMILY, RULES } from './istio-rules.js';
import { type Context, groupBy } from './istio-context.js';
import { checkVirtualServices } from './virtual-services.js';
import { checkDestinationRules } from './destination-rules.js';
import {
  checkGatewaySecrets,
  checkServicePorts,
  checkAuthorizationPolicies,
} from './gateway-and-policy.js';

/** Checks the Istio configuration of the input. */
export function checkIstio(input: CheckInput): Finding[] {
  return [...istioFindings(input)];
}

/** The findings of {@link checkIstio}, handed over check by check. */
function* istioFindings(input: CheckInput): Generator<Finding> {
  const usesIstio = input.objects.some((o) => groupOf(o).endsWith('.istio.io'));
  if (!usesIstio) return;
  const { defaultNamespace } = input.options;
  const ns = (o: SourceObject): string => namespaceOf(o, defaultNamespace);
  // The objects by kind, in input order: each check asks for a few kinds.
  const byKind = groupBy(input.objects, kindOf);
  const found = new Map<string, readonly SourceObject[]>();
  const of = (kind: string, group: string): readonly SourceObject[] => {
    const key = `${group}/${kind}`;
    let list = found.get(key);
    if (list === undefined) {
      list = (byKind.get(kind) ?? []).filter((o) => groupOf(o) === group);
      found.set(key, list);
    }
    return list;
  };
  let templates: readonly PodTemplate[] | undefined;
  const ctx: Context = {
    input,
    ns,
    of,
    // Only DestinationRules and Gateways look at pods: most inputs never need the list.
    get templates() {
      templates ??= input.objects
        .map((o) => podTemplateOf(o, defaultNamespace))
        .filter((t): t is PodTemplate => t !== undefined && t.kind !== 'PodTemplate');
      return templates;
    },
  };
  const checks = [
    checkVirtualServices,
    checkDestinationRules,
    checkGatewaySecrets,
    checkServicePorts,
    checkAuthorizationPolicies,
  ];
  const out: Finding[] = [];
  for (const check of checks) {
    check(ctx, out);
    yield* out;
    out.length = 0;
  }
}

/** The Istio family. */
export const istioFamily: RuleFamily = { name: FAMILY, rules: RULES, check: istioFindings };
