/**
 * Feature gates as the API server of a Kubernetes release runs them by default, from the table
 * generated out of each release's source (`feature-gate-defaults.ts`). A rule that a gate
 * changes asks here with the `--kube-version` it checks against.
 */
import { type FeatureGate, GATE_DEFAULTS, type GateDefaults } from './feature-gate-defaults.js';

/**
 * How a release has a gate: `on` or `off` by default, or `undeclared` when the release does not
 * know the gate yet (its code predates the feature, which may differ from the gate being off).
 */
export type GateState = 'on' | 'off' | 'undeclared';

/** The row of `kubeVersion` (`1.36`, `v1.36.3`); a version outside the table is the newest. */
function releaseOf(kubeVersion: string): GateDefaults {
  const [major, minor] = kubeVersion.replace(/^v/, '').split('.');
  const kube = `${major ?? ''}.${minor ?? ''}`;
  const newest = GATE_DEFAULTS[GATE_DEFAULTS.length - 1];
  if (newest === undefined) throw new Error('the feature gate table is empty');
  return GATE_DEFAULTS.find((r) => r.kube === kube) ?? newest;
}

/** The gate's state at `kubeVersion`; a gate removed after it went GA stays as it was last. */
export function gateState(gate: FeatureGate, kubeVersion: string): GateState {
  // Rules ask per field of every object, always with the one `--kube-version` of the run: the
  // states are worked out once per version and gate, then read back.
  let states = STATES_BY_VERSION.get(kubeVersion);
  if (states === undefined) {
    states = new Map();
    STATES_BY_VERSION.set(kubeVersion, states);
  }
  let state = states.get(gate);
  if (state === undefined) {
    state = stateAt(gate, releaseOf(kubeVersion));
    states.set(gate, state);
  }
  return state;
}

/** Versions asked about in this process (a handful: a run has one), each with its gates. */
const STATES_BY_VERSION = new Map<string, Map<FeatureGate, GateState>>();

function stateAt(gate: FeatureGate, release: GateDefaults): GateState {
  let state: GateState = 'undeclared';
  for (const row of GATE_DEFAULTS) {
    const on = row.gates[gate];
    if (on !== undefined) state = on ? 'on' : 'off';
    if (row === release) return on === undefined && state === 'off' ? 'undeclared' : state;
  }
  return state;
}

/** True when the gate is on by default at `kubeVersion`. */
export function gateEnabled(gate: FeatureGate, kubeVersion: string): boolean {
  return gateState(gate, kubeVersion) === 'on';
}
