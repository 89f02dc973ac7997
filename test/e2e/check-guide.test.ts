/**
 * The guide's original manifests (test/fixtures/check/guide, comments removed) as an integration
 * fixture for the Pod Security, practices, cross-reference and Istio rule families: every finding
 * they produce is listed. The guide applies its Istio files one at a time on top of the
 * application, so each Istio file is checked together with the application manifests, and only
 * the findings on the Istio file are listed for it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../../src/manifest/load.js';
import type { CheckOptions, Finding } from '../../src/check/finding.js';
import { checkPodSecurity } from '../../src/check/pod-security/pod-security.js';
import { checkPractices } from '../../src/check/practices/practices.js';
import { checkReferences } from '../../src/check/references/references.js';
import { checkIstio } from '../../src/check/istio/istio.js';

const GUIDE = fileURLToPath(new URL('../fixtures/check/guide', import.meta.url));
const APP = ['base_manifest', 'expose_manifest', 'other_manifest'].flatMap((dir) =>
  readdirSync(join(GUIDE, dir))
    .sort()
    .map((f) => `${dir}/${f}`),
);

function check(files: readonly string[], options: Partial<CheckOptions> = {}): Finding[] {
  const objects = files.flatMap((file) =>
    loadManifestText(readFileSync(join(GUIDE, file), 'utf8'), file),
  );
  const input = {
    objects,
    options: { kubeVersion: '1.34', profile: 'default' as const, ...options },
  };
  return [
    ...checkPodSecurity(input),
    ...checkPractices(input),
    ...checkReferences(input),
    ...checkIstio(input),
  ];
}

const summary = (f: Finding): string =>
  `${f.file}:${f.line} ${f.severity} ${f.rule} ${f.resource.kind}/${f.resource.name}`;

const onIstioFiles = (findings: Finding[]): string[] =>
  findings.filter((f) => f.file.startsWith('istio_manifest/')).map(summary);

/** Findings on the guide's application manifests, Pod Security evaluated at restricted. */
const APP_FINDINGS = [
  'base_manifest/deployment-v2.yaml:21 error pss-restricted Deployment/go-multiroute-v2',
  'base_manifest/deployment.yaml:21 error pss-restricted Deployment/go-multiroute',
  'other_manifest/network-policy.yaml:11 error pss-restricted Pod/network-policy-test-client',
  'other_manifest/network-policy.yaml:24 error pss-restricted Pod/network-policy-test-mysql',
  'base_manifest/configmap.yaml:3 warning namespace-default ConfigMap/go-multiroute-v1',
  'base_manifest/deployment-v2.yaml:3 warning namespace-default Deployment/go-multiroute-v2',
  'base_manifest/deployment-v2.yaml:21 warning image-not-pinned Deployment/go-multiroute-v2',
  'base_manifest/deployment-v2.yaml:19 info qos-burstable Deployment/go-multiroute-v2',
  'base_manifest/deployment-v2.yaml:21 warning probes-missing Deployment/go-multiroute-v2',
  'base_manifest/deployment-v2.yaml:21 info prestop-missing Deployment/go-multiroute-v2',
  'base_manifest/deployment-v2.yaml:19 warning automount-token Deployment/go-multiroute-v2',
  'base_manifest/deployment.yaml:3 warning namespace-default Deployment/go-multiroute',
  'base_manifest/deployment.yaml:21 warning image-not-pinned Deployment/go-multiroute',
  'base_manifest/deployment.yaml:19 info qos-burstable Deployment/go-multiroute',
  'base_manifest/deployment.yaml:21 warning probes-missing Deployment/go-multiroute',
  'base_manifest/deployment.yaml:21 info prestop-missing Deployment/go-multiroute',
  'base_manifest/deployment.yaml:19 warning automount-token Deployment/go-multiroute',
  'base_manifest/secret.yaml:3 warning namespace-default Secret/go-multiroute-v1',
  'base_manifest/secret.yaml:5 warning secret-data-committed Secret/go-multiroute-v1',
  'expose_manifest/ingress.yaml:3 warning namespace-default Ingress/go-multiroute',
  'expose_manifest/service.yaml:3 warning namespace-default Service/go-multiroute',
  'other_manifest/network-policy.yaml:3 warning namespace-default Pod/network-policy-test-client',
  'other_manifest/network-policy.yaml:12 warning image-tag-latest Pod/network-policy-test-client',
  'other_manifest/network-policy.yaml:12 warning image-not-pinned Pod/network-policy-test-client',
  'other_manifest/network-policy.yaml:11 warning resources-missing Pod/network-policy-test-client',
  'other_manifest/network-policy.yaml:9 warning qos-besteffort Pod/network-policy-test-client',
  'other_manifest/network-policy.yaml:11 warning probes-missing Pod/network-policy-test-client',
  'other_manifest/network-policy.yaml:9 warning automount-token Pod/network-policy-test-client',
  'other_manifest/network-policy.yaml:17 warning namespace-default Pod/network-policy-test-mysql',
  'other_manifest/network-policy.yaml:25 warning image-tag-latest Pod/network-policy-test-mysql',
  'other_manifest/network-policy.yaml:25 warning image-not-pinned Pod/network-policy-test-mysql',
  'other_manifest/network-policy.yaml:24 warning resources-missing Pod/network-policy-test-mysql',
  'other_manifest/network-policy.yaml:22 warning qos-besteffort Pod/network-policy-test-mysql',
  'other_manifest/network-policy.yaml:24 warning probes-missing Pod/network-policy-test-mysql',
  'other_manifest/network-policy.yaml:22 warning automount-token Pod/network-policy-test-mysql',
  'other_manifest/network-policy.yaml:32 warning namespace-default NetworkPolicy/deny-all-ingress',
  'other_manifest/network-policy.yaml:42 warning namespace-default NetworkPolicy/allow-access-db',
  'other_manifest/network-policy.yaml:59 warning namespace-default NetworkPolicy/block-internal-all-egress',
  'other_manifest/network-policy.yaml:71 warning namespace-default NetworkPolicy/allow-internal-egress',
];

