import { type Finding, findingFor } from '../finding.js';
import {
  arrayAt,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import { labelMapMatches } from '../../kube/label-selector.js';
import { nameOf } from '../pod-templates.js';
import { TLS_SECRET_NAMESPACE, PORT_PROTOCOL, AUTHZ_DENY_ALL } from './istio-rules.js';
import { portProtocolKnown } from './istio-hosts.js';
import { type Context, groupBy } from './istio-context.js';

/** Gateway TLS credentials that are not in the namespace of the gateway's pods. */
export function checkGatewaySecrets(ctx: Context, out: Finding[]): void {
  const secretsByName = groupBy(ctx.of('Secret', ''), nameOf);
  // Gateways mostly share a selector: the workloads of each distinct one are found once, not
  // once per gateway over every pod template of the input.
  const workloadNsBySelector = new Map<string, string[]>();
  for (const gw of ctx.of('Gateway', 'networking.istio.io')) {
    const selector = stringMapAt(recordAt(gw.object, 'spec'), 'selector');
    const key = JSON.stringify(selector);
    let namespaces = workloadNsBySelector.get(key);
    if (namespaces === undefined) {
      const workloads = ctx.templates.filter(
        (t) =>
          Object.keys(selector).length > 0 &&
          labelMapMatches(selector, stringMapAt(t.metadata, 'labels')),
      );
      namespaces = [
        ...new Set(workloads.length > 0 ? workloads.map((t) => t.namespace) : ['istio-system']),
      ];
      workloadNsBySelector.set(key, namespaces);
    }
    const workloadNs = namespaces;
    arrayAt(recordAt(gw.object, 'spec'), 'servers').forEach((server, i) => {
      const credential = stringAt(recordAt(server, 'tls'), 'credentialName');
      if (credential === undefined) return;
      const found = secretsByName.get(credential) ?? [];
      if (found.length === 0 || found.some((s) => workloadNs.includes(ctx.ns(s)))) return;
      out.push(
        findingFor(
          gw,
          TLS_SECRET_NAMESPACE,
          `credentialName "${credential}" is a Secret in namespace ${found.map((s) => `"${ctx.ns(s)}"`).join(', ')}, but the gateway workload runs in ${workloadNs.map((n) => `"${n}"`).join(', ')}, where it is looked up`,
          `Create the Secret in namespace ${workloadNs[0] ?? 'istio-system'} (the gateway deployment's namespace).`,
          ['spec', 'servers', i, 'tls', 'credentialName'],
        ),
      );
    });
  }
}

/** Service ports whose protocol Istio cannot tell. */
export function checkServicePorts(ctx: Context, out: Finding[]): void {
  for (const service of ctx.of('Service', '')) {
    if (stringAt(recordAt(service.object, 'spec'), 'type') === 'ExternalName') continue;
    arrayAt(recordAt(service.object, 'spec'), 'ports').forEach((port, i) => {
      if (portProtocolKnown(port)) return;
      const name = stringAt(port, 'name');
      out.push(
        findingFor(
          service,
          PORT_PROTOCOL,
          `port ${String(numberAt(port, 'port'))}${name === undefined ? ' has no name' : ` is named "${name}"`} and has no appProtocol: Istio cannot tell its protocol`,
          'Set appProtocol (http, http2, grpc, tcp, tls, …) on the port, or name it <protocol>[-<suffix>], e.g. http-web.',
          ['spec', 'ports', i],
        ),
      );
    });
  }
}

/** DENY policies with an empty rule, which deny every request. */
export function checkAuthorizationPolicies(ctx: Context, out: Finding[]): void {
  for (const policy of ctx.of('AuthorizationPolicy', 'security.istio.io')) {
    const spec = recordAt(policy.object, 'spec');
    if (stringAt(spec, 'action') !== 'DENY') continue;
    arrayAt(spec, 'rules').forEach((r, i) => {
      const empty =
        isRecord(r) &&
        arrayAt(r, 'from').length === 0 &&
        arrayAt(r, 'to').length === 0 &&
        arrayAt(r, 'when').length === 0;
      if (!empty) return;
      out.push(
        findingFor(
          policy,
          AUTHZ_DENY_ALL,
          'action DENY with an empty rule denies every request, and DENY is evaluated before ALLOW: no ALLOW policy can open anything in its scope',
          'For a default deny, use an ALLOW policy without rules (spec: {}) and add ALLOW policies for what must pass.',
          ['spec', 'rules', i],
        ),
      );
    });
  }
}
