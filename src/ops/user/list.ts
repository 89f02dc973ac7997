import type { KubeClient, KubeList, KubeObject } from '../kube-api.js';
import { recordAt, stringAt, stringMapAt } from '../../kube/field-access.js';
import { localCertificateExpiry } from './files.js';
import { OBJECT_NAMES, TENANT_LABEL } from './plan.js';
import { escapeControl } from '../../kube/escape-control.js';

/** One quota line: resource, used and hard amounts as the API reports them. */
export interface QuotaUsage {
  readonly resource: string;
  readonly used: string;
  readonly hard: string;
}

/** One tenant as `list` shows it. */
export interface TenantRow {
  readonly name: string;
  readonly namespace: string;
  /** `Active` or `Terminating`. */
  readonly phase: string;
  readonly quota: readonly QuotaUsage[];
  /** End of validity of the local certificate, when its file is present. */
  readonly certificateNotAfter: string | null;
}

/** Reads tenants (namespaces with the tenant label), their quota status and local certificates. */
export async function listTenants(
  kube: KubeClient,
  outRoot: string,
  signal?: AbortSignal,
): Promise<TenantRow[]> {
  const namespaces = await kube.request<KubeList>({
    method: 'GET',
    path: '/api/v1/namespaces',
    query: { labelSelector: TENANT_LABEL },
    signal,
  });
  const rows: TenantRow[] = [];
  for (const ns of namespaces.items) {
    const namespace = ns.metadata?.name ?? '';
    const name = ns.metadata?.labels?.[TENANT_LABEL] ?? '';
    const quota = await kube.getOrNull(
      `/api/v1/namespaces/${namespace}/resourcequotas/${OBJECT_NAMES.quota}`,
      signal,
    );
    const expiry = await localCertificateExpiry(outRoot, name);
    rows.push({
      name,
      namespace,
      phase: stringAt(recordAt(ns, 'status'), 'phase') ?? 'Active',
      quota: quotaUsage(quota),
      certificateNotAfter: expiry === null ? null : expiry.toISOString(),
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** Pairs `status.hard` with `status.used` (falling back to `spec.hard` before the controller ran). */
export function quotaUsage(quota: KubeObject | null): QuotaUsage[] {
  if (quota === null) return [];
  const status = recordAt(quota, 'status');
  // status.hard replaces spec.hard as soon as it is there, even empty.
  const hard = stringMapAt(
    recordAt(status, 'hard') !== undefined ? status : recordAt(quota, 'spec'),
    'hard',
  );
  const used = stringMapAt(status, 'used');
  return Object.keys(hard)
    .sort()
    .map((resource) => ({ resource, used: used[resource] ?? '?', hard: hard[resource] ?? '' }));
}

const COLUMNS = ['pods', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

/** Renders the `list` table (pure): one row per tenant, the main quotas as used/hard. */
export function renderTenantTable(rows: readonly TenantRow[], now: Date): string {
  const header = [
    'USER',
    'NAMESPACE',
    'STATUS',
    ...COLUMNS.map((c) => c.toUpperCase()),
    'CERT EXPIRES',
  ];
  const body = rows.map((row) => [
    row.name,
    row.namespace,
    row.phase,
    ...COLUMNS.map((c) => {
      const q = row.quota.find((u) => u.resource === c);
      return q === undefined ? '-' : `${q.used}/${q.hard}`;
    }),
    row.certificateNotAfter === null ? '-' : expiryText(new Date(row.certificateNotAfter), now),
  ]);
  // Names and phases come from the cluster: a label value cannot hold control characters, but
  // a hostile API server's answer can.
  const table = [header, ...body.map((cells) => cells.map(escapeControl))];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  return (
    table
      .map((r) =>
        r
          .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3)))
          .join(''),
      )
      .join('\n') + '\n'
  );
}

function expiryText(notAfter: Date, now: Date): string {
  const ms = notAfter.getTime() - now.getTime();
  const date = notAfter.toISOString().slice(0, 16).replace('T', ' ');
  if (ms <= 0) return `${date} (expired)`;
  const hours = Math.floor(ms / 3_600_000);
  return `${date} (in ${hours >= 48 ? `${Math.floor(hours / 24)}d` : `${hours}h`})`;
}
