/**
 * A Job's podFailurePolicy, successPolicy and podReplacementPolicy as the API server validates
 * them (`validatePodFailurePolicy`, `validateSuccessPolicy`, `validatePodReplacementPolicy` of
 * the batch validation), after its defaulting: an empty pod condition status reads `True`.
 */
import {
  type JsonRecord,
  arrayAt,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
} from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import {
  type FieldError,
  OMIT_VALUE,
  duplicate,
  invalid,
  notSupported,
  required,
  tooLong,
} from '../field-errors.js';
import { NEGATIVE } from '../pod/pod-values.js';
import { qualifiedNameProblems } from '../shared/name-rules.js';
import { invalidPrinted } from '../shared/network-field-errors.js';

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const EXIT_CODE_OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;

/** `Too many: 21: must have at most 20 items`, as the API server counts a list. */
function tooManyItems(path: FieldPath, count: number, max: number): FieldError {
  return { path, type: 'tooMany', value: count, detail: `must have at most ${max} items` };
}

/** `valid values: ["In" "NotIn"]`: Go's `%q` of a list. */
function validValues(values: readonly string[]): string {
  return `valid values: [${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

function validateAction(rule: JsonRecord, spec: JsonRecord, path: FieldPath): FieldError[] {
  const action = stringAt(rule, 'action') ?? '';
  if (action === '') return [required(path, validValues(ACTIONS))];
  if (action === 'FailIndex') {
    return numberAt(spec, 'backoffLimitPerIndex') === undefined
      ? [invalid(path, action, 'requires the backoffLimitPerIndex to be set')]
      : [];
  }
  return ACTIONS.includes(action) ? [] : [notSupported(path, action, ACTIONS)];
}

function validateExitCodeValues(
  values: readonly unknown[],
  operator: string,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  if (values.length === 0) out.push(invalid(path, values, 'at least one value is required'));
  else if (values.length > MAX_EXIT_CODES)
    out.push(tooManyItems(path, values.length, MAX_EXIT_CODES));
  const seen = new Set<unknown>();
  values.forEach((value, j) => {
    if (operator === 'In' && value === 0) {
      out.push(invalid([...path, j], value, 'must not be 0 for the In operator'));
    }
    if (seen.has(value)) out.push(duplicate([...path, j], value));
    else seen.add(value);
  });
  const descends = values.some((value, j) => {
    const previous = values[j - 1];
    return typeof previous === 'number' && typeof value === 'number' && previous > value;
  });
  if (descends) out.push(invalid(path, values, 'must be ordered'));
  return out;
}

function validateOnExitCodes(
  onExitCodes: JsonRecord,
  containerNames: ReadonlySet<string>,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  const operator = stringAt(onExitCodes, 'operator') ?? '';
  if (operator === '') out.push(required([...path, 'operator'], validValues(EXIT_CODE_OPERATORS)));
  else if (!EXIT_CODE_OPERATORS.includes(operator)) {
    out.push(notSupported([...path, 'operator'], operator, EXIT_CODE_OPERATORS));
  }
  const container = stringAt(onExitCodes, 'containerName');
  if (container !== undefined && !containerNames.has(container)) {
    out.push(
      invalid(
        [...path, 'containerName'],
        container,
        'must be one of the container or initContainer names in the pod template',
      ),
    );
  }
  const values = onExitCodes['values'];
  const valuesPath: FieldPath = [...path, 'values'];
  if (values === undefined || values === null) {
    out.push(invalidPrinted(valuesPath, 'null', 'at least one value is required'));
  } else out.push(...validateExitCodeValues(arrayAt(onExitCodes, 'values'), operator, valuesPath));
  return out;
}

function validateOnPodConditions(patterns: readonly unknown[], path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  if (patterns.length > MAX_CONDITION_PATTERNS) {
    out.push(tooManyItems(path, patterns.length, MAX_CONDITION_PATTERNS));
  }
  patterns.forEach((pattern, j) => {
    const type = stringAt(pattern, 'type') ?? '';
    for (const msg of qualifiedNameProblems(type))
      out.push(invalid([...path, j, 'type'], type, msg));
    // An empty status defaults to True.
    const status = stringAt(pattern, 'status') || 'True';
    if (!CONDITION_STATUSES.includes(status)) {
      out.push(notSupported([...path, j, 'status'], status, CONDITION_STATUSES));
    }
  });
  return out;
}

function validateFailureRule(
  rule: JsonRecord,
  spec: JsonRecord,
  containerNames: ReadonlySet<string>,
  path: FieldPath,
): FieldError[] {
  const out = validateAction(rule, spec, [...path, 'action']);
  const onExitCodes = recordAt(rule, 'onExitCodes');
  const onConditions = arrayAt(rule, 'onPodConditions');
  if (onExitCodes !== undefined) {
    out.push(...validateOnExitCodes(onExitCodes, containerNames, [...path, 'onExitCodes']));
  }
  if (onConditions.length > 0) {
    out.push(...validateOnPodConditions(onConditions, [...path, 'onPodConditions']));
  }
  if (onExitCodes !== undefined && onConditions.length > 0) {
    out.push(
      invalid(path, OMIT_VALUE, 'specifying both OnExitCodes and OnPodConditions is not supported'),
    );
  }
  if (onExitCodes === undefined && onConditions.length === 0) {
    out.push(
      invalid(path, OMIT_VALUE, 'specifying one of OnExitCodes and OnPodConditions is required'),
    );
  }
  return out;
}

/** The names of the template's containers and init containers. */
function containerNamesOf(spec: JsonRecord): Set<string> {
  const podSpec = recordAt(recordAt(spec, 'template'), 'spec');
  return new Set(
    [...arrayAt(podSpec, 'containers'), ...arrayAt(podSpec, 'initContainers')].map(
      (c) => stringAt(c, 'name') ?? '',
    ),
  );
}

/** Errors of `podFailurePolicy`. */
export function validatePodFailurePolicy(
  policy: JsonRecord,
  spec: JsonRecord,
  path: FieldPath,
): FieldError[] {
  const rules = arrayAt(policy, 'rules');
  const rulesPath: FieldPath = [...path, 'rules'];
  const out: FieldError[] = [];
  if (rules.length > MAX_RULES) out.push(tooManyItems(rulesPath, rules.length, MAX_RULES));
  const names = containerNamesOf(spec);
  rules.forEach((rule, i) => {
    out.push(...validateFailureRule(isRecord(rule) ? rule : {}, spec, names, [...rulesPath, i]));
  });
  return out;
}

type Interval = readonly [number, number];

/** Go's `strconv.Atoi`: an optional sign and decimal digits, nothing else. */
function atoi(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/** One `x` or `x-y` of succeededIndexes, or why it is not one. */
function parseInterval(text: string, completions: number): Interval | string {
  const parts = text.split('-');
  if (parts.length > 2) {
    return `the fragment "${text}" violates the requirement that an index interval can have at most two parts separated by '-'`;
  }
  const [first = '', second] = parts;
  const x = atoi(first);
  if (x === undefined) return `cannot convert string to integer for index: "${first}"`;
  if (x >= completions) return `too large index: "${first}"`;
  if (second === undefined) return [x, x];
  const y = atoi(second);
  if (y === undefined) return `cannot convert string to integer for index: "${second}"`;
  if (y >= completions) return `too large index: "${second}"`;
  if (x >= y) return `non-increasing order, previous: ${x}, current: ${y}`;
  return [x, y];
}

/** How many indexes the list names, or why it cannot be read. */
function countIndexes(indexes: string, completions: number): number | string {
  if (indexes === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const part of indexes.split(',')) {
    const interval = parseInterval(part, completions);
    if (typeof interval === 'string') return interval;
    const [x, y] = interval;
    if (last !== undefined && last >= x)
      return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y - x + 1;
    last = y;
  }
  return total;
}

function validateSuccessRule(rule: JsonRecord, completions: number, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const indexes = stringAt(rule, 'succeededIndexes');
  const count = numberAt(rule, 'succeededCount');
  if (indexes === undefined && count === undefined) {
    out.push(
      required(path, 'at least one of succeededCount or succeededIndexes must be specified'),
    );
  }
  let total = 0;
  if (indexes !== undefined) {
    const at: FieldPath = [...path, 'succeededIndexes'];
    if (indexes.length > MAX_SUCCEEDED_INDEXES_LENGTH) {
      out.push(tooLong(at, `may not be more than ${MAX_SUCCEEDED_INDEXES_LENGTH} bytes`));
    }
    const counted = countIndexes(indexes, completions);
    if (typeof counted === 'string') {
      out.push(invalid(at, indexes, `error parsing succeededIndexes: ${counted}`));
    } else total = counted;
  }
  if (count !== undefined) {
    const at: FieldPath = [...path, 'succeededCount'];
    if (count < 0) out.push(invalid(at, count, NEGATIVE));
    if (count > completions) {
      out.push(
        invalid(
          at,
          count,
          `must be less than or equal to ${completions} (the number of specified completions)`,
        ),
      );
    }
    if (indexes !== undefined && count > total) {
      out.push(
        invalid(
          at,
          count,
          `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`,
        ),
      );
    }
  }
  return out;
}

/** The policy as the API server prints its internal form: Go field names, `null` pointers. */
function printSuccessPolicy(policy: JsonRecord): string {
  const rules = Array.isArray(policy['rules'])
    ? policy['rules'].map((r) => ({
        SucceededIndexes: stringAt(r, 'succeededIndexes') ?? null,
        SucceededCount: numberAt(r, 'succeededCount') ?? null,
      }))
    : null;
  return JSON.stringify({ Rules: rules });
}

/**
 * Errors of `successPolicy`: only for Indexed Jobs. Its rules are read against the Job's
 * completions (after defaulting); without them (refused elsewhere) they are not read.
 */
export function validateSuccessPolicy(
  policy: JsonRecord,
  spec: JsonRecord,
  completions: number | undefined,
  path: FieldPath,
): FieldError[] {
  if (stringAt(spec, 'completionMode') !== 'Indexed') {
    return [invalidPrinted(path, printSuccessPolicy(policy), 'requires indexed completion mode')];
  }
  const rules = arrayAt(policy, 'rules');
  const rulesPath: FieldPath = [...path, 'rules'];
  const out: FieldError[] = [];
  if (rules.length === 0) {
    out.push(
      required(
        rulesPath,
        'at least one rules must be specified when the successPolicy is specified',
      ),
    );
  }
  if (rules.length > MAX_RULES) out.push(tooManyItems(rulesPath, rules.length, MAX_RULES));
  if (completions === undefined) return out;
  rules.forEach((rule, i) => {
    out.push(...validateSuccessRule(isRecord(rule) ? rule : {}, completions, [...rulesPath, i]));
  });
  return out;
}

/** Errors of `podReplacementPolicy`: only `Failed` beside a podFailurePolicy. */
export function validatePodReplacementPolicy(spec: JsonRecord, path: FieldPath): FieldError[] {
  const policy = stringAt(spec, 'podReplacementPolicy');
  if (policy === undefined) return [];
  if (isRecord(spec['podFailurePolicy'])) {
    return policy === 'Failed' ? [] : [notSupported(path, policy, ['Failed'])];
  }
  const supported = ['Failed', 'TerminatingOrFailed'];
  return supported.includes(policy) ? [] : [notSupported(path, policy, supported)];
}
