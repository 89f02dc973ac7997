/**
 * The Service rules of the API server (`validateService` of the core API), applied to the object
 * as the API server sees it after its defaults: an absent type is ClusterIP, an absent session
 * affinity None, an absent protocol TCP, an absent or zero target port the port itself.
 */
import { arrayAt, isRecord, type JsonRecord, recordAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import {
  type FieldError,
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../field-errors.js';
import type { KindValidator, ValidationContext } from '../kind-validator.js';
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  qualifiedNameProblems,
} from '../shared/name-rules.js';
import { duplicatePrinted } from '../shared/network-field-errors.js';
import {
  strictIpValidation,
  validateLegacyCidr,
  validateLegacyIp,
} from '../shared/network-addresses.js';
import { validateLabels } from '../shared/selector.js';
import { portNameProblems, portNumberProblems, validateProtocol } from '../shared/ports.js';
import {
  type ClusterIpView,
  validateClusterIpFields,
  validateNodePortAllocation,
  validateSingleStack,
} from './service-cluster-ips.js';
import { validateServiceTraffic } from './service-traffic.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const MAX_AFFINITY_SECONDS = 86400;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Absent and empty both take the API server's default. */
function defaulted(value: unknown, fallback: string): unknown {
  return value === undefined || value === '' ? fallback : value;
}

function viewOf(spec: JsonRecord, context: ValidationContext): ClusterIpView {
  // The API server fills clusterIPs from clusterIP when only the latter is given.
  let clusterIPs = arrayAt(spec, 'clusterIPs');
  const clusterIP = str(spec['clusterIP']);
  if (clusterIPs.length === 0 && clusterIP !== '') clusterIPs = [clusterIP];
  return {
    spec,
    type: defaulted(spec['type'], 'ClusterIP'),
    ports: arrayAt(spec, 'ports'),
    clusterIPs,
    headless: clusterIPs[0] === 'None',
    strictIps: strictIpValidation(context.kubeVersion),
  };
}

function validateTypeRules(view: ClusterIpView): FieldError[] {
  const { spec, type } = view;
  const errs: FieldError[] = [];
  if (view.ports.length === 0 && !view.headless && type !== 'ExternalName') {
    errs.push(required(['spec', 'ports']));
  }
  if ((type === 'LoadBalancer' || type === 'NodePort') && view.headless) {
    errs.push(
      invalid(['spec', 'clusterIPs', 0], 'None', `may not be set to 'None' for ${type} services`),
    );
  }
  if (type === 'ExternalName') {
    const notFor = 'may not be set for ExternalName services';
    if (view.clusterIPs.length > 0) errs.push(forbidden(['spec', 'clusterIPs'], notFor));
    if (arrayAt(spec, 'ipFamilies').length > 0) {
      errs.push(forbidden(['spec', 'ipFamilies'], notFor));
    }
    if (spec['ipFamilyPolicy'] != null) errs.push(forbidden(['spec', 'ipFamilyPolicy'], notFor));
    // A trailing dot marks a fully qualified CNAME.
    const cname = str(spec['externalName']).replace(/\.$/, '');
    if (cname === '') errs.push(required(['spec', 'externalName']));
    else {
      for (const msg of dns1123SubdomainProblems(cname)) {
        errs.push(invalid(['spec', 'externalName'], cname, msg));
      }
    }
  }
  if (typeof type === 'string' && !SERVICE_TYPES.includes(type)) {
    errs.push(notSupported(['spec', 'type'], type, SERVICE_TYPES));
  }
  return errs;
}

/** Errors of `spec.ports[index]`; paths are made only for errors found. */
function validatePort(
  port: unknown,
  index: number,
  requireName: boolean,
  names: Set<string>,
): FieldError[] {
  if (!isRecord(port)) return [];
  const errs: FieldError[] = [];
  const path: FieldPath = ['spec', 'ports', index];
  const name = str(port['name']);
  if (requireName && name === '') errs.push(required([...path, 'name']));
  else if (name !== '') {
    for (const msg of dns1123LabelProblems(name)) errs.push(invalid([...path, 'name'], name, msg));
    if (names.has(name)) errs.push(duplicate([...path, 'name'], name));
    names.add(name);
  }
  const number = port['port'];
  if (typeof number === 'number') {
    for (const msg of portNumberProblems(number))
      errs.push(invalid([...path, 'port'], number, msg));
  }
  const protocol = port['protocol'] === '' ? undefined : port['protocol'];
  if (protocol !== undefined) errs.push(...validateProtocol(protocol, [...path, 'protocol']));
  const target = port['targetPort'];
  if (target !== 0 && target !== '') {
    const problems =
      typeof target === 'number'
        ? portNumberProblems(target)
        : typeof target === 'string'
          ? portNameProblems(target)
          : [];
    for (const msg of problems) errs.push(invalid([...path, 'targetPort'], target, msg));
  }
  const appProtocol = port['appProtocol'];
  if (typeof appProtocol === 'string') {
    for (const msg of qualifiedNameProblems(appProtocol)) {
      errs.push(invalid([...path, 'appProtocol'], appProtocol, msg));
    }
  }
  return errs;
}

function validateAffinity(spec: JsonRecord): FieldError[] {
  const affinity = defaulted(spec['sessionAffinity'], 'None');
  if (typeof affinity !== 'string') return [];
  if (!AFFINITIES.includes(affinity)) {
    return [notSupported(['spec', 'sessionAffinity'], affinity, AFFINITIES)];
  }
  const config = spec['sessionAffinityConfig'];
  if (affinity === 'None') {
    // The API server's defaults drop a config given with affinity None.
    return [];
  }
  const seconds = recordAt(config, 'clientIP')?.['timeoutSeconds'];
  if (typeof seconds !== 'number' || (seconds > 0 && seconds <= MAX_AFFINITY_SECONDS)) return [];
  return [
    invalid(
      ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'],
      seconds,
      `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`,
    ),
  ];
}

function validateExternalIps(spec: JsonRecord, strict: boolean): FieldError[] {
  const errs: FieldError[] = [];
  arrayAt(spec, 'externalIPs').forEach((ip, i) => {
    const path: FieldPath = ['spec', 'externalIPs', i];
    const syntax = validateLegacyIp(str(ip), path, strict);
    errs.push(...(syntax.length > 0 ? syntax : validateEndpointIp(str(ip), path)));
  });
  return errs;
}

/** The ranges an external IP may not fall in (`ValidateEndpointIP`). */
function validateEndpointIp(ip: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const lower = ip.toLowerCase();
  const v4 = lower.replace(/^::ffff:/, '');
  const first = Number(v4.split('.')[0]);
  const isV4 = /^[0-9.]+$/.test(v4);
  if (isV4 ? /^0+\.0+\.0+\.0+$/.test(v4) : /^[0:]+$/.test(lower)) {
    errs.push(invalid(path, ip, `may not be unspecified (${ip})`));
  }
  if (isV4 ? first === 127 : /^(0*:)*:?0*1$/.test(lower) && lower.includes('::')) {
    errs.push(invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  }
  if (isV4 ? v4.startsWith('169.254.') : /^fe[89ab][0-9a-f]?:/.test(lower)) {
    errs.push(invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  }
  if (isV4 ? /^224\.0+\.0+\./.test(v4) : /^ff[0-9a-f]2:/.test(lower)) {
    errs.push(
      invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'),
    );
  }
  return errs;
}

function validatePortSets(view: ClusterIpView): FieldError[] {
  const errs: FieldError[] = [];
  const nodePorts = new Set<string>();
  const ports = new Set<string>();
  view.ports.forEach((port, i) => {
    if (!isRecord(port)) return;
    const protocol = str(port['protocol']) || 'TCP';
    const nodePort = port['nodePort'];
    if (typeof nodePort === 'number' && nodePort !== 0) {
      if (view.type === 'ClusterIP') {
        errs.push(
          forbidden(['spec', 'ports', i, 'nodePort'], "may not be used when `type` is 'ClusterIP'"),
        );
      }
      const key = `${protocol}/${nodePort}`;
      if (nodePorts.has(key)) errs.push(duplicate(['spec', 'ports', i, 'nodePort'], nodePort));
      nodePorts.add(key);
    }
    const key = `${protocol}/${String(port['port'])}`;
    if (ports.has(key)) errs.push(duplicateServicePort(i, protocol, port['port']));
    ports.add(key);
  });
  return errs;
}

/** The API server prints the (protocol, port) key of a repeated port as a JSON ServicePort. */
function duplicateServicePort(index: number, protocol: string, port: unknown): FieldError {
  const key = JSON.stringify({
    Name: '',
    Protocol: protocol,
    AppProtocol: null,
    Port: port,
    TargetPort: 0,
    NodePort: 0,
  });
  return duplicatePrinted(['spec', 'ports', index], key);
}

function validateLoadBalancerFields(view: ClusterIpView): FieldError[] {
  const { spec, type } = view;
  const errs: FieldError[] = [];
  const onlyLb = "may only be used when `type` is 'LoadBalancer'";
  const ranges = arrayAt(spec, 'loadBalancerSourceRanges');
  if (ranges.length > 0) {
    // The API server's historical path spells the field with a capital L.
    const path: FieldPath = ['spec', 'LoadBalancerSourceRanges'];
    if (type !== 'LoadBalancer') errs.push(forbidden(path, onlyLb));
    ranges.forEach((range, i) => {
      errs.push(...validateLegacyCidr(str(range).trim(), [...path, i], view.strictIps));
    });
  }
  if (spec['allocateLoadBalancerNodePorts'] != null && type !== 'LoadBalancer') {
    errs.push(forbidden(['spec', 'allocateLoadBalancerNodePorts'], onlyLb));
  }
  const lbClass = spec['loadBalancerClass'];
  if (typeof lbClass === 'string') {
    if (type === 'LoadBalancer') {
      for (const msg of qualifiedNameProblems(lbClass)) {
        errs.push(invalid(['spec', 'loadBalancerClass'], lbClass, msg));
      }
    } else errs.push(forbidden(['spec', 'loadBalancerClass'], onlyLb));
  }
  return errs;
}

/** Every rule of `validateService` for a create. */
export function validateService(object: JsonRecord, context: ValidationContext): FieldError[] {
  const spec = recordAt(object, 'spec') ?? {};
  const view = viewOf(spec, context);
  // Allocation runs first and stops at its first failing step.
  for (const step of ALLOCATION_STEPS) {
    const errs = step(view);
    if (errs.length > 0) return errs;
  }
  const errs = validateTypeRules(view);
  const names = new Set<string>();
  const requireNames = view.ports.length > 1;
  view.ports.forEach((port, i) => {
    errs.push(...validatePort(port, i, requireNames, names));
  });
  const selector = spec['selector'];
  if (isRecord(selector)) errs.push(...validateLabels(selector, ['spec', 'selector']));
  errs.push(...validateAffinity(spec));
  if (arrayAt(spec, 'externalIPs').length > 0) {
    errs.push(...validateExternalIps(spec, view.strictIps));
  }
  errs.push(...validatePortSets(view));
  errs.push(...validateLoadBalancerFields(view));
  errs.push(...validateServiceTraffic(view, context));
  return errs;
}

const ALLOCATION_STEPS = [validateClusterIpFields, validateSingleStack, validateNodePortAllocation];

/** The Service validator. */
export const SERVICE_VALIDATOR: KindValidator = {
  group: '',
  kind: 'Service',
  validate: validateService,
};
