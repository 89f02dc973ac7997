import { type CheckInput, type Finding, type RuleFamily } from '../finding.js';
import { isRecord } from '../../kube/field-access.js';
import { containersOf, podTemplateOf } from '../pod-templates.js';
import { FAMILY, RULES } from './practices-rules.js';
import {
  checkImage,
  checkResources,
  checkQos,
  checkProbes,
  checkTermination,
  checkEnv,
} from './container-checks.js';
import {
  LONG_RUNNING,
  buildLookup,
  checkAutomount,
  checkSingleInstance,
  checkNamespace,
  checkSecret,
} from './object-checks.js';

/** Checks the guide's practices on every object. */
export function checkPractices(input: CheckInput): Finding[] {
  const out: Finding[] = [];
  const lookup = buildLookup(input);
  for (const source of input.objects) {
    if (!isRecord(source.object)) continue;
    checkNamespace(source, input, out);
    checkSecret(source, out);
    const template = podTemplateOf(source, input.options.defaultNamespace);
    if (template === undefined || template.kind === 'PodTemplate') continue;
    const containers = containersOf(template).filter((c) => c.list !== 'ephemeralContainers');
    const regular = containers.filter((c) => c.list === 'containers');
    for (const ref of containers) {
      checkImage(template, ref, input, out);
      checkResources(template, ref, out);
      checkEnv(template, ref, out);
    }
    checkQos(template, out);
    if (LONG_RUNNING.has(template.kind)) for (const ref of regular) checkProbes(template, ref, out);
    if (LONG_RUNNING.has(template.kind)) {
      for (const ref of regular) checkTermination(template, ref, out);
    }
    checkAutomount(template, lookup, out);
    checkSingleInstance(template, lookup, out);
  }
  return out;
}

/** The practices family. */
export const practicesFamily: RuleFamily = { name: FAMILY, rules: RULES, check: checkPractices };
