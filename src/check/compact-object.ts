/**
 * The compact index entry of an object: what the cross-object passes of the rule families read
 * (names, labels, annotations, selectors, ports, references, pod security fields), without what
 * only the per-object pass reads (ConfigMap and Secret values, images, commands, plain
 * environment values, volume mounts, probes other than their hosts, CRD schemas, status). Paths and list indexes are those of the object,
 * so a finding's field and line stay exact.
 */
import type { ManifestObject } from '../manifest/source-object.js';
import { isRecord } from '../kube/field-access.js';
import { ownString } from '../manifest/own-string.js';
import { TEMPLATE_PATHS } from './pod-templates.js';

type Json = Record<string, unknown>;

/** Metadata fields the cross-object rules read. */
const METADATA_KEYS = ['name', 'namespace', 'generateName', 'labels', 'annotations'];

/** Container fields no cross-object rule reads: dropped from the index. */
const CONTAINER_DROPPED = new Set([
  'command',
  'args',
  'workingDir',
  'volumeMounts',
  'volumeDevices',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'image',
  'imagePullPolicy',
  'stdin',
  'stdinOnce',
  'tty',
]);

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

/** Kinds whose keys (but not values) matter to references: `data` and friends. */
const KEYED_DATA = new Set(['ConfigMap', 'Secret']);

/** Annotation that repeats the whole object: never read by a rule. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function compactMetadata(metadata: unknown): unknown {
  if (!isRecord(metadata)) return metadata;
  const out: Json = {};
  for (const key of METADATA_KEYS) {
    if (!(key in metadata)) continue;
    const value = metadata[key];
    if (key === 'annotations' && isRecord(value) && LAST_APPLIED in value) {
      out[key] = Object.fromEntries(Object.entries(value).filter(([k]) => k !== LAST_APPLIED));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Probes and lifecycle handlers: only their `host` is read (by pod security). */
const HANDLER_KINDS = ['httpGet', 'tcpSocket'];
const PROBES = new Set(['livenessProbe', 'readinessProbe', 'startupProbe']);

/** A handler reduced to the hosts it names, or undefined when it names none. */
function handlerHosts(handler: unknown): Json | undefined {
  if (!isRecord(handler)) return undefined;
  const out: Json = {};
  for (const kind of HANDLER_KINDS) {
    const action = handler[kind];
    if (isRecord(action) && 'host' in action) out[kind] = { host: action['host'] };
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** A container without the fields no cross-object rule reads; env keeps names and valueFrom. */
function compactContainer(container: unknown): unknown {
  if (!isRecord(container)) return container;
  const out: Json = {};
  for (const [key, value] of Object.entries(container)) {
    if (CONTAINER_DROPPED.has(key)) continue;
    if (PROBES.has(key)) {
      const hosts = handlerHosts(value);
      if (hosts !== undefined) out[key] = hosts;
      continue;
    }
    if (key === 'lifecycle' && isRecord(value)) {
      const postStart = handlerHosts(value['postStart']);
      const preStop = handlerHosts(value['preStop']);
      if (postStart !== undefined || preStop !== undefined) out[key] = { postStart, preStop };
      continue;
    }
    out[key] =
      key === 'env' && Array.isArray(value)
        ? value.map((entry: unknown) =>
            isRecord(entry) ? { name: entry['name'], valueFrom: entry['valueFrom'] } : entry,
          )
        : value;
  }
  return out;
}

function compactPodSpec(spec: unknown): unknown {
  if (!isRecord(spec)) return spec;
  const out: Json = { ...spec };
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (Array.isArray(containers)) out[list] = containers.map(compactContainer);
  }
  return out;
}

/** The object with the pod template at `path` compacted; every other field kept as is. */
function compactAlong(value: unknown, path: readonly (string | number)[]): unknown {
  if (!isRecord(value)) return value;
  if (path.length === 0) {
    return {
      ...value,
      metadata: compactMetadata(value['metadata']),
      spec: compactPodSpec(value['spec']),
    };
  }
  const [head, ...rest] = path;
  const key = String(head);
  if (!(key in value)) return value;
  return { ...value, [key]: compactAlong(value[key], rest) };
}

function keysOnly(value: unknown): unknown {
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).map((key) => [key, '']));
}

