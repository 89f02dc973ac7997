/** The NetworkPolicy rules of the API server (`ValidateNetworkPolicySpec`). */
import { arrayAt, isRecord, type JsonRecord, recordAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, forbidden, invalid, notSupported, required } from '../field-errors.js';
import type { KindValidator, ValidationContext } from '../kind-validator.js';
import {
  isStrictSubnet,
  parseCidr,
  strictIpValidation,
  validateLegacyCidr,
} from '../shared/network-addresses.js';
import { validateLabelSelector } from '../shared/selector.js';
import { PORT_PROTOCOLS, portNameProblems, portNumberProblems } from '../shared/ports.js';

const POLICY_TYPES = ['Ingress', 'Egress'];
const NP_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function validatePolicyPort(port: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(port)) return [];
  const errs: FieldError[] = [];
  const protocol = port['protocol'];
  if (typeof protocol === 'string' && !PORT_PROTOCOLS.includes(protocol)) {
    errs.push(notSupported([...path, 'protocol'], protocol, NP_PROTOCOLS));
  }
  const number = port['port'];
  const endPort = port['endPort'];
  const hasEnd = typeof endPort === 'number';
  if (typeof number === 'number') {
    for (const msg of portNumberProblems(number))
      errs.push(invalid([...path, 'port'], number, msg));
    if (hasEnd) {
      if (endPort < number) {
        errs.push(invalid([...path, 'endPort'], number, 'must be greater than or equal to `port`'));
      }
      for (const msg of portNumberProblems(endPort)) {
        errs.push(invalid([...path, 'endPort'], endPort, msg));
      }
    }
  } else if (typeof number === 'string') {
    if (hasEnd) {
      errs.push(
        invalid([...path, 'endPort'], endPort, 'may not be specified when `port` is non-numeric'),
      );
    }
    for (const msg of portNameProblems(number)) errs.push(invalid([...path, 'port'], number, msg));
  } else if (hasEnd) {
    errs.push(
      invalid([...path, 'endPort'], endPort, 'may not be specified when `port` is not specified'),
    );
  }
  return errs;
}

function validateIpBlock(block: JsonRecord, path: FieldPath, strict: boolean): FieldError[] {
  const cidr = typeof block['cidr'] === 'string' ? block['cidr'] : '';
  if (cidr === '') return [required([...path, 'cidr'])];
  const errs = validateLegacyCidr(cidr, [...path, 'cidr'], strict);
  const outer = parseCidr(cidr);
  if (outer === undefined) return errs;
  arrayAt(block, 'except').forEach((except, i) => {
    const text = typeof except === 'string' ? except : '';
    const exceptPath: FieldPath = [...path, 'except', i];
    errs.push(...validateLegacyCidr(text, exceptPath, strict));
    const inner = parseCidr(text);
    if (inner !== undefined && !isStrictSubnet(outer, inner)) {
      errs.push(invalid(exceptPath, text, 'must be a strict subset of `cidr`'));
    }
  });
  return errs;
}

function validatePeer(peer: unknown, path: FieldPath, strict: boolean): FieldError[] {
  if (!isRecord(peer)) return [];
  const errs: FieldError[] = [];
  let peers = 0;
  for (const key of ['podSelector', 'namespaceSelector']) {
    if (isRecord(peer[key])) {
      peers++;
      errs.push(...validateLabelSelector(peer[key], [...path, key]));
    }
  }
  const block = recordAt(peer, 'ipBlock');
  if (block !== undefined) {
    peers++;
    errs.push(...validateIpBlock(block, [...path, 'ipBlock'], strict));
  }
  if (peers === 0) errs.push(required(path, 'must specify a peer'));
  else if (peers > 1 && block !== undefined) {
    errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  }
  return errs;
}

function validateRules(spec: JsonRecord, direction: 'ingress' | 'egress', strict: boolean) {
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  const errs: FieldError[] = [];
  arrayAt(spec, direction).forEach((rule, i) => {
    const path: FieldPath = ['spec', direction, i];
    arrayAt(rule, 'ports').forEach((port, j) => {
      errs.push(...validatePolicyPort(port, [...path, 'ports', j]));
    });
    arrayAt(rule, peersKey).forEach((peer, j) => {
      errs.push(...validatePeer(peer, [...path, peersKey, j], strict));
    });
  });
  return errs;
}

/** Every rule of `ValidateNetworkPolicySpec`. */
export function validateNetworkPolicy(object: JsonRecord, context: ValidationContext) {
  const spec = recordAt(object, 'spec') ?? {};
  const strict = strictIpValidation(context.kubeVersion);
  const errs: FieldError[] = [
    ...validateLabelSelector(spec['podSelector'], ['spec', 'podSelector']),
    ...validateRules(spec, 'ingress', strict),
    ...validateRules(spec, 'egress', strict),
  ];
  const types = arrayAt(spec, 'policyTypes');
  if (types.length > 2) {
    errs.push(invalid(['spec', 'policyTypes'], types, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((type, i) => {
    if (typeof type === 'string' && !POLICY_TYPES.includes(type)) {
      errs.push(notSupported(['spec', 'policyTypes', i], type, POLICY_TYPES));
    }
  });
  return errs;
}

/** The NetworkPolicy validator. */
export const NETWORK_POLICY_VALIDATOR: KindValidator = {
  group: 'networking.k8s.io',
  kind: 'NetworkPolicy',
  validate: validateNetworkPolicy,
};
