import { KprodError } from '../../errors.js';
import { recordAt, stringAt } from '../../kube/field-access.js';
import { colorDeployment } from './names.js';
import {
  deploymentPath,
  findRelease,
  getRequired,
  holderPath,
  persistState,
  releaseNotFound,
} from './release-record.js';
import type { RunReleaseOptions } from './run-options.js';
import { initialReleaseState, type ReleaseState } from './state.js';
import { containerImage, deploymentSpec } from './traffic/canary-deployment.js';

/**
 * The state a run starts from: the recorded release when resuming (or restarting the same
 * progressing release), else a new one recorded on the cluster before anything changes.
 */
export async function startOrResume(
  options: RunReleaseOptions,
  now: number,
): Promise<ReleaseState> {
  const { kube, namespace, name, start } = options;
  const found = await findRelease(kube, namespace, name, options.signal);
  if (start === undefined) {
    if (found === null) throw releaseNotFound(namespace, name);
    return found.state;
  }
  if (found?.state.status === 'progressing') {
    const same = found.state.image === start.image && found.state.strategy === start.strategy;
    if (same) return found.state;
    throw new KprodError(
      'RELEASE_IN_PROGRESS',
      `a ${found.state.strategy} release of ${found.state.image} is progressing on ${namespace}/${name} (phase ${found.state.phase})`,
    );
  }
  const path = holderPath(start.strategy, namespace, name);
  const base = {
    strategy: start.strategy,
    name,
    namespace,
    image: start.image,
    now,
    options: start.options,
  };
  let state: ReleaseState;
  if (start.strategy === 'blue-green') {
    const service = await getRequired(kube, path, `Service ${namespace}/${name}`);
    const selector = recordAt(recordAt(service, 'spec'), 'selector');
    const live = stringAt(selector, 'color');
    if (live !== 'blue' && live !== 'green') {
      throw new KprodError(
        'RELEASE_TARGET_INVALID',
        `Service ${namespace}/${name} does not select color: blue or green (selector ${JSON.stringify(selector ?? {})})`,
        { hint: 'Apply deploy/ with the blue-green component.' },
      );
    }
    const liveDeployment = await getRequired(
      kube,
      deploymentPath(namespace, colorDeployment(name, live)),
      `Deployment ${namespace}/${colorDeployment(name, live)}`,
    );
    state = initialReleaseState({
      ...base,
      previousImage: containerImage(liveDeployment, start.options.container),
      live,
      replicas: deploymentSpec(liveDeployment).replicas ?? 1,
    });
  } else {
    const deployment = await getRequired(kube, path, `Deployment ${namespace}/${name}`);
    state = initialReleaseState({
      ...base,
      previousImage: containerImage(deployment, start.options.container),
    });
  }
  await persistState(kube, path, state, true);
  return state;
}