/** Findings on each Istio file, checked together with the application. */
const ISTIO_FILES: Readonly<Record<string, readonly string[]>> = {
  'authz-accept-only-ingress.yaml': [],
  'authz-allow-nothing.yaml': [
    'istio_manifest/authz-allow-nothing.yaml:5 warning namespace-default AuthorizationPolicy/allow-nothing',
  ],
  'authz-allow-to-go-multiroute.yaml': [
    'istio_manifest/authz-allow-to-go-multiroute.yaml:5 warning namespace-default AuthorizationPolicy/allow-to-go-multiroute',
  ],
  'authz-deny-emptyid.yaml': [],
  'authz-recommend.yaml': [
    'istio_manifest/authz-recommend.yaml:3 warning namespace-default AuthorizationPolicy/foo',
    'istio_manifest/authz-recommend.yaml:14 warning namespace-default AuthorizationPolicy/foo',
  ],
  'default_svc_route_rule.yaml': [
    'istio_manifest/default_svc_route_rule.yaml:3 warning namespace-default DestinationRule/reviews',
    'istio_manifest/default_svc_route_rule.yaml:18 warning namespace-default VirtualService/reviews',
  ],
  'egressgwy-proxy-http2http.yaml': [
    'istio_manifest/egressgwy-proxy-http2http.yaml:3 warning namespace-default ServiceEntry/istio-io',
    'istio_manifest/egressgwy-proxy-http2http.yaml:17 warning namespace-default Gateway/egress-istio-io',
    'istio_manifest/egressgwy-proxy-http2http.yaml:32 warning namespace-default VirtualService/egressgateway-proxy-http-istio-io',
  ],
  'egressgwy-proxy-http2https.yaml': [
    'istio_manifest/egressgwy-proxy-http2https.yaml:3 warning namespace-default ServiceEntry/istio-io',
    'istio_manifest/egressgwy-proxy-http2https.yaml:20 warning namespace-default Gateway/egress-istio-io-http2https',
    'istio_manifest/egressgwy-proxy-http2https.yaml:37 warning namespace-default DestinationRule/egressgateway-for-istio-io',
    'istio_manifest/egressgwy-proxy-http2https.yaml:51 warning namespace-default VirtualService/egressgateway-proxy-istio-io-http2https',
    'istio_manifest/egressgwy-proxy-http2https.yaml:81 warning namespace-default DestinationRule/originate-tls-for-istio-io',
  ],
  'egressgwy-proxy-https2https.yaml': [
    'istio_manifest/egressgwy-proxy-https2https.yaml:3 warning namespace-default ServiceEntry/istio-io-https',
    'istio_manifest/egressgwy-proxy-https2https.yaml:17 warning namespace-default Gateway/egress-istio-io-https',
    'istio_manifest/egressgwy-proxy-https2https.yaml:34 warning namespace-default VirtualService/egressgateway-proxy-https-istio-io',
  ],
  'external-access-control.yaml': [
    'istio_manifest/external-access-control.yaml:3 warning namespace-default ServiceEntry/httpbin',
    'istio_manifest/external-access-control.yaml:17 warning namespace-default VirtualService/httpbin',
  ],
  'get_client_ip.yaml': [
    'istio_manifest/get_client_ip.yaml:62 warning pss-unlabelled-namespace Deployment/httpbin',
    'istio_manifest/get_client_ip.yaml:3 warning namespace-default Gateway/httpbin-gateway',
    'istio_manifest/get_client_ip.yaml:18 warning namespace-default VirtualService/httpbin',
    'istio_manifest/get_client_ip.yaml:32 warning namespace-default Service/httpbin',
    'istio_manifest/get_client_ip.yaml:47 warning namespace-default Deployment/httpbin',
    'istio_manifest/get_client_ip.yaml:62 warning image-tag-latest Deployment/httpbin',
    'istio_manifest/get_client_ip.yaml:62 warning image-not-pinned Deployment/httpbin',
    'istio_manifest/get_client_ip.yaml:62 warning resources-missing Deployment/httpbin',
    'istio_manifest/get_client_ip.yaml:60 warning qos-besteffort Deployment/httpbin',
    'istio_manifest/get_client_ip.yaml:62 warning probes-missing Deployment/httpbin',
    'istio_manifest/get_client_ip.yaml:62 info prestop-missing Deployment/httpbin',
    'istio_manifest/get_client_ip.yaml:60 warning automount-token Deployment/httpbin',
  ],
  'ingress-gwy.yaml': [],
  'ingress-virtualsvc.yaml': [
    'istio_manifest/ingress-virtualsvc.yaml:5 warning namespace-default VirtualService/ingress-go-multiroute',
  ],
  'istio_client_test.yaml': [
    'istio_manifest/istio_client_test.yaml:15 warning pss-unlabelled-namespace Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:3 warning namespace-default Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:16 warning image-not-pinned Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:15 warning resources-missing Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:18 warning image-tag-latest Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:18 warning image-not-pinned Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:17 warning resources-missing Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:13 warning qos-besteffort Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:15 warning probes-missing Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:17 warning probes-missing Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:15 info prestop-missing Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:17 info prestop-missing Deployment/istio-client-test',
    'istio_manifest/istio_client_test.yaml:13 warning automount-token Deployment/istio-client-test',
  ],
  'peer_authn.yaml': [
    'istio_manifest/peer_authn.yaml:5 warning namespace-default PeerAuthentication/go-multiroute',
  ],
  'peer_authn_default.yaml': [],
  'pod_two_port_svc.yaml': [
    'istio_manifest/pod_two_port_svc.yaml:10 warning pss-unlabelled-namespace Pod/two-port-svc',
    'istio_manifest/pod_two_port_svc.yaml:3 warning namespace-default Pod/two-port-svc',
    'istio_manifest/pod_two_port_svc.yaml:10 warning image-not-pinned Pod/two-port-svc',
    'istio_manifest/pod_two_port_svc.yaml:10 warning resources-missing Pod/two-port-svc',
    'istio_manifest/pod_two_port_svc.yaml:8 warning qos-besteffort Pod/two-port-svc',
    'istio_manifest/pod_two_port_svc.yaml:10 warning probes-missing Pod/two-port-svc',
    'istio_manifest/pod_two_port_svc.yaml:8 warning automount-token Pod/two-port-svc',
  ],
  'route-destinationrule.yaml': [
    'istio_manifest/route-destinationrule.yaml:3 warning namespace-default DestinationRule/go-multiroute',
  ],
  'route-virtualservice.yaml': [
    'istio_manifest/route-virtualservice.yaml:5 warning namespace-default VirtualService/go-multiroute',
  ],
  'unmergeable-vs.yaml': [
    'istio_manifest/unmergeable-vs.yaml:3 warning namespace-default VirtualService/go-multiroute-1',
    'istio_manifest/unmergeable-vs.yaml:19 warning namespace-default VirtualService/go-multiroute-2',
    'istio_manifest/unmergeable-vs.yaml:35 warning namespace-default DestinationRule/go-multiroute',
    'istio_manifest/unmergeable-vs.yaml:6 error istio-vs-host-conflict VirtualService/go-multiroute-1',
    'istio_manifest/unmergeable-vs.yaml:22 error istio-vs-host-conflict VirtualService/go-multiroute-2',
  ],
  'virtualservice-in-order.yaml': [
    'istio_manifest/virtualservice-in-order.yaml:3 warning namespace-default VirtualService/myapp',
  ],
};

