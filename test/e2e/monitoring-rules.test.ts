import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { REPO_ROOT, buildTarget, ofKind, runProgram } from './deploy-build.js';
import {
  alertRules,
  promtool,
  readRules,
  scratch,
  writeRulesFile,
  type RulesFile,
  type Scratch,
} from './monitoring-promtool.js';

const MONITORING_DIR = join(REPO_ROOT, 'monitoring');
const RULE_TESTS_DIR = join(MONITORING_DIR, 'rules-tests');
const RULE_TESTS = readdirSync(RULE_TESTS_DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort();

let work: Scratch;

beforeAll(() => {
  work = scratch();
  writeRulesFile(work.dir, readRules());
  for (const file of RULE_TESTS) copyFileSync(join(RULE_TESTS_DIR, file), join(work.dir, file));
});

afterAll(() => {
  work.dispose();
});

interface AlertTest {
  readonly alertname: string;
  readonly exp_alerts: readonly unknown[];
}

function alertTests(): AlertTest[] {
  return RULE_TESTS.flatMap((file) => {
    const suite = parse(readFileSync(join(RULE_TESTS_DIR, file), 'utf8')) as {
      tests: { alert_rule_test?: AlertTest[] }[];
    };
    return suite.tests.flatMap((t) => t.alert_rule_test ?? []);
  });
}

describe('readRules', () => {
  it('should pass promtool check rules', async () => {
    const result = await promtool(['check', 'rules', join(work.dir, 'multiroute.rules.yml')]);
    expect(result.stdout + result.stderr).toContain('SUCCESS: 20 rules found');
    expect(result.code).toBe(0);
  });

  it('should be deployed unchanged by the staging and prod overlays', async () => {
    for (const target of ['overlays/staging', 'overlays/prod']) {
      const rules = ofKind(await buildTarget(target), 'PrometheusRule');
      expect(rules.map((r) => r.spec)).toEqual([readRules()]);
    }
  });

  it('should give every alert a severity, a team and the annotations a responder needs', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'deploy.md'), 'utf8');
    const alerts = alertRules();
    expect(alerts.map((a) => [a.alert, a.labels?.severity, a.labels?.team])).toEqual([
      ['MultirouteAvailabilityBudgetBurnFast', 'critical', 'web-backend'],
      ['MultirouteAvailabilityBudgetBurnSlow', 'warning', 'web-backend'],
      ['MultirouteLatencyBudgetBurnFast', 'critical', 'web-backend'],
      ['MultirouteLatencyBudgetBurnSlow', 'warning', 'web-backend'],
      ['MultirouteConfigReloadFailing', 'warning', 'web-backend'],
      ['MultirouteTargetsMissing', 'critical', 'platform'],
    ]);
    for (const alert of alerts) {
      expect(Object.keys(alert.annotations ?? {}).sort(), alert.alert).toEqual([
        'description',
        'runbook_url',
        'summary',
      ]);
      const anchor = /#(runbook-[a-z]+)$/.exec(alert.annotations!.runbook_url!)?.[1];
      expect(anchor, alert.alert).toBeDefined();
      // GitHub derives the anchor from the heading text.
      expect(doc, `${alert.alert} runbook`).toMatch(
        new RegExp(`^#+ ${anchor!.replace('runbook-', 'Runbook: ')}`, 'im'),
      );
    }
  });

  it('should compare the burn windows of the SRE workbook', () => {
    const windows = alertRules()
      .filter((a) => a.labels?.slo !== undefined)
      .map((a) => [
        a.alert,
        [...a.expr.matchAll(/ratio_rate(\w+) > \(?([\d.* ]+)\)?/g)].map(
          (m) => `${m[1]!}>${m[2]!.trim()}`,
        ),
      ]);
    expect(windows).toEqual([
      [
        'MultirouteAvailabilityBudgetBurnFast',
        ['1h>14.4 * 0.001', '5m>14.4 * 0.001', '6h>6 * 0.001', '30m>6 * 0.001'],
      ],
      [
        'MultirouteAvailabilityBudgetBurnSlow',
        ['1d>3 * 0.001', '2h>3 * 0.001', '3d>0.001', '6h>0.001'],
      ],
      [
        'MultirouteLatencyBudgetBurnFast',
        ['1h>14.4 * 0.01', '5m>14.4 * 0.01', '6h>6 * 0.01', '30m>6 * 0.01'],
      ],
      ['MultirouteLatencyBudgetBurnSlow', ['1d>3 * 0.01', '2h>3 * 0.01', '3d>0.01', '6h>0.01']],
    ]);
  });
});