/**
 * Strings and whole values that compact copies share: the index holds `http`, `128Mi` or an
 * object's name once, and a `resources` block, a port list or a security context that many
 * objects repeat (or that one object repeats, as its labels in its pod template) once, not once
 * per place. The objects of the index are only read, so sharing is safe; a root object is never
 * shared, so two equal objects stay two. Clear it at any time: values shared so far stay shared.
 */
export class SharedValues {
  private readonly strings = new Map<string, string>();
  private readonly values = new Map<string, object>();
  private readonly ids = new Map<object, number>();

  /** How many strings and values it holds. */
  get size(): number {
    return this.strings.size + this.values.size;
  }

  clear(): void {
    this.strings.clear();
    this.values.clear();
    this.ids.clear();
  }

  /** The shared string equal to `text`; `copy: false` when `text` is already a string of its own. */
  string(text: string, copy = true): string {
    let shared = this.strings.get(text);
    if (shared === undefined) {
      shared = copy ? ownString(text) : text;
      this.strings.set(shared, shared);
    }
    return shared;
  }

  /** The shared value equal to `value`, whose own values are shared already. */
  value<T extends object>(value: T): T {
    const key = this.keyOf(value);
    const shared = this.values.get(key);
    if (shared !== undefined) return shared as T;
    this.values.set(key, value);
    this.ids.set(value, this.ids.size);
    return value;
  }

  /** A key naming the value by its items: a shared value by its number, a leaf as JSON. */
  private keyOf(value: object): string {
    const part = (item: unknown): string => {
      if (typeof item === 'object' && item !== null) return `#${this.ids.get(item) ?? -1}`;
      return JSON.stringify(item);
    };
    if (Array.isArray(value)) return `[${value.map(part).join(',')}`;
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${part(item)}`)
      .join(',')}`;
  }
}

/**
 * A deep copy by a JSON round trip (undefined fields dropped, undefined list items and numbers
 * that are not finite made null), sharing its strings and values through `shared`; the root
 * object is never shared. JSON.parse makes each object exactly as large as its fields need
 * (an object built field by field keeps room for more: a third more memory over the index),
 * and its strings are its own, sharing no memory with the text the object was read from.
 */
function sharedCopy(value: unknown, shared: SharedValues): unknown {
  const root = JSON.parse(JSON.stringify(value)) as unknown;
  shareFields(root, shared);
  return root;
}

/** Replaces the strings and values of a fresh copy's fields by the shared ones, bottom up. */
function shareFields(copy: unknown, shared: SharedValues): void {
  if (Array.isArray(copy)) {
    for (let i = 0; i < copy.length; i += 1) copy[i] = sharedOf(copy[i], shared);
  } else if (isRecord(copy)) {
    const record = copy as Json;
    for (const key of Object.keys(record)) record[key] = sharedOf(record[key], shared);
  }
}

function sharedOf(item: unknown, shared: SharedValues): unknown {
  if (typeof item === 'string') return shared.string(item, false);
  if (typeof item !== 'object' || item === null) return item;
  shareFields(item, shared);
  return shared.value(item);
}

/**
 * The compact copy of `object` for the cross-object index. The copy shares no string with the
 * parsed text, so the text of the document can be freed; equal strings and values are shared
 * through `shared`, which the caller keeps across objects.
 */
export function compactObject(
  object: ManifestObject,
  shared: SharedValues = new SharedValues(),
): ManifestObject {
  const kind = typeof object.kind === 'string' ? object.kind : '';
  let out: Json = { ...object, metadata: compactMetadata(object.metadata) };
  delete out['status'];
  if (kind === 'CustomResourceDefinition') delete out['spec'];
  if (KEYED_DATA.has(kind) && object.apiVersion === 'v1') {
    for (const key of ['data', 'binaryData', 'stringData']) {
      if (key in out) out[key] = keysOnly(out[key]);
    }
  }
  const templatePath = Object.hasOwn(TEMPLATE_PATHS, kind) ? TEMPLATE_PATHS[kind] : undefined;
  if (templatePath !== undefined && templatePath.length > 0) {
    out = compactAlong(out, templatePath) as Json;
  } else if (kind === 'Pod') {
    out = { ...out, spec: compactPodSpec(out['spec']) };
  }
  return sharedCopy(out, shared) as ManifestObject;
}
