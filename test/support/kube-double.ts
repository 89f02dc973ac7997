import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * A TEST DOUBLE of the Kubernetes API server: an in-process HTTP server that answers the REST
 * paths kprod uses with the real shapes and status codes (201 create, 200, 404 NotFound,
 * 409 AlreadyExists/Conflict, 422 Invalid, 403 Forbidden, watch streams). It stores objects in
 * memory and runs no controllers; tests add "reactors" to simulate one (a Deployment progressing,
 * a CSR being approved). It is not Kubernetes and proves only that kprod speaks the protocol
 * the way these tests expect.
 */

export type Obj = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown> & {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    generation?: number;
  };
};

/** A parsed API path. */
export interface ParsedPath {
  /** `v1` or `group/version`. */
  apiVersion: string;
  namespace: string | undefined;
  plural: string;
  name: string | undefined;
  subresource: string | undefined;
}

/** One request the double received, for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  body: unknown;
}

/** A reactor sees every stored change and may change objects (as a controller would). */
export type Reactor = (
  change: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; path: ParsedPath; object: Obj },
  double: KubeDouble,
) => void;

/** An override answers a request before the store does; return undefined to pass. */
export type Override = (
  req: RecordedRequest,
  parsed: ParsedPath | null,
) => { status: number; body: unknown; contentType?: string } | undefined;

/**
 * A streamer answers a request itself, writing to the response over time (pods/log follow);
 * return true when it took the request.
 */
export type Streamer = (
  req: RecordedRequest,
  parsed: ParsedPath | null,
  res: http.ServerResponse,
  incoming: http.IncomingMessage,
) => boolean;

/** Parses `/api/v1/namespaces/ns/pods/x/status` and `/apis/apps/v1/...` paths. */
export function parseApiPath(path: string): ParsedPath | null {
  const parts = path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  let apiVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    apiVersion = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    apiVersion = `${parts[1]!}/${parts[2]!}`;
    rest = parts.slice(3);
  } else return null;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource] = rest;
  if (plural === undefined) return null;
  return { apiVersion, namespace, plural, name, subresource };
}

function keyOf(p: {
  apiVersion: string;
  plural: string;
  namespace?: string | undefined;
  name?: string | undefined;
}): string {
  return `${p.apiVersion}|${p.plural}|${p.namespace ?? ''}|${p.name ?? ''}`;
}

function status(code: number, reason: string, message: string): { status: number; body: unknown } {
  return {
    status: code,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    },
  };
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function matchesSelector(
  labels: Record<string, string> | undefined,
  selector: string | undefined,
): boolean {
  if (selector === undefined || selector === '') return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.includes('!=') ? term.split('!=') : term.split('=');
    const actual = labels?.[k!.trim()];
    if (term.includes('!=')) return actual !== v?.trim();
    if (v === undefined) return actual !== undefined;
    return actual === v.replace(/^=/, '').trim();
  });
}

/** The running double. */
export class KubeDouble {
  readonly requests: RecordedRequest[] = [];
  private readonly store = new Map<string, { path: ParsedPath; object: Obj }>();
  private readonly reactors: Reactor[] = [];
  private readonly overrides: Override[] = [];
  private readonly streamers: Streamer[] = [];
  private readonly watchers = new Set<{
    path: ParsedPath;
    selector: string | undefined;
    res: http.ServerResponse;
  }>();
  private version = 1;
  private server: http.Server | undefined;
  url = '';
  kubeconfigPath = '';

  /** Starts listening on 127.0.0.1 and writes a kubeconfig (context `double`) pointing at it. */
  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    const dir = mkdtempSync(join(tmpdir(), 'kube-double-'));
    this.kubeconfigPath = join(dir, 'kubeconfig');
    writeFileSync(
      this.kubeconfigPath,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        // client-node refuses plain HTTP unless TLS verification is off; the double speaks HTTP.
        `- name: double\n  cluster:\n    server: ${this.url}\n    insecure-skip-tls-verify: true`,
        'users:',
        '- name: admin\n  user:\n    token: test-token',
        'contexts:',
        '- name: double\n  context:\n    cluster: double\n    user: admin\n    namespace: default',
        'current-context: double',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    return this;
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
    this.server?.closeAllConnections();
    const server = this.server;
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }

  /** Adds a controller-like reactor. */
  react(reactor: Reactor): void {
    this.reactors.push(reactor);
  }

  /** Adds a request override (fault injection, custom answers). */
  override(fn: Override): void {
    this.overrides.push(fn);
  }

  /** Adds a streamer, asked after the overrides (see kube-double-logs.ts). */
  stream(fn: Streamer): void {
    this.streamers.push(fn);
  }

  /** Makes the next matching request fail with the given status once. */
  failOnce(
    method: string,
    pathPrefix: string,
    code: number,
    reason: string,
    message: string,
  ): void {
    let used = false;
    this.overrides.push((req) => {
      if (used || req.method !== method || !req.path.startsWith(pathPrefix)) return undefined;
      used = true;
      return status(code, reason, message);
    });
  }

  /** Reads an object from the store by its API path. */
  get(path: string): Obj | undefined {
    const parsed = parseApiPath(path);
    return parsed === null ? undefined : structuredClone(this.store.get(keyOf(parsed))?.object);
  }

  /** Lists stored objects under a collection path. */
  list(path: string): Obj[] {
    const parsed = parseApiPath(path);
    if (parsed === null) return [];
    return [...this.store.values()]
      .filter((e) => e.path.apiVersion === parsed.apiVersion && e.path.plural === parsed.plural)
      .filter((e) => parsed.namespace === undefined || e.path.namespace === parsed.namespace)
      .map((e) => structuredClone(e.object));
  }

  /** Stores an object directly (test set-up or a reactor), notifying watchers and reactors. */
  put(path: string, object: Obj): Obj {
    const parsed = parseApiPath(path);
    if (parsed?.name === undefined) throw new Error(`put needs an object path, got ${path}`);
    const key = keyOf(parsed);
    const existed = this.store.has(key);
    const stored = structuredClone(object);
    stored.metadata = {
      ...(stored.metadata ?? {}),
      name: parsed.name,
      resourceVersion: String(++this.version),
    };
    if (parsed.namespace !== undefined) stored.metadata.namespace = parsed.namespace;
    this.store.set(key, { path: { ...parsed, subresource: undefined }, object: stored });
    this.emit(existed ? 'MODIFIED' : 'ADDED', parsed, stored);
    return structuredClone(stored);
  }

  /** Deletes an object directly. */
  remove(path: string): boolean {
    const parsed = parseApiPath(path);
    if (parsed === null) return false;
    const entry = this.store.get(keyOf(parsed));
    if (entry === undefined) return false;
    this.store.delete(keyOf(parsed));
    if (parsed.plural === 'namespaces' && parsed.apiVersion === 'v1') {
      for (const [k, e] of this.store) if (e.path.namespace === parsed.name) this.store.delete(k);
    }
    this.emit('DELETED', parsed, entry.object);
    return true;
  }

