import type { SourceObject } from '../../manifest/source-object.js';
import type { CheckInput, CheckOptions, Finding, RuleFamily } from '../finding.js';
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

/** The practices of one object alone: namespace, Secret data, images, resources, probes. */
export function checkPracticesOf(source: SourceObject, options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  if (!isRecord(source.object)) return out;
  checkNamespace(source, options, out);
  checkSecret(source, out);
  const template = podTemplateOf(source, options.defaultNamespace);
  if (template === undefined || template.kind === 'PodTemplate') return out;
  const containers = containersOf(template);
  for (const ref of containers) {
    if (ref.list === 'ephemeralContainers') continue;
    checkImage(template, ref, options, out);
    checkResources(template, ref, out);
    checkEnv(template, ref, out);
  }
  checkQos(template, out);
  if (!LONG_RUNNING.has(template.kind)) return out;
  for (const ref of containers) if (ref.list === 'containers') checkProbes(template, ref, out);
  for (const ref of containers) if (ref.list === 'containers') checkTermination(template, ref, out);
  return out;
}

/** The practices of one pod template that look at other objects: its account and claims. */
function checkTemplateAcross(
  source: SourceObject,
  lookup: ReturnType<typeof buildLookup>,
  options: CheckOptions,
  out: Finding[],
): void {
  if (!isRecord(source.object)) return;
  const template = podTemplateOf(source, options.defaultNamespace);
  if (template === undefined || template.kind === 'PodTemplate') return;
  checkAutomount(template, lookup, out);
  checkSingleInstance(template, lookup, out);
}

/**
 * The practices that look at other objects (ServiceAccounts and PersistentVolumeClaims), handed
 * over object by object as they are found.
 */
export function* checkPracticesAcross(input: CheckInput): Generator<Finding> {
  const out: Finding[] = [];
  const lookup = buildLookup(input);
  for (const source of input.objects) {
    checkTemplateAcross(source, lookup, input.options, out);
    yield* out;
    out.length = 0;
  }
}

/** Checks the guide's practices on every object, object by object. */
export function checkPractices(input: CheckInput): Finding[] {
  const out: Finding[] = [];
  const lookup = buildLookup(input);
  for (const source of input.objects) {
    out.push(...checkPracticesOf(source, input.options));
    checkTemplateAcross(source, lookup, input.options, out);
  }
  return out;
}

/** The practices family. */
export const practicesFamily: RuleFamily = {
  name: FAMILY,
  rules: RULES,
  checkObject: checkPracticesOf,
  check: checkPracticesAcross,
};
