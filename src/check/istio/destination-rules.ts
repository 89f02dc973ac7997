import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import { type Finding, findingFor } from '../finding.js';
import { arrayAt, recordAt, stringAt, stringMapAt } from '../../kube/field-access.js';
import { labelMapMatches, labelSelectorMatches } from '../../kube/label-selector.js';
import { nameOf } from '../pod-templates.js';
import { SUBSET_NO_PODS, MTLS_CONFLICT } from './istio-rules.js';
import { resolveHost, serviceOfHost } from './istio-hosts.js';
import { type Context, subsetsOf } from './istio-context.js';

/** The Service objects a host of a rule in namespace `ns` points to. */
function serviceFor(ctx: Context, host: string, ns: string): SourceObject | undefined {
  const svc = serviceOfHost(resolveHost(host, ns));
  if (svc === undefined) return undefined;
  return ctx.of('Service', '').find((s) => nameOf(s) === svc.name && ctx.ns(s) === svc.namespace);
}

/** DestinationRules: subsets that select no pods, TLS settings that contradict the mesh's mTLS. */
export function checkDestinationRules(ctx: Context, out: Finding[]): void {
  const peerAuths = ctx.of('PeerAuthentication', 'security.istio.io');
  for (const dr of ctx.of('DestinationRule', 'networking.istio.io')) {
    const ns = ctx.ns(dr);
    const spec = recordAt(dr.object, 'spec');
    const host = stringAt(spec, 'host') ?? '';
    const service = serviceFor(ctx, host, ns);
    const selector = stringMapAt(recordAt(service?.object, 'spec'), 'selector');
    if (service !== undefined && Object.keys(selector).length > 0) {
      const serviceNs = ctx.ns(service);
      const pods = ctx.templates.filter((t) => t.namespace === serviceNs);
      if (pods.length > 0) {
        subsetsOf(dr).forEach((subset, i) => {
          const labels = { ...selector, ...stringMapAt(subset, 'labels') };
          if (pods.some((t) => labelMapMatches(labels, stringMapAt(t.metadata, 'labels')))) return;
          out.push(
            findingFor(
              dr,
              SUBSET_NO_PODS,
              `subset "${stringAt(subset, 'name') ?? ''}" (labels ${JSON.stringify(stringMapAt(subset, 'labels'))}) selects no pod of Service "${nameOf(service)}"`,
              'Make the subset labels match the pod template labels of one version of the workload.',
              ['spec', 'subsets', i, 'labels'],
            ),
          );
        });
      }
    }
    const disabling: FieldPath[] = [];
    const policy = recordAt(spec, 'trafficPolicy');
    if (stringAt(recordAt(policy, 'tls'), 'mode') === 'DISABLE')
      disabling.push(['spec', 'trafficPolicy', 'tls', 'mode']);
    arrayAt(policy, 'portLevelSettings').forEach((p, i) => {
      if (stringAt(recordAt(p, 'tls'), 'mode') === 'DISABLE') {
        disabling.push(['spec', 'trafficPolicy', 'portLevelSettings', i, 'tls', 'mode']);
      }
    });
    subsetsOf(dr).forEach((s, i) => {
      if (stringAt(recordAt(recordAt(s, 'trafficPolicy'), 'tls'), 'mode') === 'DISABLE') {
        disabling.push(['spec', 'subsets', i, 'trafficPolicy', 'tls', 'mode']);
      }
    });
    if (disabling.length === 0) continue;
    const target = serviceOfHost(resolveHost(host, ns));
    if (target === undefined) continue;
    const strict = peerAuths.find((pa) => {
      if (stringAt(recordAt(recordAt(pa.object, 'spec'), 'mtls'), 'mode') !== 'STRICT')
        return false;
      const paSelector = recordAt(recordAt(pa.object, 'spec'), 'selector');
      const paNs = ctx.ns(pa);
      if (paSelector === undefined || Object.keys(paSelector).length === 0) {
        return paNs === 'istio-system' || paNs === target.namespace;
      }
      return (
        paNs === target.namespace &&
        Object.keys(selector).length > 0 &&
        labelSelectorMatches(paSelector, selector)
      );
    });
    if (strict === undefined) continue;
    for (const field of disabling) {
      out.push(
        findingFor(
          dr,
          MTLS_CONFLICT,
          `tls.mode DISABLE for host "${host}", but PeerAuthentication "${ctx.ns(strict)}/${nameOf(strict)}" requires STRICT mTLS there: every request is refused`,
          'Use tls.mode ISTIO_MUTUAL (or remove the tls setting), or relax the PeerAuthentication to PERMISSIVE for that port.',
          field,
        ),
      );
    }
  }
}
