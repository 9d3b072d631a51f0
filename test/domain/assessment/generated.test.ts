/**
 * Generated inputs: a few thousand random and malformed profiles (seeded, so a failure reproduces). The engine
 * never throws, never prints a stack, and always gives either a valid assessment or validation errors.
 */
import assert from 'node:assert/strict';
import {
  CLOUDS, ENVIRONMENT_TYPES, MAX_ISSUES, REGION_CODES, RULE_IDS, SEVERITIES, SOLUTION_IDS, VERDICTS,
  assessInput, compareFindings, verdictFor, worstVerdict, type Assessment, type MigrationProfile,
} from '../../../src/domain/assessment/index.js';
import { runAssessCommand } from '../../../src/cli/assess.js';

/** mulberry32: small, fast, good enough to spread test cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rnd = () => number;
const pick = <T>(rnd: Rnd, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
/** A fresh copy of a junk value: mutations must not leak from one generated profile into the next. */
const junk = (rnd: Rnd): unknown => structuredClone(pick(rnd, JUNK));
const chance = (rnd: Rnd, p: number) => rnd() < p;
const int = (rnd: Rnd, max: number) => Math.floor(rnd() * (max + 1));

const JUNK: readonly unknown[] = [
  null, undefined, true, false, 0, -1, 1.5, 1e308, Number.NaN, Number.POSITIVE_INFINITY, -0, '', ' ', 'x', 'NA', 'emea',
  'prod', '1,200', '1.5 TB', 'yes', "don't know", 'a\nb\r\nc', '\u0000', '💥', '"quoted"', 'x'.repeat(500), [], [1, 'a', null],
  {}, { a: 1 }, { database: 'x' }, { database: 5, file: -1 }, ['marketing'], 'fabrikam.onmicrosoft.com',
  '11111111-2222-3333-4444-555555555555',
];
const DOMAINS = ['contoso.onmicrosoft.com', 'fabrikam.onmicrosoft.com', 'CONTOSO.onmicrosoft.com', 'northwind.com'];
const GUIDS = ['11111111-2222-3333-4444-555555555555', '66666666-7777-8888-9999-000000000000'];
const REGIONS = [...REGION_CODES, 'emea', 'APAC', 'United States', 'Australia', 'india'];
const TYPES = [...ENVIRONMENT_TYPES, 'prod', 'Sandbox'];
const SOLUTIONS = [...SOLUTION_IDS, 'portals', 'power-virtual-agents', 'customer-insights-journeys'];
const NAMES = ['Sales', 'Service', 'Dev', 'sales', 'UAT | EU', 'Dev_*x*', 'Finance\nOps', 'Marketing'];

function maybe(rnd: Rnd, value: () => unknown, p = 0.6): unknown {
  return chance(rnd, p) ? value() : undefined;
}

function storage(rnd: Rnd): unknown {
  if (chance(rnd, 0.4)) return int(rnd, 500);
  const parts: Record<string, unknown> = {};
  for (const type of ['database', 'file', 'log']) if (chance(rnd, 0.7)) parts[type] = int(rnd, 200);
  return parts;
}

function tenant(rnd: Rnd, destination: boolean): Record<string, unknown> {
  const t: Record<string, unknown> = {
    tenantDomain: pick(rnd, DOMAINS),
    tenantId: maybe(rnd, () => pick(rnd, GUIDS)),
    region: pick(rnd, REGIONS),
    cloud: maybe(rnd, () => pick(rnd, CLOUDS), 0.3),
  };
  if (destination) {
    Object.assign(t, {
      paidSubscription: maybe(rnd, () => chance(rnd, 0.5)),
      availableLicenses: maybe(rnd, () => int(rnd, 400)),
      marketingLicenses: maybe(rnd, () => chance(rnd, 0.5)),
      availableStorageGb: maybe(rnd, () => storage(rnd)),
    });
  } else {
    Object.assign(t, { activeLicensedUsers: maybe(rnd, () => int(rnd, 400)), customerLockbox: maybe(rnd, () => chance(rnd, 0.5)) });
  }
  return t;
}

