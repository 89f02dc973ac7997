import type { SourceObject } from '../../manifest/source-object.js';
import { type CheckInput, type Finding, type RuleFamily } from '../finding.js';
import { type PodTemplate, groupOf, kindOf, namespaceOf, podTemplateOf } from '../pod-templates.js';
import { FAMILY, RULES } from './istio-rules.js';
import { type Context } from './istio-context.js';
import { checkVirtualServices } from './virtual-services.js';
import { checkDestinationRules } from './destination-rules.js';
import {
  checkGatewaySecrets,
  checkServicePorts,
  checkAuthorizationPolicies,
} from './gateway-and-policy.js';

/** Checks the Istio configuration of the input. */
export function checkIstio(input: CheckInput): Finding[] {
  const ns = (o: SourceObject): string => namespaceOf(o, input.options.defaultNamespace);
  const of = (kind: string, group: string): SourceObject[] =>
    input.objects.filter((o) => kindOf(o) === kind && groupOf(o) === group);
  const templates = input.objects
    .map((o) => podTemplateOf(o, input.options.defaultNamespace))
    .filter((t): t is PodTemplate => t !== undefined && t.kind !== 'PodTemplate');
  const ctx: Context = { input, ns, of, templates };
  const usesIstio = input.objects.some((o) => groupOf(o).endsWith('.istio.io'));
  if (!usesIstio) return [];
  const out: Finding[] = [];
  checkVirtualServices(ctx, out);
  checkDestinationRules(ctx, out);
  checkGatewaySecrets(ctx, out);
  checkServicePorts(ctx, out);
  checkAuthorizationPolicies(ctx, out);
  return out;
}

/** The Istio family. */
export const istioFamily: RuleFamily = { name: FAMILY, rules: RULES, check: checkIstio };
