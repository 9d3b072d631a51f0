/** Profiles for the assessment tests: raw JSON-like input, so every test also goes through validation. */
import assert from 'node:assert/strict';
import { assessInput, type Assessment, type MigrationProfile } from '../../../src/domain/assessment/index.js';

export type RawProfile = {
  source: Record<string, unknown>;
  destination: Record<string, unknown>;
  environments: Array<Record<string, unknown>>;
  [extra: string]: unknown;
};

/** One sandbox environment, every fact known and nothing to do: only the always-on info findings fire. */
export function baseProfile(): RawProfile {
  return {
    source: { tenantDomain: 'contoso.onmicrosoft.com', tenantId: '11111111-2222-3333-4444-555555555555', region: 'NA' },
    destination: { tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: '66666666-7777-8888-9999-000000000000', region: 'NA' },
    environments: [environment('Contoso Sales')],
  };
}

export function environment(name: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type: 'sandbox', managedEnvironment: false, linkedToFinanceAndOperations: false, ...fields };
}

/** A base profile changed by `edit`. */
export function profileWith(edit: (profile: RawProfile) => void): RawProfile {
  const profile = baseProfile();
  edit(profile);
  return profile;
}

export function run(profile: unknown): { assessment: Assessment; profile: MigrationProfile } {
  const outcome = assessInput(profile);
  if (!outcome.ok) assert.fail(`profile should be valid: ${outcome.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return { assessment: outcome.assessment, profile: outcome.profile };
}