describe('promtool test rules', () => {
  it.concurrent.each(RULE_TESTS)(
    'should pass monitoring/rules-tests/%s',
    async (file) => {
      const result = await promtool(['test', 'rules', join(work.dir, file)]);
      expect(result.stdout + result.stderr).toContain('SUCCESS');
      expect(result.code).toBe(0);
    },
    120_000,
  );

  it('should show every alert both firing and silent', () => {
    const tests = alertTests();
    for (const alert of alertRules()) {
      const own = tests.filter((t) => t.alertname === alert.alert);
      expect(
        own.some((t) => t.exp_alerts.length > 0),
        `${alert.alert!} fires`,
      ).toBe(true);
      expect(
        own.some((t) => t.exp_alerts.length === 0),
        `${alert.alert!} stays silent`,
      ).toBe(true);
    }
  });

  it.concurrent(
    'should fail when the page threshold no longer matches the tests',
    async () => {
      const rules = readRules();
      const loosened: RulesFile = {
        groups: rules.groups.map((g) => ({
          ...g,
          rules: g.rules.map((r) =>
            r.alert === 'MultirouteAvailabilityBudgetBurnFast'
              ? {
                  ...r,
                  expr: r.expr
                    .replaceAll('14.4 * 0.001', '144 * 0.001')
                    .replaceAll('6 * 0.001', '60 * 0.001'),
                }
              : r,
          ),
        })),
      };
      const dir = join(work.dir, 'loosened');
      mkdirSync(dir);
      writeRulesFile(dir, loosened);
      copyFileSync(join(RULE_TESTS_DIR, 'availability.yml'), join(dir, 'availability.yml'));
      const result = await promtool(['test', 'rules', join(dir, 'availability.yml')]);
      expect(result.stdout + result.stderr).toContain(
        'alertname: MultirouteAvailabilityBudgetBurnFast',
      );
      expect(result.code).toBe(1);
    },
    120_000,
  );
});

describe('monitoring/prometheus.yml', () => {
  it('should pass promtool check config with the rules derived from the PrometheusRule', async () => {
    const config = parse(readFileSync(join(MONITORING_DIR, 'prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: Record<string, unknown>[];
    };
    expect(config.rule_files).toEqual(['rules/*.yml']);
    const job = config.scrape_configs[0]!;
    expect(job.job_name).toBe('multiroute');
    expect(job.kubernetes_sd_configs).toEqual([
      { role: 'endpointslice', namespaces: { names: ['multiroute'] } },
    ]);
    // Debian's promtool is built without Kubernetes discovery: check everything else with a
    // static target in its place.
    const checkable = {
      ...config,
      scrape_configs: config.scrape_configs.map((scrape) => ({
        ...Object.fromEntries(
          Object.entries(scrape).filter(([key]) => key !== 'kubernetes_sd_configs'),
        ),
        static_configs: [{ targets: ['127.0.0.1:3000'] }],
      })),
    };
    const dir = join(work.dir, 'prometheus');
    mkdirSync(join(dir, 'rules'), { recursive: true });
    writeRulesFile(join(dir, 'rules'), readRules());
    writeFileSync(join(dir, 'prometheus.yml'), stringify(checkable));
    const result = await promtool(['check', 'config', join(dir, 'prometheus.yml')]);
    expect(result.stdout + result.stderr).toContain('SUCCESS: 20 rules found');
    expect(result.code).toBe(0);
  });
});

const ALERTMANAGER_CONFIG = join(MONITORING_DIR, 'alertmanager.yml');

/** The receiver Alertmanager's own routing picks for `labels` (`amtool config routes test`). */
async function receiverFor(labels: Record<string, string>): Promise<string> {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  const result = await runProgram('amtool', [
    'config',
    'routes',
    'test',
    `--config.file=${ALERTMANAGER_CONFIG}`,
    ...pairs,
  ]);
  if (result.code !== 0) throw new Error(`amtool failed: ${result.stderr}`);
  return result.stdout.trim();
}

describe('monitoring/alertmanager.yml', () => {
  it('should pass amtool check-config', async () => {
    const result = await runProgram('amtool', ['check-config', ALERTMANAGER_CONFIG]);
    expect(result.stdout).toContain('SUCCESS');
    expect(result.stdout).toContain(' - 5 receivers');
    expect(result.code).toBe(0);
  });

  it("should send each team's pages and tickets to that team only", async () => {
    const routed: [string | undefined, string][] = [];
    for (const alert of alertRules()) {
      // Alertmanager sees the rule's labels plus the series' labels; routing uses the rule's.
      routed.push([alert.alert, await receiverFor(alert.labels ?? {})]);
    }
    expect(routed).toEqual([
      ['MultirouteAvailabilityBudgetBurnFast', 'web-backend-page'],
      ['MultirouteAvailabilityBudgetBurnSlow', 'web-backend-ticket'],
      ['MultirouteLatencyBudgetBurnFast', 'web-backend-page'],
      ['MultirouteLatencyBudgetBurnSlow', 'web-backend-ticket'],
      ['MultirouteConfigReloadFailing', 'web-backend-ticket'],
      ['MultirouteTargetsMissing', 'platform-page'],
    ]);
    expect(await receiverFor({ team: 'unknown', severity: 'critical' })).toBe('unrouted');
  });

  it('should silence the ticket of an SLO while its page is open', () => {
    const config = parse(readFileSync(ALERTMANAGER_CONFIG, 'utf8')) as {
      inhibit_rules: unknown[];
    };
    expect(config.inhibit_rules).toEqual([
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['namespace', 'slo'],
      },
    ]);
  });
});
