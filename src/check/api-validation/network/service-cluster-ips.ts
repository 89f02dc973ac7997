/**
 * The Service checks the API server runs while it allocates cluster IPs and node ports, before
 * the rest of its validation: when one of them fails, the API server reports only that.
 */
import { arrayAt, isRecord, type JsonRecord } from '../../../kube/field-access.js';
import { type FieldError, duplicate, invalid, notSupported } from '../field-errors.js';
import { isIpAddress, isIpv6Address, validateLegacyIp } from '../shared/network-addresses.js';

const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

/** What the allocation checks read of a Service, defaulted as the API server does. */
export interface ClusterIpView {
  readonly spec: JsonRecord;
  readonly type: unknown;
  readonly ports: readonly unknown[];
  /** The clusterIPs after the API server filled them from clusterIP. */
  readonly clusterIPs: readonly unknown[];
  readonly headless: boolean;
  readonly strictIps: boolean;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function validateFamilies(spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<unknown>();
  arrayAt(spec, 'ipFamilies').forEach((family, i) => {
    if (typeof family === 'string' && !IP_FAMILIES.includes(family)) {
      errs.push(notSupported(['spec', 'ipFamilies', i], family, IP_FAMILIES));
    }
    if (seen.has(family)) errs.push(duplicate(['spec', 'ipFamilies', i], family));
    seen.add(family);
  });
  const policy = spec['ipFamilyPolicy'];
  if (typeof policy === 'string' && !IP_FAMILY_POLICIES.includes(policy)) {
    errs.push(notSupported(['spec', 'ipFamilyPolicy'], policy, IP_FAMILY_POLICIES));
  }
  return errs;
}

function validateIpList(view: ClusterIpView): { errs: FieldError[]; bad: boolean } {
  const errs: FieldError[] = [];
  let bad = false;
  const ips = view.clusterIPs;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        bad = true;
        errs.push(invalid(['spec', 'clusterIPs'], ips, "'None' must be the first and only value"));
      }
      return;
    }
    const ipErrs = validateLegacyIp(str(ip), ['spec', 'clusterIPs', i], view.strictIps);
    if (ipErrs.length > 0) bad = true;
    errs.push(...ipErrs);
  });
  if (ips.length > 2)
    errs.push(invalid(['spec', 'clusterIPs'], ips, 'may only hold up to 2 values'));
  return { errs, bad };
}

function validateFamilyMatch(view: ClusterIpView): FieldError[] {
  const errs: FieldError[] = [];
  const ips = view.clusterIPs.map(str);
  if (ips.length > 1) {
    const v6 = ips.filter((ip) => isIpv6Address(ip)).length;
    if (ips.length !== 2 || v6 !== 1) {
      errs.push(
        invalid(['spec', 'clusterIPs'], ips, 'may specify no more than one IP for each IP family'),
      );
    }
  }
  const families = arrayAt(view.spec, 'ipFamilies');
  if (view.headless) return errs;
  ips.forEach((ip, i) => {
    const family = families[i];
    if (family === 'IPv4' && isIpv6Address(ip)) {
      errs.push(
        invalid(
          ['spec', 'clusterIPs', i],
          ip,
          `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
        ),
      );
    }
    if (family === 'IPv6' && isIpAddress(ip) && !isIpv6Address(ip)) {
      errs.push(
        invalid(
          ['spec', 'clusterIPs', i],
          ip,
          `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
        ),
      );
    }
  });
  return errs;
}

/** `ValidateServiceClusterIPsRelatedFields`: clusterIP, clusterIPs, ipFamilies, ipFamilyPolicy. */
export function validateClusterIpFields(view: ClusterIpView): FieldError[] {
  if (view.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const clusterIP = str(view.spec['clusterIP']);
  const given = arrayAt(view.spec, 'clusterIPs');
  if (clusterIP !== '') {
    if (given.length > 0 && given[0] !== clusterIP) {
      errs.push(invalid(['spec', 'clusterIPs'], given, 'first value must match `clusterIP`'));
    }
  } else if (given.length > 0) {
    errs.push(
      invalid(['spec', 'clusterIPs'], given, 'must be empty when `clusterIP` is not specified'),
    );
  }
  errs.push(...validateFamilies(view.spec));
  const list = validateIpList(view);
  errs.push(...list.errs);
  if (list.bad) return errs;
  errs.push(...validateFamilyMatch(view));
  return errs;
}

/** A single-stack Service (the default) may not name two cluster IPs or two IP families. */
export function validateSingleStack(view: ClusterIpView): FieldError[] {
  if (view.type === 'ExternalName') return [];
  let policy = view.spec['ipFamilyPolicy'];
  if (policy === undefined || policy === null) {
    const selector = view.spec['selector'];
    const noSelector = !isRecord(selector) || Object.keys(selector).length === 0;
    policy =
      str(view.spec['clusterIP']) === 'None' && noSelector ? 'RequireDualStack' : 'SingleStack';
  }
  if (policy !== 'SingleStack') return [];
  const errs: FieldError[] = [];
  const must = "must be 'RequireDualStack' or 'PreferDualStack' when multiple";
  if (view.clusterIPs.length === 2) {
    errs.push(invalid(['spec', 'ipFamilyPolicy'], policy, `${must} cluster IPs are specified`));
  }
  if (arrayAt(view.spec, 'ipFamilies').length === 2) {
    errs.push(invalid(['spec', 'ipFamilyPolicy'], policy, `${must} IP families are specified`));
  }
  return errs;
}

/**
 * Node ports asked for twice: the allocator refuses the second request. Ports with the same
 * port number share one node port, so `80/TCP` and `80/UDP` may both ask for 30080. (A dry run
 * does not check the cluster's node port range.)
 */
export function validateNodePortAllocation(view: ClusterIpView): FieldError[] {
  if (view.type !== 'NodePort' && view.type !== 'LoadBalancer') return [];
  const byPort = new Map<unknown, number>();
  const taken = new Set<number>();
  for (const [i, port] of view.ports.entries()) {
    if (!isRecord(port)) continue;
    const nodePort = typeof port['nodePort'] === 'number' ? port['nodePort'] : 0;
    const known = byPort.get(port['port']);
    let want = nodePort;
    if (known === undefined) {
      // The first node port asked for by any entry of this port number.
      for (const other of view.ports) {
        if (want !== 0) break;
        if (
          isRecord(other) &&
          other['port'] === port['port'] &&
          typeof other['nodePort'] === 'number'
        ) {
          want = other['nodePort'];
        }
      }
    } else if (nodePort === 0 || nodePort === known) continue;
    if (want === 0) {
      // The allocator picks a free node port for this port number.
      byPort.set(port['port'], -1);
      continue;
    }
    if (taken.has(want)) {
      return [
        invalid(['spec', 'ports', i, 'nodePort'], want, 'provided port is already allocated'),
      ];
    }
    taken.add(want);
    if (known === undefined) byPort.set(port['port'], want);
  }
  return [];
}