/** The ingress Gateway and its VirtualService, checked together. */
const INGRESS_PAIR = [
  'istio_manifest/ingress-virtualsvc.yaml:5 warning namespace-default VirtualService/ingress-go-multiroute',
];

describe('the guide manifests', () => {
  it('should produce exactly the listed findings for the application', () => {
    expect(check(APP, { pssLevel: 'restricted' }).map(summary)).toEqual(APP_FINDINGS);
  });

  it.each(Object.entries(ISTIO_FILES))(
    'should produce exactly the listed findings for istio_manifest/%s',
    (file, expected) => {
      expect(onIstioFiles(check([...APP, `istio_manifest/${file}`]))).toEqual(expected);
    },
  );

  it('should bind the ingress VirtualService to its Gateway across namespaces', () => {
    const files = [
      ...APP,
      'istio_manifest/ingress-gwy.yaml',
      'istio_manifest/ingress-virtualsvc.yaml',
    ];
    expect(onIstioFiles(check(files))).toEqual(INGRESS_PAIR);
  });

  it('should say why the Deployment fails restricted: no securityContext', () => {
    const finding = check(APP, { pssLevel: 'restricted' }).find(
      (f) => f.rule === 'pss-restricted' && f.resource.name === 'go-multiroute',
    );
    expect(finding?.message).toBe(
      'would violate PodSecurity "restricted:latest": ' +
        'allowPrivilegeEscalation != false (container "go-multiroute" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "go-multiroute" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "go-multiroute" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "go-multiroute" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost") ' +
        '(level set by --pss-level)',
    );
    // No securityContext at all: the first reason's field is unset, so the container it names.
    expect(finding?.field).toBe('spec.template.spec.containers[0]');
    expect(finding?.line).toBe(21);
  });

  it('should explain that the two VirtualServices of unmergeable-vs.yaml do not merge', () => {
    const messages = check([...APP, 'istio_manifest/unmergeable-vs.yaml'])
      .filter((f) => f.rule === 'istio-vs-host-conflict')
      .map((f) => f.message);
    expect(messages).toEqual([
      'VirtualServices "go-multiroute-1", "go-multiroute-2" all define host "go-multiroute.default.svc.cluster.local" for the mesh: Istio does not merge them, only one takes effect',
      'VirtualServices "go-multiroute-1", "go-multiroute-2" all define host "go-multiroute.default.svc.cluster.local" for the mesh: Istio does not merge them, only one takes effect',
    ]);
  });

  it('should report nothing at baseline: the guide runs no privileged workload', () => {
    expect(check(APP, { pssLevel: 'baseline' }).filter((f) => f.rule.startsWith('pss-'))).toEqual(
      [],
    );
  });
});