function environment(rnd: Rnd, index: number): Record<string, unknown> {
  return {
    name: chance(rnd, 0.9) ? `${pick(rnd, NAMES)} ${index}` : pick(rnd, NAMES),
    id: maybe(rnd, () => pick(rnd, GUIDS), 0.2),
    type: pick(rnd, TYPES),
    region: maybe(rnd, () => pick(rnd, REGIONS), 0.3),
    hasDataverse: maybe(rnd, () => chance(rnd, 0.8), 0.3),
    managedEnvironment: maybe(rnd, () => chance(rnd, 0.3)),
    linkedToFinanceAndOperations: maybe(rnd, () => chance(rnd, 0.1)),
    storageGb: maybe(rnd, () => storage(rnd)),
    mappedUsers: maybe(rnd, () => int(rnd, 200)),
    sandboxCopyTested: maybe(rnd, () => chance(rnd, 0.5)),
    solutions: maybe(rnd, () => Array.from({ length: int(rnd, 5) }, () => pick(rnd, SOLUTIONS))),
  };
}

/** Every object or array inside the value, with its keys, to mutate one at random. */
function containers(value: unknown, out: Array<Record<string, unknown> | unknown[]> = []): Array<Record<string, unknown> | unknown[]> {
  if (typeof value === 'object' && value !== null) {
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

function mutate(rnd: Rnd, root: Record<string, unknown>): unknown {
  if (chance(rnd, 0.02)) return junk(rnd);
  const count = int(rnd, 3);
  for (let i = 0; i < count; i++) {
    const target = pick(rnd, containers(root));
    const keys = Object.keys(target);
    const roll = rnd();
    if (roll < 0.35 && keys.length > 0) (target as Record<string, unknown>)[pick(rnd, keys)] = junk(rnd);
    else if (roll < 0.6 && keys.length > 0) delete (target as Record<string, unknown>)[pick(rnd, keys)];
    else if (roll < 0.8) (target as Record<string, unknown>)[pick(rnd, ['extra', 'regoin', 'Name', 'solution', '__proto__', 'a b'])] = junk(rnd);
    else if (Array.isArray(target)) target.push(junk(rnd));
    else (target as Record<string, unknown>)[pick(rnd, ['source', 'destination', 'environments', 'name', 'type'])] = junk(rnd);
  }
  return root;
}

function randomProfile(rnd: Rnd): unknown {
  const size = chance(rnd, 0.03) ? pick(rnd, [0, 51]) : 1 + int(rnd, 7);
  const profile: Record<string, unknown> = {
    source: tenant(rnd, false),
    destination: tenant(rnd, true),
    environments: Array.from({ length: size }, (_, i) => environment(rnd, i)),
  };
  // Drop the undefined placeholders most of the time, as JSON would; keep them sometimes, as a card might.
  const input = chance(rnd, 0.8) ? JSON.parse(JSON.stringify(profile)) : profile;
  return chance(rnd, 0.5) ? mutate(rnd, input) : input;
}

function checkAssessment(assessment: Assessment, profile: MigrationProfile): void {
  assert.ok(VERDICTS.includes(assessment.verdict));
  assert.equal(assessment.environments.length, profile.environments.length);
  const tenantWide = assessment.findings.filter((f) => f.environment === null);
  for (const env of assessment.environments) {
    assert.equal(env.verdict, verdictFor([...tenantWide, ...env.findings].map((f) => f.severity)));
  }
  assert.equal(assessment.verdict, worstVerdict(assessment.environments.map((env) => env.verdict)));
  assert.equal(assessment.findings.length, tenantWide.length + assessment.environments.reduce((n, env) => n + env.findings.length, 0));
  assert.deepEqual(assessment.findings, [...assessment.findings].sort(compareFindings));
  for (const finding of assessment.findings) {
    assert.ok(RULE_IDS.includes(finding.ruleId as (typeof RULE_IDS)[number]), finding.ruleId);
    assert.ok(SEVERITIES.includes(finding.severity));
    assert.match(finding.source, /^https:\/\//);
    assert.ok(finding.guidance === 'current' || finding.guidance === 'legacy');
    assert.ok(finding.basis === 'documented' || finding.basis === 'inferred');
    assert.match(finding.sourceDate, /^\d{4}-\d{2}-\d{2}$/);
    if (finding.basis === 'inferred') assert.ok(finding.detail.startsWith("Microsoft's documentation does not cover"), finding.ruleId);
    assert.ok(finding.title.trim() !== '' && finding.detail.trim() !== '');
  }
  assert.ok(assessment.summary.endsWith('.'));
  const hasMarketing = profile.environments.some((env) => env.solutions?.includes('marketing'));
  assert.equal(assessment.marketing === null, !hasMarketing);
}

function checkProblemLines(stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  assert.ok(lines.length >= 1 && lines.length <= MAX_ISSUES, `${lines.length} lines`);
  for (const line of lines) {
    // A field path (bare, or a quoted odd key), then ": " and the message.
    assert.match(line, /^("(?:[^"\\]|\\.)*"|[\w$]+)(\.[\w$]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*: \S/, line);
    assert.doesNotMatch(line, /^\s+at |Error:|TypeError|undefined is not/, line);
  }
}

describe('generated inputs', function () {
  this.timeout(60000);

  it('3000 random and malformed profiles: never throws, always an assessment or validation errors', () => {
    const rnd = prng(20240917);
    let valid = 0;
    let invalid = 0;
    for (let i = 0; i < 3000; i++) {
      const input = randomProfile(rnd);
      const outcome = assessInput(input);
      if (outcome.ok) {
        valid++;
        checkAssessment(outcome.assessment, outcome.profile);
        assert.equal(JSON.stringify(assessInput(input)), JSON.stringify(outcome), 'deterministic');
      } else {
        invalid++;
        assert.ok(outcome.issues.length >= 1 && outcome.issues.length <= MAX_ISSUES);
        for (const issue of outcome.issues) {
          assert.ok(issue.path.length > 0 && issue.message.length > 0);
          assert.doesNotMatch(`${issue.path}: ${issue.message}`, /[\n\r]/, 'one line per problem');
        }
      }
    }
    // Both branches must be exercised for the test to mean anything.
    assert.ok(valid > 500, `${valid} valid`);
    assert.ok(invalid > 500, `${invalid} invalid`);
  });

  it('1000 corrupted profile texts through the command line: exit 0 with JSON, or exit 2 with problem lines only', async () => {
    const rnd = prng(7);
    const codes = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      let text = JSON.stringify(randomProfile(rnd), null, chance(rnd, 0.5) ? 2 : undefined) ?? '';
      for (let edits = int(rnd, 2); edits > 0 && text.length > 0; edits--) {
        const at = int(rnd, text.length - 1);
        text = chance(rnd, 0.5) ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + pick(rnd, ['{', '"', ',', ']', 'x', '\n']) + text.slice(at);
      }
      const format = chance(rnd, 0.3) ? ['--format', 'markdown'] : [];
      const result = await runAssessCommand(['-', ...format], { readFile: async () => '', readStdin: async () => text });
      codes.add(result.code);
      if (result.code === 0) {
        assert.equal(result.stderr, '');
        if (format.length === 0) JSON.parse(result.stdout);
        else assert.match(result.stdout, /^# Migration readiness: /);
      } else {
        assert.equal(result.code, 2);
        assert.equal(result.stdout, '');
        checkProblemLines(result.stderr);
      }
    }
    assert.deepEqual([...codes].sort(), [0, 2]);
  });
});
