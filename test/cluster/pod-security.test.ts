import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiFromKubeconfig, dryRunPost, pool, statusMessage } from './admin-api.js';
import { createNamespace, deleteNamespaces, kprod } from './cluster.js';
import {
  type CorpusPod,
  PSS_LEVELS,
  PSS_VERSIONS,
  WORKLOAD_VERSIONS,
  podSecurityCorpus,
  workloadCorpus,
} from './pod-security-corpus.js';

/**
 * The Pod Security differential: every pod of the generated corpus is judged by `kprod check
 * --pss-level L --pss-version V` and by the real PodSecurity admission of the API server (a
 * server dry-run create in a namespace labelled `enforce: L`, `enforce-version: V`), for every
 * level and version. Both must give the same verdict and, for refusals, the same failing checks
 * in the same words. Every disagreement is printed with the pod and both answers.
 */

/** What admission answered for one object: allowed, refused by PodSecurity, or otherwise. */
type Verdict =
  | { readonly kind: 'allowed'; readonly warnings: readonly string[] }
  | { readonly kind: 'forbidden'; readonly reasons: string }
  | { readonly kind: 'other'; readonly status: number; readonly message: string };

const COLLECTIONS: Readonly<Record<string, string>> = {
  Pod: 'api/v1/namespaces/NS/pods',
  Deployment: 'apis/apps/v1/namespaces/NS/deployments',
  Job: 'apis/batch/v1/namespaces/NS/jobs',
  CronJob: 'apis/batch/v1/namespaces/NS/cronjobs',
};

/** The texts of the `Warning` headers of a reply (`299 - "text"`, unquoted). */
function warningsOf(rawHeaders: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() !== 'warning') continue;
    const match = /^\d{3} \S+ "(.*)"$/s.exec(rawHeaders[i + 1] ?? '');
    if (match?.[1] !== undefined) out.push(match[1].replace(/\\(.)/gs, '$1'));
  }
  return out;
}

/** Creates an object with dryRun=All (strict field validation) and says what admission did. */
async function dryRunCreate(
  api: Api,
  namespace: string,
  object: Record<string, unknown>,
): Promise<Verdict> {
  const collection = `/${(COLLECTIONS[String(object['kind'])] ?? '').replace('NS', namespace)}`;
  const { status, text, rawHeaders } = await dryRunPost(api, collection, object);
  if (status === 201) return { kind: 'allowed', warnings: warningsOf(rawHeaders) };
  const message = statusMessage(text) ?? text;
  const match = /^\w+ "[^"]*" is forbidden: violates PodSecurity "[^"]*": (.*)$/s.exec(message);
  if (status === 403 && match?.[1] !== undefined) return { kind: 'forbidden', reasons: match[1] };
  return { kind: 'other', status, message };
}

/** kprod's answer per pod name: undefined when allowed, else the reasons of its message. */
async function kprodVerdicts(file: string, level: string, version: string) {
  const result = await kprod([
    'check',
    file,
    // The control plane's release: its admission reads a newer policy version as its newest.
    '--kube-version',
    '1.36',
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
    const match =
      /^(?:would )?violates? PodSecurity "[^"]*": (.*) \(level set by --pss-level\)$/s.exec(
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

/** What admission said about a PodSecurity level: undefined when nothing. */
type RealAnswer = { readonly reasons: string | undefined } | { readonly invalid: string };

/**
 * Judges every object of `corpus` at every level and version with both judges and returns the
 * report lines, the disagreements and the objects the API server refused for another reason.
 * `real` reads admission's answer for the PodSecurity level out of its reply.
 */
async function differential(
  api: Api,
  corpus: readonly CorpusPod[],
  file: string,
  versions: readonly string[],
  namespaceFor: (level: string, version: string) => string,
  real: (answer: Verdict) => RealAnswer,
) {
  writeFileSync(
    file,
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: corpus.map((c) => c.pod) }),
  );
  const disagreements: string[] = [];
  const invalid = new Map<string, string>();
  const disagreeing = new Set<string>();
  let judged = 0;
  let verdictAgree = 0;
  let reasonsAgree = 0;
  let messageAgree = 0;
  let refused = 0;
  for (const level of PSS_LEVELS) {
    for (const version of versions) {
      const ns = namespaceFor(level, version);
      const answers = await pool(corpus, 6, (c) => dryRunCreate(api, ns, c.pod));
      const ours = await kprodVerdicts(file, level, version);
      for (const [index, c] of corpus.entries()) {
        const answer = real(answers[index] as Verdict);
        if ('invalid' in answer) {
          invalid.set(c.name, answer.invalid);
          continue;
        }
        judged++;
        const mine = ours.get(c.name);
        const theirs = answer.reasons;
        if (theirs !== undefined) refused++;
        const sameVerdict = (mine === undefined) === (theirs === undefined);
        const sameReasons =
          sameVerdict &&
          reasonNames(mine ?? '').join(', ') === reasonNames(theirs ?? '').join(', ');
        const sameMessage = sameVerdict && mine === theirs;
        if (sameVerdict) verdictAgree++;
        if (sameReasons) reasonsAgree++;
        if (sameMessage) messageAgree++;
        if (!sameMessage) {
          disagreeing.add(c.name);
          const what = !sameVerdict ? 'VERDICT' : !sameReasons ? 'REASONS' : 'WORDING';
          disagreements.push(
            `${what} ${c.name} at ${level}:${version}\n  admission: ${theirs ?? 'allowed'}\n  kprod:     ${mine ?? 'allowed'}`,
          );
        }
      }
    }
  }
  const pct = (n: number): string => `${((100 * n) / Math.max(judged, 1)).toFixed(2)}%`;
  const shown = corpus.filter((c) => disagreeing.has(c.name) || invalid.has(c.name));
  const report = [
    `${corpus.length} objects x ${PSS_LEVELS.length} levels x ${versions.length} versions = ${judged} judgements (${refused} refused by admission, ${invalid.size} objects invalid)`,
    `verdict agreement ${verdictAgree}/${judged} (${pct(verdictAgree)}), reasons ${reasonsAgree}/${judged} (${pct(reasonsAgree)}), exact message ${messageAgree}/${judged} (${pct(messageAgree)})`,
    ...disagreements,
    ...[...invalid].map(([name, message]) => `INVALID ${name}: ${message}`),
    ...shown.map((c) => `object ${c.name}: ${JSON.stringify(c.pod)}`),
  ];
  return { report, disagreements, invalid };
}

