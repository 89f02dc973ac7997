import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNamespace, deleteNamespaces, kprod, kubectlOk } from './cluster.js';
import {
  type CorpusPod,
  PSS_LEVELS,
  PSS_VERSIONS,
  podSecurityCorpus,
} from './pod-security-corpus.js';

/**
 * The Pod Security differential: every pod of the generated corpus is judged by `kprod check
 * --pss-level L --pss-version V` and by the real PodSecurity admission of the API server (a
 * server dry-run create in a namespace labelled `enforce: L`, `enforce-version: V`), for every
 * level and version. Both must give the same verdict and, for refusals, the same failing checks
 * in the same words. Every disagreement is printed with the pod and both answers.
 */

interface Api {
  readonly host: string;
  readonly port: number;
  readonly ca: Buffer;
  readonly token: string;
  readonly agent: Agent;
}

/** What admission answered for one pod: allowed, refused by PodSecurity, or invalid. */
type Verdict =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'forbidden'; readonly reasons: string }
  | { readonly kind: 'other'; readonly status: number; readonly message: string };

async function apiFromKubeconfig(): Promise<Api> {
  const config = JSON.parse(await kubectlOk(['config', 'view', '--raw', '-o', 'json'])) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = config.clusters[0]?.cluster;
  const token = config.users[0]?.user.token;
  if (cluster === undefined || token === undefined) throw new Error('unexpected kubeconfig');
  const url = new URL(cluster.server);
  return {
    host: url.hostname,
    port: Number(url.port),
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64'),
    token,
    agent: new Agent({ keepAlive: true, maxSockets: 6 }),
  };
}

/** POSTs a pod with dryRun=All; resolves with the status code and the parsed reply. */
function dryRunCreate(api: Api, namespace: string, pod: unknown): Promise<Verdict> {
  const body = JSON.stringify(pod);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: api.host,
        port: api.port,
        ca: api.ca,
        agent: api.agent,
        method: 'POST',
        path: `/api/v1/namespaces/${namespace}/pods?dryRun=All&fieldValidation=Strict`,
        headers: {
          authorization: `Bearer ${api.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length > 1_000_000) req.destroy(new Error('reply over 1 MB'));
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status === 201) {
            resolve({ kind: 'allowed' });
            return;
          }
          let message = text;
          try {
            const parsed = (JSON.parse(text) as { message?: unknown }).message;
            if (typeof parsed === 'string') message = parsed;
          } catch {
            // not a Status: the raw reply is the message
          }
          const match = /^pods "[^"]*" is forbidden: violates PodSecurity "[^"]*": (.*)$/s.exec(
            message,
          );
          if (status === 403 && match?.[1] !== undefined) {
            resolve({ kind: 'forbidden', reasons: match[1] });
            return;
          }
          resolve({ kind: 'other', status, message });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('dry-run create timed out after 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: readonly T[], limit: number, work: (t: T) => Promise<R>) {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

/** kprod's answer per pod name: undefined when allowed, else the reasons of its message. */
async function kprodVerdicts(file: string, level: string, version: string) {
  const result = await kprod([
    'check',
    file,
    '--pss-level',
    level,
    '--pss-version',
    version,
    '-o',
    'json',
    '--fail-on',
    'never',
  ]);
  if (result.code !== 0) throw new Error(`kprod check exited ${result.code}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as {
    findings: { rule: string; resource: { name: string }; message: string }[];
  };
  const out = new Map<string, string>();
  for (const finding of report.findings) {
    if (!finding.rule.startsWith('pss-')) continue;
    const match = /^violates PodSecurity "[^"]*": (.*) \(level set by --pss-level\)$/s.exec(
      finding.message,
    );
    out.set(finding.resource.name, match?.[1] ?? `unparsed: ${finding.message}`);
  }
  return out;
}

/** The reasons of a message (`reason (detail), reason (detail)`), without their details. */
function reasonNames(reasons: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of reasons) {
    if (ch === '(') depth++;
    if (depth === 0 && ch === ',') {
      names.push(current.trim());
      current = '';
      continue;
    }
    if (depth === 0) current += ch;
    if (ch === ')') depth--;
  }
  names.push(current.trim());
  return names.filter((n) => n !== '');
}

