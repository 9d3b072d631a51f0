/**
 * What the plan's HTTP tests share (with test/support/statusApp.ts): Contoso to Fabrikam with the test's
 * environments, Megan's saved assessment, and `plan {id}` posted in a channel thread with the card it posts.
 */
import assert from 'node:assert/strict';
import { assess } from '../../src/domain/assessment/index.js';
import type { MigrationProfile } from '../../src/domain/assessment/types.js';
import { AssessmentRepository, type StoredAssessment } from '../../src/records/assessmentRepository.js';
import { TENANT_ID } from '../support/activities.js';
import type { FakeConnector, RecordedRequest } from '../support/fakeConnector.js';
import { cardOf, type StatusHarness } from '../status/statusHarness.js';

/** Contoso to Fabrikam, both in Europe, with enough licences, and the given environments. */
export function contosoToFabrikam(environments: MigrationProfile['environments']): MigrationProfile {
  return {
    source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', activeLicensedUsers: 40 },
    destination: { tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: '66666666-7777-8888-9999-000000000000', region: 'EUR', availableLicenses: 50, paidSubscription: true },
    environments,
  };
}

export const isPlanCard = (r: RecordedRequest): boolean => /"Plan: /.test(JSON.stringify(cardOf(r) ?? {}));

/** Megan's assessment of `profile`, saved in the app's storage. */
export function saveMeganAssessment(h: StatusHarness, profile: MigrationProfile): Promise<StoredAssessment> {
  return new AssessmentRepository(h.app.stores.storage).save({ tenantId: TENANT_ID, userId: '11111111-0000-0000-0000-000000000001', userName: 'Megan Bowen', profile, assessment: assess(profile) });
}

/** `plan {id}` in the channel thread `thread`: the plan card the bot posted, and its migration id. */
export async function postPlan(h: StatusHarness, connector: FakeConnector, id: string, thread = '555'): Promise<{ posted: RecordedRequest; migrationId: string }> {
  assert.equal((await h.say(`plan ${id}`, thread)).status, 200);
  const posted = await connector.waitFor((r) => r.method === 'POST' && isPlanCard(r));
  const migrationId = /"migrationId":"(m-[a-z0-9]{8})"/.exec(JSON.stringify(cardOf(posted)))![1]!;
  return { posted, migrationId };
}
