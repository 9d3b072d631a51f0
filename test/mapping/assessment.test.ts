import assert from 'node:assert/strict';
import { FakeConnector } from '../support/fakeConnector.js';
import { message, TENANT_ID } from '../support/activities.js';
import { removeDir, type Harness } from '../support/appHarness.js';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import { AssessmentRepository, type StoredAssessment } from '../../src/records/assessmentRepository.js';
import { fileUpload, LocalFileHost, resultCards, startMappingApp, transcriptOf } from './support.js';

const USER = '11111111-0000-0000-0000-000000000001'; // the aadObjectId the activity builders use

function profileInput(availableLicenses: number) {
  return {
    source: { tenantDomain: 'contoso.com', region: 'EUR' },
    destination: { tenantDomain: 'fabrikam.com', region: 'EUR', paidSubscription: true, availableLicenses },
    environments: [
      { name: 'Contoso Sales', type: 'production', mappedUsers: 2 },
      { name: 'Contoso Dev', type: 'sandbox' },
    ],
  };
}

const THREE_USERS = [
  'Source,Destination',
  'adele@contoso.com,adele@fabrikam.com',
  'alex@contoso.com,alex@fabrikam.com',
  'megan@gmail.com,megan@fabrikam.com',
].join('\r\n');

describe('mapping file for an assessment environment (HTTP, fake connector)', function () {
  this.timeout(30_000);
  const host = new LocalFileHost();
  const connector = new FakeConnector();
  let h: Harness;
  let repo: AssessmentRepository;
  let conversation = 0;
  let conversationId = '';

  async function send(activity: any): Promise<any[]> {
    const before = connector.activities().length;
    const res = await h.post({ ...activity, conversation: { ...activity.conversation, id: conversationId } });
    assert.equal(res.status, 200);
    return connector.activities().slice(before);
  }
  const say = (text: string) => send(message({ serviceUrl: connector.url, text }));

  async function seed(availableLicenses: number): Promise<StoredAssessment> {
    const validation = validateProfile(profileInput(availableLicenses));
    assert.ok(validation.ok);
    return repo.save({ tenantId: TENANT_ID, userId: USER, userName: 'Megan Bowen', profile: validation.profile, assessment: assess(validation.profile) });
  }

  before(async () => {
    await host.start();
    await connector.start();
    host.serve('/three.csv', THREE_USERS);
    host.serve('/workbook.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x5b, 0x43, 0x6f]));
    h = await startMappingApp({ fileTransfer: { allowedHosts: [host.host], ca: host.cert } });
    repo = new AssessmentRepository(h.app.stores.storage);
  });
  beforeEach(() => {
    conversationId = `a:assessment-link-${++conversation}`;
  });
  after(async () => {
    await h.stop();
    await connector.stop();
    await host.stop();
    removeDir(h.dataDir);
  });

  it('checks against the tenants\' domains, saves a new assessment with the mapped-user count and re-runs the licence check', async () => {
    const original = await seed(2);
    assert.ok(!original.assessment.findings.some((f) => f.ruleId === 'dst-licenses-mapped'), '2 mapped users fit 2 licences');

    const ask = await say(`check mapping file for ${original.id} contoso sales`);
    assert.match(transcriptOf(ask), /for \*\*Contoso Sales\*\* \(assessment [a-z0-9]+\)/);
    assert.match(transcriptOf(ask), /against contoso.com and destination addresses against fabrikam.com/);

    const replies = await send(fileUpload({ serviceUrl: connector.url, name: 'usermapping.csv', downloadUrl: host.url('/three.csv') }));
    const card = JSON.stringify(resultCards(replies)[0]);
    assert.match(card, /Source domain/);
    assert.match(card, /gmail.com/);
    assert.match(card, /For Contoso Sales in assessment/);
    assert.match(card, /Domains checked: source contoso.com; destination fabrikam.com/);

    const all = transcriptOf(replies);
    assert.match(all, /\*\*Contoso Sales\*\* now has 3 mapped users \(was 2\)/);
    const newId = all.match(/saved this as a new assessment, \*\*([a-z0-9]+)\*\*/)?.[1];
    assert.ok(newId && newId !== original.id);
    assert.match(all, /Licence check: \*\*fabrikam.com needs up to 1 more licence\*\*/);
    assert.ok(replies.some((a) => (a.attachments ?? []).some((x: any) => JSON.stringify(x.content ?? {}).includes(newId))), 'the new eligibility card');

    const updated = (await repo.get(TENANT_ID, newId))!;
    assert.equal(updated.profile.environments.find((e) => e.name === 'Contoso Sales')!.mappedUsers, 3);
    assert.ok(updated.assessment.findings.some((f) => f.ruleId === 'dst-licenses-mapped'));
    const unchanged = (await repo.get(TENANT_ID, original.id))!;
    assert.equal(unchanged.profile.environments.find((e) => e.name === 'Contoso Sales')!.mappedUsers, 2);
    assert.equal((await repo.recent(TENANT_ID, USER)).length >= 2, true);
  });

  it('lines pasted with the command count too, and a passing licence check says so', async () => {
    const original = await seed(50);
    const replies = await say(`check mapping file for ${original.id} Contoso Dev\nadele@contoso.com,adele@fabrikam.com`);
    const all = transcriptOf(replies);
    assert.match(all, /\*\*Contoso Dev\*\* now has 1 mapped user \(not given before\)/);
    assert.match(all, /Licence check: passed. The 3 mapped users fit in the 50 free licences of fabrikam.com/);
  });

  it('an unreadable file leaves the assessment as it was', async () => {
    const original = await seed(2);
    await say(`check mapping file for ${original.id} Contoso Sales`);
    const replies = await send(fileUpload({ serviceUrl: connector.url, name: 'usermapping.xlsx', downloadUrl: host.url('/workbook.xlsx') }));
    assert.match(transcriptOf(replies), /I did not change assessment [a-z0-9]+: the file could not be read/);
    assert.doesNotMatch(transcriptOf(replies), /new assessment/);
  });

  it('asks which environment when the assessment has several, and names unknown ones', async () => {
    const original = await seed(2);
    const which = transcriptOf(await say(`check mapping file for ${original.id}`));
    assert.match(which, /has 2 environments: say which one. Its environments: Contoso Sales, Contoso Dev/);
    const unknown = transcriptOf(await say(`check mapping file for ${original.id} Contoso Prod`));
    assert.match(unknown, /has no environment "Contoso Prod"/);
    const missing = transcriptOf(await say('check mapping file for abcd1234 Contoso Sales'));
    assert.match(missing, /I don't know an assessment "abcd1234"/);
  });

  it('an assessment of another organisation is not found', async () => {
    const validation = validateProfile(profileInput(2));
    assert.ok(validation.ok);
    const foreign = await repo.save({ tenantId: 'another-tenant', userId: USER, userName: 'X', profile: validation.profile, assessment: assess(validation.profile) });
    assert.match(transcriptOf(await say(`check mapping file for ${foreign.id} Contoso Sales`)), /I don't know an assessment/);
  });
});