  private emit(type: 'ADDED' | 'MODIFIED' | 'DELETED', path: ParsedPath, object: Obj): void {
    for (const w of this.watchers) {
      if (w.path.apiVersion !== path.apiVersion || w.path.plural !== path.plural) continue;
      if (w.path.namespace !== undefined && w.path.namespace !== path.namespace) continue;
      if (w.path.name !== undefined && w.path.name !== path.name) continue;
      if (!matchesSelector(object.metadata?.labels, w.selector)) continue;
      w.res.write(JSON.stringify({ type, object }) + '\n');
    }
    for (const reactor of this.reactors)
      reactor({ type, path, object: structuredClone(object) }, this);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const contentType = req.headers['content-type'];
    let body: unknown = undefined;
    if (raw !== '')
      body = contentType?.includes('yaml') === true ? parseYaml(raw) : JSON.parse(raw);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType,
      body,
    };
    this.requests.push(recorded);
    const parsed = parseApiPath(url.pathname);
    for (const o of this.overrides) {
      const answer = o(recorded, parsed);
      if (answer !== undefined) {
        // A content type other than JSON sends a string body as it is (a service proxy answer).
        const raw = answer.contentType !== undefined && typeof answer.body === 'string';
        res
          .writeHead(answer.status, { 'Content-Type': answer.contentType ?? 'application/json' })
          .end(raw ? answer.body : JSON.stringify(answer.body));
        return;
      }
    }
    for (const s of this.streamers) if (s(recorded, parsed, res, req)) return;
    if (parsed === null) {
      res
        .writeHead(404, { 'Content-Type': 'application/json' })
        .end(
          JSON.stringify(
            status(404, 'NotFound', `the server could not find the requested resource`).body,
          ),
        );
      return;
    }
    if (recorded.method === 'GET' && recorded.query['watch'] === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
      const watcher = { path: parsed, selector: recorded.query['labelSelector'], res };
      this.watchers.add(watcher);
      req.on('close', () => this.watchers.delete(watcher));
      return;
    }
    const answer = this.answer(recorded, parsed);
    res
      .writeHead(answer.status, { 'Content-Type': 'application/json' })
      .end(JSON.stringify(answer.body));
  }

  private answer(req: RecordedRequest, p: ParsedPath): { status: number; body: unknown } {
    const dryRun = req.query['dryRun'] === 'All';
    const resource = `${p.plural}${p.name === undefined ? '' : ` "${p.name}"`}`;
    const existing = p.name === undefined ? undefined : this.store.get(keyOf(p));
    switch (req.method) {
      case 'GET': {
        if (p.name === undefined) {
          const items = [...this.store.values()]
            .filter((e) => e.path.apiVersion === p.apiVersion && e.path.plural === p.plural)
            .filter((e) => p.namespace === undefined || e.path.namespace === p.namespace)
            .filter((e) => matchesSelector(e.object.metadata?.labels, req.query['labelSelector']))
            .map((e) => e.object);
          return {
            status: 200,
            body: {
              kind: 'List',
              apiVersion: p.apiVersion,
              metadata: { resourceVersion: String(this.version) },
              items,
            },
          };
        }
        if (existing === undefined) return status(404, 'NotFound', `${resource} not found`);
        return { status: 200, body: existing.object };
      }
      case 'POST': {
        const obj = req.body as Obj;
        const name =
          obj.metadata?.name ??
          (typeof obj.metadata?.['generateName'] === 'string'
            ? `${obj.metadata['generateName']}${randomUUID().slice(0, 5)}`
            : undefined);
        if (name === undefined)
          return status(422, 'Invalid', `${p.plural}: metadata.name: Required value`);
        const target = { ...p, name };
        if (this.store.has(keyOf(target)))
          return status(409, 'AlreadyExists', `${p.plural} "${name}" already exists`);
        const created: Obj = {
          ...obj,
          metadata: {
            ...obj.metadata,
            name,
            uid: randomUUID(),
            generation: 1,
            creationTimestamp: new Date().toISOString(),
          },
        };
        if (dryRun) return { status: 201, body: created };
        return { status: 201, body: this.put(this.pathOf(target), created) };
      }
      case 'PUT': {
        if (existing === undefined) return status(404, 'NotFound', `${resource} not found`);
        const obj = req.body as Obj;
        const rv = obj.metadata?.resourceVersion;
        if (rv !== undefined && rv !== existing.object.metadata?.resourceVersion) {
          return status(
            409,
            'Conflict',
            `Operation cannot be fulfilled on ${resource}: the object has been modified; please apply your changes to the latest version and try again`,
          );
        }
        const next =
          p.subresource === 'status'
            ? { ...existing.object, status: obj['status'] }
            : this.bumpGeneration(existing.object, obj);
        if (dryRun) return { status: 200, body: next };
        return { status: 200, body: this.put(this.pathOf(p), next) };
      }
      case 'PATCH': {
        const ct = req.contentType ?? '';
        if (existing === undefined && !ct.includes('apply-patch'))
          return status(404, 'NotFound', `${resource} not found`);
        let next: Obj;
        if (ct.includes('json-patch')) {
          const failedTest = failedJsonPatchTest(existing!.object, req.body as JsonPatchOp[]);
          if (failedTest !== undefined)
            // The API server answers a failed `test` operation with 422 and this message.
            return status(
              422,
              'Invalid',
              'the server rejected our request due to an error in our request',
            );
          next = applyJsonPatch(existing!.object, req.body as JsonPatchOp[]);
        } else {
          next = mergePatch(existing?.object ?? {}, req.body) as Obj;
          if (ct.includes('apply-patch')) {
            if (req.query['fieldManager'] === undefined)
              return status(
                422,
                'Invalid',
                'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
              );
            next.metadata = {
              ...next.metadata,
              managedFields: [{ manager: req.query['fieldManager'], operation: 'Apply' }],
            };
            if (existing === undefined)
              next.metadata = {
                ...next.metadata,
                uid: randomUUID(),
                generation: 1,
                creationTimestamp: new Date().toISOString(),
              };
          }
        }
        if (existing !== undefined && p.subresource !== 'status')
          next = this.bumpGeneration(existing.object, next);
        if (dryRun) return { status: existing === undefined ? 201 : 200, body: next };
        return { status: existing === undefined ? 201 : 200, body: this.put(this.pathOf(p), next) };
      }
      case 'DELETE': {
        if (existing === undefined) return status(404, 'NotFound', `${resource} not found`);
        if (!dryRun) this.remove(this.pathOf(p));
        return { status: 200, body: existing.object };
      }
      default:
        return status(405, 'MethodNotAllowed', `method ${req.method} not allowed`);
    }
  }

  private bumpGeneration(before: Obj, after: Obj): Obj {
    const changed = JSON.stringify(before['spec']) !== JSON.stringify(after['spec']);
    const generation = (before.metadata?.generation ?? 1) + (changed ? 1 : 0);
    return { ...after, metadata: { ...after.metadata, generation } };
  }

  /** The API path of an object. */
  pathOf(p: {
    apiVersion: string;
    plural: string;
    namespace?: string | undefined;
    name?: string | undefined;
  }): string {
    const root = p.apiVersion.includes('/') ? `/apis/${p.apiVersion}` : `/api/${p.apiVersion}`;
    const ns = p.namespace === undefined ? '' : `/namespaces/${p.namespace}`;
    return `${root}${ns}/${p.plural}${p.name === undefined ? '' : `/${p.name}`}`;
  }
}

interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
}

/** The path of the first `test` operation whose value differs from the object's, if any. */
function failedJsonPatchTest(target: Obj, ops: JsonPatchOp[]): string | undefined {
  for (const op of ops) {
    if (op.op !== 'test') continue;
    let node: unknown = target;
    for (const part of op.path.split('/').slice(1)) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      node =
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[key]
          : undefined;
    }
    if (JSON.stringify(node) !== JSON.stringify(op.value)) return op.path;
  }
  return undefined;
}

function applyJsonPatch(target: Obj, ops: JsonPatchOp[]): Obj {
  const doc = structuredClone(target) as Record<string, unknown>;
  for (const op of ops) {
    const parts = op.path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop()!;
    let node: Record<string, unknown> = doc;
    for (const part of parts) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    if (op.op === 'remove') delete node[last];
    else if (op.op === 'add' && Array.isArray(node) && last === '-')
      (node as unknown[]).push(op.value);
    else if (op.op !== 'test') node[last] = op.value;
  }
  return doc;
}

/** Starts a double; call `stop()` in afterEach/afterAll. */
export async function startKubeDouble(): Promise<KubeDouble> {
  return new KubeDouble().start();
}
