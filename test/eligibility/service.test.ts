/**
 * The eligibility and form services on their own: plain turn inputs, outcomes (texts, messages, form views), a lowdb
 * store in a temporary directory; no Teams SDK, no bot, no HTTP.
 */
import assert from 'node:assert/strict';
import { environmentFieldId, initialFormValues, MAX_FORM_ENVIRONMENTS, type FormValues } from '../../src/cards/profileFormView.js';
import { memoryLogger } from '../../src/logging.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { eligibilityService, type EligibilityService } from '../../src/services/eligibilityService.js';
import { formService, type FormService } from '../../src/services/formService.js';
import type { TurnFacts } from '../../src/services/turn.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const megan: TurnFacts = { tenantId: TENANT, user: { id: 'aad-megan', name: 'Megan Bowen' }, conversation: { id: 'a:megan', scope: 'personal' } };
const adeleElsewhere: TurnFacts = { tenantId: 'bbbbbbbb-0000-0000-0000-000000000000', user: { id: 'aad-adele', name: 'Adele Vance' }, conversation: { id: 'a:adele', scope: 'personal' } };
const PROFILE = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR' },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR' },
  environments: [{ name: 'Contoso Sales', type: 'production', solutions: ['canvas-solution-aware'] }],
};
const FORM: FormValues = {
  ...initialFormValues(),
  'source.tenantDomain': 'contoso.onmicrosoft.com',
  'source.region': 'EUR',
  'destination.tenantDomain': 'fabrikam.onmicrosoft.com',
  'destination.region': 'EUR',
  [environmentFieldId(0, 'name')]: 'Contoso Sales',
  [environmentFieldId(0, 'type')]: 'production',
};

const contentTypes = (messages: ReadonlyArray<{ attachments?: unknown[] } | string>): string[] =>
  messages.map((m) => (typeof m === 'string' ? 'text' : String((m.attachments?.[0] as { contentType?: string })?.contentType)));

describe('eligibility and form services (no Teams, no HTTP)', () => {
  let dir: string;
  let stores: LowdbStores;
  let eligibility: EligibilityService;
  let form: FormService;

  beforeEach(() => {
    dir = tempDataDir();
    stores = openLowdbStores({ dataDir: dir });
    eligibility = eligibilityService({ assessments: new AssessmentRepository(stores.storage), logger: memoryLogger() });
    form = formService({ eligibility, logger: memoryLogger() });
  });
  afterEach(async () => {
    await stores.close();
    removeDir(dir);
  });

  it('completing saves the assessment and hands back its card; bad input comes back as problems with the field path', async () => {
    const done = await eligibility.complete(megan, PROFILE);
    assert.ok(done.ok);
    assert.deepEqual(contentTypes(done.show), ['application/vnd.microsoft.card.adaptive']);
    const bad = await eligibility.complete(megan, { ...PROFILE, source: { ...PROFILE.source, region: 'MOON' } });
    assert.ok(!bad.ok);
    assert.ok(bad.problems.some((p) => p.startsWith('source.region: ')), bad.problems.join('\n'));
  });

  it('lists, opens, exports and asks which, within the tenant only', async () => {
    assert.equal(await eligibility.list(megan), 'You have no saved assessments yet. Type **check eligibility** to make one.');
    const done = await eligibility.complete(megan, PROFILE);
    assert.ok(done.ok);
    const id = done.record.id;
    assert.match(await eligibility.list(megan), new RegExp(`^Your recent assessments:\\n\\n- \\*\\*${id}\\*\\*: contoso\\.onmicrosoft\\.com to fabrikam\\.onmicrosoft\\.com, Contoso Sales\\.`));
    assert.deepEqual(contentTypes(await eligibility.open(megan, id)), ['application/vnd.microsoft.card.adaptive']);
    assert.match(await eligibility.which(megan, 'export'), new RegExp(`type \\*\\*export ${id}\\*\\*`));
    const exported = await eligibility.export(megan, id);
    assert.match(String(exported[0]), /^Here is assessment .* as Markdown[\s\S]*```\n/);
    assert.deepEqual(contentTypes(exported), ['text', 'text', 'application/vnd.microsoft.teams.card.file.consent', 'application/vnd.microsoft.teams.card.file.consent']);
    assert.deepEqual(await eligibility.open(adeleElsewhere, id), [`I don't know an assessment "${id}" in your organisation. Type **my assessments** to see yours.`]);
    assert.deepEqual(await eligibility.export(adeleElsewhere, id), [`I don't know an assessment "${id}" in your organisation. Type **my assessments** to see yours.`]);
    assert.deepEqual(await eligibility.acknowledgeMarketing(megan, { assessmentId: id }), { message: 'I could not find that assessment in your organisation.' }, 'no Marketing card, nothing to acknowledge');
  });

  it('the form: problems keep every answer, a full form saves once and turns into a summary', async () => {
    const incomplete = await form.assess(megan, { ...FORM, 'source.tenantDomain': '', envs: 1 });
    assert.deepEqual(incomplete.replies, []);
    assert.equal(incomplete.form.hasProblems, true);
    assert.equal(incomplete.newIfNotReplaced, true);
    assert.equal(await eligibility.list(megan), 'You have no saved assessments yet. Type **check eligibility** to make one.', 'nothing saved');

    const done = await form.assess(megan, { ...FORM, envs: 1 });
    assert.deepEqual(contentTypes(done.replies), ['application/vnd.microsoft.card.adaptive']);
    assert.equal(done.form.done, true);
    assert.equal(done.newIfNotReplaced, false, 'a refused update leaves the old form: no second card');
    assert.match(await eligibility.list(megan), /Contoso Sales/);
  });

  it('the form: adding stops at the limit with a notice that names the interview', () => {
    assert.equal(form.start().envCount, 1);
    assert.equal(form.addEnvironment({ ...FORM, envs: 1 }).form.envCount, 2);
    const full = form.addEnvironment({ ...FORM, envs: MAX_FORM_ENVIRONMENTS });
    assert.equal(full.form.envCount, MAX_FORM_ENVIRONMENTS);
    assert.match(full.form.notice, /check eligibility/);
    assert.equal(form.removeEnvironment({ ...FORM, envs: 2, index: 1 }).form.envCount, 1);
  });
});
