import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderGateTable } from '../../../../scripts/gen-feature-gates.mjs';
import { KUBE_RELEASES } from '../../../../scripts/kube-releases.mjs';
import { GATE_DEFAULTS } from './feature-gate-defaults.js';
import { gateEnabled, gateState } from './feature-gates.js';

describe('GATE_DEFAULTS', () => {
  // The generator reads pkg/features of every pinned k8s.io/kubernetes release from Go's module
  // cache (fetched from the Go module proxy on first use, checked against the pinned sums).
  it('should match the table built from the pinned releases (run `npm run gen:feature-gates`)', () => {
    const committed = readFileSync(new URL('./feature-gate-defaults.ts', import.meta.url), 'utf8');
    expect(renderGateTable()).toBe(committed);
  }, 600_000);

  it('should have one row per pinned release, oldest first', () => {
    expect(GATE_DEFAULTS.map((r) => [r.kube, r.source])).toEqual(
      KUBE_RELEASES.map((r) => [r.kube, `k8s.io/kubernetes@${r.module}`]),
    );
  });
});

describe('gateState', () => {
  // One row per gate: its state at every release from 1.29 to 1.37, as the releases' sources say.
  const releases = ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'];
  it.each([
    ['RelaxedEnvironmentVariableValidation', 'u off off on on on on on on'],
    ['ContainerRestartRules', 'u u u u u off on on on'],
    ['ContainerStopSignals', 'u u u u off off off off off'],
    ['JobSuccessPolicy', 'u off on on on on on on on'],
    ['RelaxedDNSSearchValidation', 'u u u off on on on on on'],
    ['MaxUnavailableStatefulSet', 'off off off off off off off off on'],
    ['TaintTolerationComparisonOperators', 'u u u u u u off off off'],
    ['StrictIPCIDRValidation', 'u u u u off off off on on'],
    ['PreferSameTrafficDistribution', 'u u u u off on on on on'],
    ['RelaxedServiceNameValidation', 'u u u u u off off on on'],
  ] as const)('should give %s by release', (gate, states) => {
    const expected = states.split(' ').map((s) => (s === 'u' ? 'undeclared' : s));
    expect(releases.map((v) => gateState(gate, v))).toEqual(expected);
  });

  it('should read patch versions and a leading v, and take unknown versions as the newest', () => {
    expect(gateEnabled('ContainerRestartRules', 'v1.34.4')).toBe(false);
    expect(gateEnabled('ContainerRestartRules', '1.35.0')).toBe(true);
    expect(gateEnabled('MaxUnavailableStatefulSet', '1.99')).toBe(true);
  });

  it('should answer each version by its own row when versions are asked in turn', () => {
    const asked = ['1.34', '1.35', 'v1.34.2', '1.29', '1.35.1', '1.34'];
    expect(asked.map((v) => gateState('ContainerRestartRules', v))).toEqual([
      'off',
      'on',
      'off',
      'undeclared',
      'on',
      'off',
    ]);
  });
});