describe('kprod check --pss-level against PodSecurity admission', () => {
  const corpus: CorpusPod[] = podSecurityCorpus();
  const namespaces = new Map<string, string>();
  let dir = '';
  let api: Api;

  beforeAll(async () => {
    api = await apiFromKubeconfig();
    dir = mkdtempSync(join(tmpdir(), 'kprod-pss-'));
    for (const level of PSS_LEVELS) {
      for (const version of PSS_VERSIONS) {
        const ns = await createNamespace(`pss-${level.slice(0, 1)}-${version.replace('.', '-')}`, {
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/enforce-version': version,
        });
        namespaces.set(`${level}:${version}`, ns);
      }
    }
  });

  afterAll(async () => {
    api.agent.destroy();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    await deleteNamespaces(...namespaces.values());
  });

  it('should have a corpus of unique pods that covers every check', () => {
    const names = corpus.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(corpus.length).toBeGreaterThan(300);
  });

  it('should give the verdict and the reasons of real admission for every pod, level and version', async () => {
    const file = join(dir, 'corpus.json');
    writeFileSync(
      file,
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: corpus.map((c) => c.pod) }),
    );
    const disagreements: string[] = [];
    const invalid = new Map<string, string>();
    const disagreeingPods = new Set<string>();
    let judged = 0;
    let verdictAgree = 0;
    let reasonsAgree = 0;
    let messageAgree = 0;
    let refused = 0;
    for (const level of PSS_LEVELS) {
      for (const version of PSS_VERSIONS) {
        const ns = namespaces.get(`${level}:${version}`) ?? '';
        const real = await pool(corpus, 6, (c) => dryRunCreate(api, ns, c.pod));
        const ours = await kprodVerdicts(file, level, version);
        for (const [index, c] of corpus.entries()) {
          const answer = real[index] as Verdict;
          if (answer.kind === 'other') {
            invalid.set(c.name, `${answer.status} ${answer.message}`);
            continue;
          }
          judged++;
          const mine = ours.get(c.name);
          const realReasons = answer.kind === 'forbidden' ? answer.reasons : undefined;
          if (realReasons !== undefined) refused++;
          const sameVerdict = (mine === undefined) === (realReasons === undefined);
          const sameReasons =
            sameVerdict &&
            reasonNames(mine ?? '').join(', ') === reasonNames(realReasons ?? '').join(', ');
          const sameMessage = sameVerdict && mine === realReasons;
          if (sameVerdict) verdictAgree++;
          if (sameReasons) reasonsAgree++;
          if (sameMessage) messageAgree++;
          if (!sameMessage) {
            disagreeingPods.add(c.name);
            const what = !sameVerdict ? 'VERDICT' : !sameReasons ? 'REASONS' : 'WORDING';
            disagreements.push(
              `${what} ${c.name} at ${level}:${version}\n  admission: ${realReasons ?? 'allowed'}\n  kprod:     ${mine ?? 'allowed'}`,
            );
          }
        }
      }
    }
    const pct = (n: number): string => `${((100 * n) / Math.max(judged, 1)).toFixed(2)}%`;
    const pods = corpus.filter((c) => disagreeingPods.has(c.name) || invalid.has(c.name));
    console.log(
      [
        `Pod Security differential: ${corpus.length} pods x ${PSS_LEVELS.length} levels x ${PSS_VERSIONS.length} versions = ${judged} judgements (${refused} refused by admission, ${invalid.size} pods invalid)`,
        `verdict agreement ${verdictAgree}/${judged} (${pct(verdictAgree)}), reasons ${reasonsAgree}/${judged} (${pct(reasonsAgree)}), exact message ${messageAgree}/${judged} (${pct(messageAgree)})`,
        ...disagreements,
        ...[...invalid].map(([name, message]) => `INVALID ${name}: ${message}`),
        ...pods.map((c) => `pod ${c.name}: ${JSON.stringify(c.pod)}`),
      ].join('\n'),
    );
    expect(invalid).toEqual(new Map());
    expect(disagreements).toEqual([]);
  }, 1_200_000);
});
