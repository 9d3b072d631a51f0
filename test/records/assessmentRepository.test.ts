import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { assessInput } from '../../src/domain/assessment/index.js';

const profile = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR' },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR' },
  environments: [{ name: 'Contoso Sales', type: 'sandbox' }],
};

describe('AssessmentRepository', () => {
  const outcome = assessInput(profile);
  if (!outcome.ok) throw new Error('fixture profile is invalid');

  it('keeps records per tenant: another tenant cannot open an id', async () => {
    const repo = new AssessmentRepository(new MemoryStorage());
    const saved = await repo.save({ tenantId: 't1', userId: 'u1', userName: 'Megan', profile: outcome.profile, assessment: outcome.assessment });
    assert.ok(await repo.get('t1', saved.id));
    assert.equal(await repo.get('t2', saved.id), undefined);
  });

  it('"forget me" deletes every assessment the user saved, however many', async () => {
    const storage = new MemoryStorage();
    const repo = new AssessmentRepository(storage);
    for (let i = 0; i < 25; i++) await repo.save({ tenantId: 't1', userId: 'u1', userName: 'Megan', profile: outcome.profile, assessment: outcome.assessment });
    const other = await repo.save({ tenantId: 't1', userId: 'u2', userName: 'Alex', profile: outcome.profile, assessment: outcome.assessment });
    assert.equal((await repo.recent('t1', 'u1')).length, 10);
    assert.equal(await repo.deleteAllForUser('t1', 'u1'), 25);
    assert.deepEqual(await repo.recent('t1', 'u1'), []);
    assert.ok(await repo.get('t1', other.id), "another person's assessment stays");
  });

  it('keeps the first Marketing acknowledgement', async () => {
    const repo = new AssessmentRepository(new MemoryStorage());
    const saved = await repo.save({ tenantId: 't1', userId: 'u1', userName: 'Megan', profile: outcome.profile, assessment: outcome.assessment });
    await repo.acknowledgeMarketing('t1', saved.id, { id: 'u3', name: 'Business Owner' });
    const again = await repo.acknowledgeMarketing('t1', saved.id, { id: 'u4', name: 'Someone Else' });
    assert.equal(again?.marketingAcknowledgement?.byName, 'Business Owner');
  });

  it('three concurrent first saves by one person keep all three in their index', async () => {
    const repo = new AssessmentRepository(new MemoryStorage());
    const saved = await Promise.all([1, 2, 3].map(() =>
      repo.save({ tenantId: 't1', userId: 'u1', userName: 'Megan', profile: outcome.profile, assessment: outcome.assessment })));
    assert.deepEqual((await repo.recent('t1', 'u1')).map((s) => s.id).sort(), saved.map((s) => s.id).sort());
    assert.equal(await repo.deleteAllForUser('t1', 'u1'), 3);
  });
});
