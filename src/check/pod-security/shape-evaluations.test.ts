import { describe, expect, it } from 'vitest';
import { inputFromYaml } from '../../../test/support/check-objects.js';
import { checkPodSecurity } from './pod-security.js';

/** A Deployment in namespace `shop` (no Pod Security labels) with one container. */
function deployment(name: string, image: string, container: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: ${image}
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] }, runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
${container}---
`;
}

describe('ShapeEvaluations (through checkPodSecurity)', () => {
  it('should give pods that differ only in what no check reads the same finding text', () => {
    const findings = checkPodSecurity(
      inputFromYaml(
        deployment('a', 'a:1', '          ports: [{ containerPort: 80, hostPort: 80 }]\n') +
          deployment('b', 'b:2', '          ports: [{ containerPort: 80, hostPort: 80 }]\n'),
        {},
      ),
    );
    expect(findings.map((f) => [f.resource.name, f.field, f.line])).toEqual([
      ['a', 'spec.template.spec.containers[0].ports[0].hostPort', 13],
      ['b', 'spec.template.spec.containers[0].ports[0].hostPort', 27],
    ]);
    expect(findings[1]?.message).toBe(findings[0]?.message);
    expect(findings[0]?.message).toContain('hostPort (container "app" uses hostPort 80)');
  });

  it('should tell apart values that JSON writes alike (.inf and null host ports)', () => {
    const findings = checkPodSecurity(
      inputFromYaml(
        deployment('inf', 'x', '          ports: [{ containerPort: 80, hostPort: .inf }]\n') +
          deployment('null', 'x', '          ports: [{ containerPort: 80, hostPort: null }]\n'),
        {},
      ),
    );
    expect(findings.map((f) => f.resource.name)).toEqual(['inf']);
  });

  it('should tell apart pods whose container names differ', () => {
    const findings = checkPodSecurity(
      inputFromYaml(
        deployment('a', 'x', '          ports: [{ hostPort: 81 }]\n') +
          deployment('b', 'x', '          ports: [{ hostPort: 81 }]\n').replace(
            'name: app',
            'name: other',
          ),
        {},
      ),
    );
    expect(findings.map((f) => f.message.match(/container "[a-z]+"/)?.[0])).toEqual([
      'container "app"',
      'container "other"',
    ]);
  });
});
