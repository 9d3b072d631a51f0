/** Profiles and card readers shared by the move-commands tests (service, HTTP, e2e). */
import assert from 'node:assert/strict';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import { PACKAGING_KINDS } from '../../src/domain/commands/index.js';
import type { AssessmentRepository, StoredAssessment } from '../../src/records/assessmentRepository.js';

export const DST_ID = '66666666-7777-8888-9999-000000000000';
export const SALES_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

export function environment(name: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type: 'sandbox', managedEnvironment: false, linkedToFinanceAndOperations: false, ...fields };
}

export function profile(environments: Array<Record<string, unknown>>, extra: { cloud?: string; noIds?: boolean } = {}): Record<string, unknown> {
  return {
    source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'NA', ...(extra.cloud ? { cloud: extra.cloud } : {}) },
    destination: {
      tenantDomain: 'fabrikam.onmicrosoft.com', region: 'NA',
      ...(extra.noIds ? {} : { tenantId: DST_ID }),
      ...(extra.cloud ? { cloud: extra.cloud } : {}),
    },
    environments,
  };
}

/** Sales can move (with flows), Ops can move, Dev (a developer environment) cannot. */
export const MIXED = profile([
  environment('Sales', { id: SALES_ID, solutions: ['power-automate', 'canvas-non-solution-aware'] }),
  environment('Ops'),
  environment('Dev', { type: 'developer' }),
]);

/** 50 environments with every kind of app, no IDs, a government cloud, long names: the largest cards. */
export function fiftyEnvironments(): Record<string, unknown> {
  const long = 'Environment with a very long name that goes on and on '.repeat(8);
  return profile(Array.from({ length: 50 }, (_, i) => environment(`${long}${i}`, {
    type: i % 10 === 9 ? 'developer' : 'production', sandboxCopyTested: true, solutions: [...PACKAGING_KINDS, 'marketing'],
  })), { cloud: 'gcc', noIds: true });
}

export async function seed(
  assessments: AssessmentRepository, raw: unknown, who: { tenantId: string; userId: string; userName?: string },
): Promise<StoredAssessment> {
  const v = validateProfile(raw);
  if (!v.ok) assert.fail(JSON.stringify(v.issues));
  return assessments.save({ tenantId: who.tenantId, userId: who.userId, userName: who.userName ?? 'Megan Bowen', profile: v.profile, assessment: assess(v.profile) });
}

type Node = Record<string, unknown>;

export function walk(node: unknown, visit: (o: Node) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Node);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

/** The PowerShell of every CodeBlock on a card, in order. */
export function codeBlocks(card: unknown): string[] {
  const out: string[] = [];
  walk(card, (o) => { if (o.type === 'CodeBlock') out.push(String(o.codeSnippet)); });
  return out;
}

/**
 * The cmdlets a card's code blocks run, in order, each with its parameter names: `TenantToTenant-GetMigrationStatus
 * -MigrationId`. Only lines that start with a cmdlet count (a cmdlet named inside a prompt's text does not run).
 */
export function invocations(card: unknown): string[] {
  return codeBlocks(card).flatMap((code) => code.split('\n'))
    .map((line) => line.trim())
    .filter((line) => /^[A-Z][A-Za-z]+-[A-Za-z]+\b/.test(line))
    .map((line) => {
      const outsideLiterals = line.replace(/'(?:[^']|'')*'/g, "''");
      const name = /^[A-Za-z]+-[A-Za-z]+/.exec(line)![0];
      const params = [...outsideLiterals.matchAll(/\s-([A-Za-z]+)/g)].map((m) => `-${m[1]}`);
      return [name, ...params].join(' ');
    });
}

/** Just the TenantToTenant cmdlets a card runs, in order. */
export function cmdletsOf(card: unknown): string[] {
  return invocations(card).map((line) => line.split(' ')[0]!).filter((name) => name.startsWith('TenantToTenant-'));
}

/** Every `{ typed }` button on a card: title and the text it sends. */
export function typedButtons(card: unknown): Array<{ title: string; typed: string }> {
  const out: Array<{ title: string; typed: string }> = [];
  walk(card, (o) => {
    const data = o.data as { typed?: unknown } | undefined;
    if (o.type === 'Action.Submit' && typeof data?.typed === 'string') out.push({ title: String(o.title), typed: data.typed });
  });
  return out;
}

/** Every action on a card, whatever its type. */
export function allActions(card: unknown): Node[] {
  const out: Node[] = [];
  walk(card, (o) => { if (typeof o.type === 'string' && (o.type as string).startsWith('Action.')) out.push(o); });
  return out;
}

/** The documented order (docs/commands.md) of each admin's cmdlets for one environment, PowerShell route. */
export const SOURCE_CMDLETS = [
  'TenantToTenant-SubmitMigrationRequest',
  'TenantToTenant-ViewMigrationRequest',
  'TenantToTenant-UploadUserMappingFile',
  'TenantToTenant-PrepareMigration',
  'TenantToTenant-GetMigrationStatus',
  'TenantToTenant-MigratePowerAppEnvironment',
  'TenantToTenant-GetMigrationStatus',
  'TenantToTenant-DeleteMigrationRequest',
];
export const DESTINATION_CMDLETS = ['TenantToTenant-ViewApprovalRequest', 'TenantToTenant-ManageMigrationRequest'];