describe('kprod check --pss-level against PodSecurity admission', () => {
  const namespaces = new Map<string, string>();
  let dir = '';
  let api: Api;

  async function labelledNamespace(mode: string, level: string, version: string) {
    const ns = await createNamespace(
      `pss-${mode}-${level.slice(0, 1)}-${version.replace('.', '-')}`,
      {
        [`pod-security.kubernetes.io/${mode}`]: level,
        [`pod-security.kubernetes.io/${mode}-version`]: version,
      },
    );
    namespaces.set(`${mode}:${level}:${version}`, ns);
  }

  beforeAll(async () => {
    api = await apiFromKubeconfig(6);
    dir = mkdtempSync(join(tmpdir(), 'kprod-pss-'));
    for (const level of PSS_LEVELS) {
      for (const version of PSS_VERSIONS) await labelledNamespace('enforce', level, version);
      for (const version of WORKLOAD_VERSIONS) await labelledNamespace('warn', level, version);
    }
  });

  afterAll(async () => {
    api.agent.destroy();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    await deleteNamespaces(...namespaces.values());
  });

  it('should have a corpus of unique pods that covers every check', () => {
    const names = podSecurityCorpus().map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThan(300);
  });

  it('should give the verdict and the message of enforcing admission for every pod, level and version', async () => {
    const { report, disagreements, invalid } = await differential(
      api,
      podSecurityCorpus(),
      join(dir, 'pods.json'),
      PSS_VERSIONS,
      (level, version) => namespaces.get(`enforce:${level}:${version}`) ?? '',
      (answer) =>
        answer.kind === 'other'
          ? { invalid: `${answer.status} ${answer.message}` }
          : { reasons: answer.kind === 'forbidden' ? answer.reasons : undefined },
    );
    console.log(['Pod Security differential, Pods (enforce):', ...report].join('\n'));
    expect(invalid).toEqual(new Map());
    expect(disagreements).toEqual([]);
  }, 1_200_000);

  it('should give the warning of admission for every Deployment, Job and CronJob template', async () => {
    const { report, disagreements, invalid } = await differential(
      api,
      workloadCorpus(),
      join(dir, 'workloads.json'),
      WORKLOAD_VERSIONS,
      (level, version) => namespaces.get(`warn:${level}:${version}`) ?? '',
      (answer) => {
        if (answer.kind !== 'allowed') {
          return {
            invalid:
              answer.kind === 'other' ? `${answer.status} ${answer.message}` : answer.reasons,
          };
        }
        const warning = answer.warnings
          .map((w) => /^would violate PodSecurity "[^"]*": (.*)$/s.exec(w)?.[1])
          .find((w) => w !== undefined);
        return { reasons: warning };
      },
    );
    console.log(['Pod Security differential, workload templates (warn):', ...report].join('\n'));
    expect(invalid).toEqual(new Map());
    expect(disagreements).toEqual([]);
  }, 600_000);
});
