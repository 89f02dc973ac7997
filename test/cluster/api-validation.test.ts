import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaFamily } from '../../src/check/schema/schema.js';
import { apiValidationFamily } from '../../src/check/api-validation/api-validation.js';
import { createNamespace, deleteNamespaces, eventually, kprod, kubectl } from './cluster.js';
import {
  type KprodFinding,
  compareVerdicts,
  ratio,
  summaryLines,
} from './api-validation/report.js';
import { type Api, apiFromKubeconfig, pool } from './admin-api.js';
import { dryRunCreate } from './api-validation/server-dry-run.js';
import type { Variant } from './api-validation/variant.js';
import { workloadVariants } from './api-validation/workload-variants.js';
import { networkVariants } from './api-validation/network-variants.js';

/**
 * The API-validation differential: every generated object variant is created with `dryRun=All`
 * and `fieldValidation=Strict` on the real API server of the test cluster, and checked by one
 * `kprod check DIR -o json --fail-on never -n NS` over all variant files (one file per variant,
 * named by its id). kprod rejects a variant when it reports an error of a family that mirrors
 * the API server (schema and api-validation); Pod Security, practices, references and Istio do
 * not count. The verdicts must agree on at least 99.5% of the variants; every disagreement is
 * printed with the variant, the server's causes and kprod's findings.
 *
 * Usage (after `npm run build`; a cluster from `npm run cluster:up` is reused):
 *
 *   npx vitest run --config vitest.cluster.config.ts test/cluster/api-validation.test.ts
 *
 * Environment filters, for working on one part:
 *   APIVAL_ONLY=workload|network   only one generator's list (default: both)
 *   APIVAL_FAMILY=probes,ports     only variants of these field families (Variant.family)
 *   APIVAL_SHOW=wording            also print every variant both reject with other wording
 *
 * The threshold: agreement >= 99.5% is asserted on whatever runs. The total of >= 3,000 variants
 * is asserted only on an unfiltered run once both generators' lists are non-empty (until then the
 * figures are printed for the one list that exists).
 */

const THRESHOLD = 0.995;
/** The release of the test cluster's API server. */
const KUBE_VERSION = '1.36';
const MIN_VARIANTS = 3000;
/** Requests in flight to the API server: enough to hide latency, few enough for 2 cores. */
const PARALLEL = 6;

/** Rule ids of the families that mirror the API server's validation. */
const MIRRORING_RULES = new Set(
  [schemaFamily, apiValidationFamily].flatMap((f) => f.rules.map((r) => r.id)),
);

const only = process.env['APIVAL_ONLY'];
const familyFilter = process.env['APIVAL_FAMILY']?.split(',').filter((f) => f !== '');
const showWording = process.env['APIVAL_SHOW'] === 'wording';

function selectedVariants(): { variants: Variant[]; bothLists: boolean; filtered: boolean } {
  const workload = only === undefined || only === 'workload' ? workloadVariants() : [];
  const network = only === undefined || only === 'network' ? networkVariants() : [];
  let variants = [...workload, ...network];
  if (familyFilter !== undefined)
    variants = variants.filter((v) => familyFilter.includes(v.family));
  return {
    variants,
    bothLists: workload.length > 0 && network.length > 0,
    filtered: only !== undefined || familyFilter !== undefined,
  };
}

/** kprod's mirroring errors per variant id, from one check over all variant files. */
async function kprodFindings(dir: string, namespace: string) {
  // The control plane is v1.36.3: kprod judges as that release does (the default is the newest).
  const result = await kprod([
    'check',
    dir,
    '-o',
    'json',
    '--fail-on',
    'never',
    '-n',
    namespace,
    '--kube-version',
    KUBE_VERSION,
  ]);
  if (result.code !== 0) throw new Error(`kprod check exited ${result.code}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { findings: KprodFinding[] };
  const out = new Map<string, KprodFinding[]>();
  for (const finding of report.findings) {
    if (finding.severity !== 'error' || !MIRRORING_RULES.has(finding.rule)) continue;
    const id = basename(finding.file).replace(/\.json$/, '');
    out.set(id, [...(out.get(id) ?? []), finding]);
  }
  return out;
}

describe('kprod check against the API server validation (dry-run creates)', () => {
  const { variants, bothLists, filtered } = selectedVariants();
  let api: Api;
  let namespace = '';
  let dir = '';

  beforeAll(async () => {
    api = await apiFromKubeconfig(PARALLEL);
    dir = mkdtempSync(join(tmpdir(), 'kprod-apival-'));
    // No Pod Security labels: PodSecurity admission stays out of the verdicts.
    namespace = await createNamespace('apival');
    // The ServiceAccount admission refuses pods until the namespace's default account exists.
    await eventually('the default ServiceAccount', 60, async () => {
      const r = await kubectl(['get', 'serviceaccount', 'default', '-n', namespace]);
      return r.code === 0 ? true : undefined;
    });
  });

  afterAll(async () => {
    api.agent.destroy();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    if (namespace !== '') await deleteNamespaces(namespace);
  });

  it('should have variants with unique, file-name safe ids', () => {
    const ids = variants.map((v) => v.id);
    expect(ids.filter((id) => !/^[a-z0-9][a-z0-9.-]*$/.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(variants.length).toBeGreaterThan(0);
  });

  it('should agree with the API server on accept/reject for at least 99.5% of the variants', async () => {
    const started = Date.now();
    for (const v of variants) writeFileSync(join(dir, `${v.id}.json`), JSON.stringify(v.object));
    const answers = await pool(variants, PARALLEL, (v) => dryRunCreate(api, namespace, v.object));
    const serverMs = Date.now() - started;
    const findings = await kprodFindings(dir, namespace);
    const kprodMs = Date.now() - started - serverMs;
    const comparison = compareVerdicts(variants, answers, findings);
    const { total } = comparison;
    console.log(
      [
        `API-validation differential: ${variants.length} variants (${only ?? 'workload+network'}${familyFilter === undefined ? '' : `, families ${familyFilter.join(',')}`}), server ${serverMs} ms, kprod ${kprodMs} ms`,
        ...summaryLines(comparison),
        `valid share ${ratio(total.serverAccepts, total.variants)}`,
        ...comparison.disagreements.map((d) => `DISAGREE ${d}`),
        ...comparison.others.map((d) => `NO VERDICT ${d}`),
        ...(showWording ? comparison.wordingDifferences.map((d) => `WORDING ${d}`) : []),
      ].join('\n'),
    );
    expect(comparison.others).toEqual([]);
    expect(total.agree / total.variants).toBeGreaterThanOrEqual(THRESHOLD);
    if (bothLists && !filtered) expect(total.variants).toBeGreaterThanOrEqual(MIN_VARIANTS);
  }, 1_200_000);
});
