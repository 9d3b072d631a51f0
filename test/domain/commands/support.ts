/** Profiles and helpers for the commands tests: raw JSON-like input, validated like a profile file. */
import assert from 'node:assert/strict';
import { assessInput } from '../../../src/domain/assessment/index.js';
import {
  buildCommandPlan, type CommandPlan, type CommandRoute, type CommandsOptions,
} from '../../../src/domain/commands/index.js';

export const SRC_ID = '11111111-2222-3333-4444-555555555555';
export const DST_ID = '66666666-7777-8888-9999-000000000000';
export const ENV_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

export type Raw = { source: Record<string, unknown>; destination: Record<string, unknown>; environments: Array<Record<string, unknown>> };

export function env(name: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type: 'sandbox', managedEnvironment: false, linkedToFinanceAndOperations: false, ...fields };
}

export function commercial(environments: Array<Record<string, unknown>> = [env('Sales', { id: ENV_ID })]): Raw {
  return {
    source: { tenantDomain: 'contoso.onmicrosoft.com', tenantId: SRC_ID, region: 'NA' },
    destination: { tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: DST_ID, region: 'NA' },
    environments,
  };
}

export function plan(raw: Raw, options: CommandsOptions = {}): CommandPlan {
  const outcome = assessInput(raw);
  if (!outcome.ok) assert.fail(`profile should be valid: ${JSON.stringify(outcome.issues)}`);
  const built = buildCommandPlan(outcome.profile, outcome.assessment, options);
  if (!built.ok) assert.fail(`commands should build: ${JSON.stringify(built.issues)}`);
  return built.plan;
}

/** Every piece of text a plan gives a person: titles, purposes, commands, clicks. */
export function allText(p: CommandPlan): string {
  return p.environments.flatMap((e) => [e.name, ...e.blockers.map((b) => b.title), ...e.steps.flatMap((s) => [
    s.step, s.purpose, s.command ?? '', ...(s.clicks ?? []),
  ])]).join('\n');
}

/**
 * A command with every single-quoted literal removed (PowerShell doubles a quote inside one; the typographic
 * single quotes count as quotes too). What remains is the code that runs: no user text may survive into it.
 */
export function codeOutsideLiterals(command: string): string {
  let out = '';
  let i = 0;
  const quote = /['\u2018\u2019\u201A\u201B]/;
  while (i < command.length) {
    const c = command[i]!;
    if (!quote.test(c)) { out += c; i++; continue; }
    i++;
    for (;;) {
      if (i >= command.length) assert.fail(`unterminated literal in: ${command}`);
      if (quote.test(command[i]!)) {
        if (i + 1 < command.length && quote.test(command[i + 1]!)) { i += 2; continue; }
        i++;
        break;
      }
      i++;
    }
    out += "''";
  }
  return out;
}

/** The cmdlet names a command calls, in order (first word of each statement part). */
export function cmdletsIn(command: string): string[] {
  return codeOutsideLiterals(command).match(/\b[A-Z][A-Za-z]+-[A-Z][A-Za-z]+\b/g) ?? [];
}

export const ROUTES: readonly CommandRoute[] = ['powershell', 'admin-center'];
