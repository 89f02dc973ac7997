import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../../manifest/load.js';
import { checkSchema } from './schema.js';

/**
 * Value checks from the catalogs of each release and CRD set: enums, formats, bounds, lengths and
 * oneOf, as the release's own OpenAPI (and Go definitions, for enums) or the CRD YAML says.
 */
describe('checkSchema value constraints', () => {
  function messages(yaml: string, kubeVersion = '1.37'): string[] {
    const objects = loadManifestText(yaml, 'f.yaml');
    return checkSchema({ objects, options: { kubeVersion, profile: 'default' } }).map(
      (f) => f.message,
    );
  }

  const toleration = (operator: string) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: p }',
      'spec:',
      '  containers: [{ name: a, image: a }]',
      `  tolerations: [{ key: k, operator: ${operator}, value: "1" }]`,
    ].join('\n');

  it.each([
    ['1.34', ['spec.tolerations[0].operator: must be one of "Equal", "Exists", got string "Gt"']],
    ['1.35', []],
  ])('should take the enum of a field from the release itself (%s)', (version, expected) => {
    expect(messages(toleration('Gt'), version)).toEqual(expected);
  });

  it('should check the enum of list items at 1.29, whose definitions leave them out', () => {
    const policy = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: { name: policy }',
      'spec: { podSelector: {}, policyTypes: [ingress] }',
    ].join('\n');
    expect(messages(policy, '1.29')).toEqual([
      'spec.policyTypes[0]: must be one of "Egress", "Ingress", got string "ingress"',
    ]);
  });

  it('should check formats, quantities, times and int-or-string of built-in kinds', () => {
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: d, creationTimestamp: "yesterday" }',
      'spec:',
      '  replicas: 4294967296',
      '  selector: { matchLabels: { app: d } }',
      '  strategy: { rollingUpdate: { maxSurge: 1.5, maxUnavailable: true } }',
      '  template:',
      '    metadata: { labels: { app: d } }',
      '    spec:',
      '      containers:',
      '        - name: a',
      '          image: a',
      '          resources: { limits: { cpu: 2, memory: 1 GB } }',
    ].join('\n');
    expect(messages(deployment)).toEqual([
      'metadata.creationTimestamp: must be a valid date-time, got string "yesterday"',
      'spec.replicas: must be a valid int32, got number 4294967296',
      'spec.strategy.rollingUpdate.maxSurge: must be a valid int32, got number 1.5',
      'spec.strategy.rollingUpdate.maxUnavailable: must be string or integer, got boolean true',
      'spec.template.spec.containers[0].resources.limits.memory: must be a quantity such as 250m, 0.5, 128Mi or 1Gi, got string "1 GB"',
    ]);
  });

  it('should check base64 data of a Secret, and refuse a number for a string', () => {
    const secret = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: s }',
      'data: { a: aGVsbG8=, b: not base64 }',
      'stringData: { c: 5 }',
    ].join('\n');
    expect(messages(secret)).toEqual([
      'data.b: must be a valid byte, got string "not base64"',
      'stringData.c: must be string, got number 5',
    ]);
  });

  it('should check bounds, lengths and sizes of a CRD', () => {
    const route = [
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata: { name: r }',
      'spec:',
      '  parentRefs: [{ name: "" }]',
      '  rules: [{ backendRefs: [{ name: web, port: 70000 }] }]',
    ].join('\n');
    expect(messages(route)).toEqual([
      'spec.parentRefs[0].name: must NOT be shorter than 1 character, got string ""',
      'spec.rules[0].backendRefs[0].port: must be <= 65535, got number 70000',
    ]);
  });

  it('should check oneOf of a CRD, with the defaults the API server sets first', () => {
    const gateway = (address: string) =>
      [
        'apiVersion: gateway.networking.k8s.io/v1',
        'kind: Gateway',
        'metadata: { name: g }',
        'spec:',
        '  gatewayClassName: c',
        '  listeners: [{ name: http, port: 80, protocol: HTTP }]',
        `  addresses: [${address}]`,
      ].join('\n');
    expect(messages(gateway('{ value: "2001:db8::1" }'))).toEqual([]);
    expect(messages(gateway('{ type: Hostname, value: a.example }'))).toEqual([]);
    expect(messages(gateway('{ value: a.example }'))).toEqual([
      'spec.addresses[0]: does not match any of the allowed forms, got a mapping',
    ]);
  });

  it('should check a quantity of a CRD (an int-or-string with the quantity pattern) as one', () => {
    const prometheus = (memory: string) =>
      [
        'apiVersion: monitoring.coreos.com/v1',
        'kind: Prometheus',
        'metadata: { name: p }',
        `spec: { resources: { requests: { memory: ${memory} } } }`,
      ].join('\n');
    expect(messages(prometheus('400Mi'))).toEqual([]);
    expect(messages(prometheus('1 GB'))).toEqual([
      'spec.resources.requests.memory: must be a quantity such as 250m, 0.5, 128Mi or 1Gi, got string "1 GB"',
    ]);
    expect(messages(prometheus('1.5'))).toEqual([
      'spec.resources.requests.memory: must be integer or string, got number 1.5',
    ]);
  });

  it('should refuse two fields of a DestinationRule that exclude each other', () => {
    const rule = [
      'apiVersion: networking.istio.io/v1',
      'kind: DestinationRule',
      'metadata: { name: d }',
      'spec:',
      '  host: web',
      '  trafficPolicy:',
      '    loadBalancer: { simple: ROUND_ROBIN, consistentHash: { useSourceIp: true } }',
    ].join('\n');
    expect(messages(rule)).toEqual([
      'spec.trafficPolicy.loadBalancer: does not match any of the allowed forms, got a mapping',
    ]);
  });
});
