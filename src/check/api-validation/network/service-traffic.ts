/**
 * The traffic policy fields of a Service: external and internal traffic policy, the health check
 * node port, and traffic distribution.
 */
import { arrayAt } from '../../../kube/field-access.js';
import { type FieldError, invalid, notSupported } from '../field-errors.js';
import type { ValidationContext } from '../kind-validator.js';
import { validatePortNumber } from '../shared/ports.js';
import type { ClusterIpView } from './service-cluster-ips.js';
import { gateEnabled } from '../shared/feature-gates.js';

const CLUSTER_OR_LOCAL = ['Cluster', 'Local'];

/** The traffic distributions a release accepts (PreferSameTrafficDistribution, 1.34 on). */
export function trafficDistributions(kubeVersion: string): readonly string[] {
  return gateEnabled('PreferSameTrafficDistribution', kubeVersion)
    ? ALL_DISTRIBUTIONS
    : ['PreferClose'];
}

const ALL_DISTRIBUTIONS: readonly string[] = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];

function externallyAccessible(view: ClusterIpView): boolean {
  return (
    view.type === 'LoadBalancer' ||
    view.type === 'NodePort' ||
    (view.type === 'ClusterIP' && arrayAt(view.spec, 'externalIPs').length > 0)
  );
}

function validateExternalPolicy(view: ClusterIpView): FieldError[] {
  const { spec } = view;
  const errs: FieldError[] = [];
  // The API server defaults the policy to Cluster where it applies.
  const policy = spec['externalTrafficPolicy'] ?? '';
  const accessible = externallyAccessible(view);
  if (!accessible && policy !== '') {
    errs.push(
      invalid(
        ['spec', 'externalTrafficPolicy'],
        policy,
        'may only be set for externally-accessible services',
      ),
    );
  }
  if (
    accessible &&
    typeof policy === 'string' &&
    policy !== '' &&
    !CLUSTER_OR_LOCAL.includes(policy)
  ) {
    errs.push(notSupported(['spec', 'externalTrafficPolicy'], policy, CLUSTER_OR_LOCAL));
  }
  const healthPort =
    typeof spec['healthCheckNodePort'] === 'number' ? spec['healthCheckNodePort'] : 0;
  const needsHealthCheck = view.type === 'LoadBalancer' && policy === 'Local';
  if (!needsHealthCheck && healthPort !== 0) {
    errs.push(
      invalid(
        ['spec', 'healthCheckNodePort'],
        healthPort,
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ),
    );
  }
  // Without one, the API server allocates the health check port itself.
  if (needsHealthCheck && healthPort !== 0) {
    errs.push(...validatePortNumber(healthPort, ['spec', 'healthCheckNodePort']));
  }
  return errs;
}

/** External/internal traffic policy, health check node port and traffic distribution. */
export function validateServiceTraffic(
  view: ClusterIpView,
  context: ValidationContext,
): FieldError[] {
  const errs = validateExternalPolicy(view);
  const internal = view.spec['internalTrafficPolicy'];
  if (typeof internal === 'string' && !CLUSTER_OR_LOCAL.includes(internal)) {
    errs.push(notSupported(['spec', 'internalTrafficPolicy'], internal, CLUSTER_OR_LOCAL));
  }
  const distribution = view.spec['trafficDistribution'];
  if (typeof distribution === 'string') {
    const supported = trafficDistributions(context.kubeVersion);
    if (!supported.includes(distribution)) {
      errs.push(notSupported(['spec', 'trafficDistribution'], distribution, supported));
    }
  }
  return errs;
}
