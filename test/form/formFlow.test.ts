/**
 * The assessment form over real HTTP: the real app on 127.0.0.1:0 with lowdb on disk, Teams-shaped activities
 * posted to /api/messages, and what the bot sends read at a fake Bot Connector. A card button (Action.Submit)
 * arrives as a message with no text, the card's inputs and the button's data in `value`, and the card's own id in
 * `replyToId`.
 */
import assert from 'node:assert/strict';
import { FakeConnector, type RecordedRequest } from '../support/fakeConnector.js';
import { message } from '../support/activities.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { assess, validateProfile, VERDICT_LABELS } from '../../src/domain/assessment/index.js';
import { MAX_FORM_ENVIRONMENTS, environmentFieldId, type FormValues } from '../../src/cards/profileFormView.js';

const CONVERSATION = 'a:personal-conversation-1';
const FORM_CARD_ID = 'form-card-1';

const GOOD: FormValues = {
  'source.tenantDomain': 'contoso.onmicrosoft.com', 'source.region': 'EUR', 'source.cloud': 'commercial',
  'source.activeLicensedUsers': '1,200', 'source.customerLockbox': 'unknown',
  'destination.tenantDomain': 'fabrikam.onmicrosoft.com', 'destination.region': 'EUR', 'destination.cloud': 'commercial',
  'destination.paidSubscription': 'yes', 'destination.availableLicenses': '300', 'destination.availableStorageGb': '1.5 TB',
  [environmentFieldId(0, 'name')]: 'Contoso Sales', [environmentFieldId(0, 'type')]: 'production', [environmentFieldId(0, 'region')]: 'same',
  [environmentFieldId(0, 'storageGb')]: '200 GB', [environmentFieldId(0, 'mappedUsers')]: '120', [environmentFieldId(0, 'solutions')]: 'power-automate',
  [environmentFieldId(1, 'name')]: 'Contoso Dev', [environmentFieldId(1, 'type')]: 'sandbox', [environmentFieldId(1, 'region')]: 'same',
};

describe('assessment form over HTTP', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let h: Harness | undefined;
  const dataDir = tempDataDir();

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    h = await startApp({}, dataDir);
  });
  after(async () => {
    await h?.stop();
    await connector.stop();
    removeDir(dataDir);
  });

  /** Posts an activity and returns the requests the bot made to the connector while handling it. */
  async function post(activity: Record<string, unknown>): Promise<RecordedRequest[]> {
    const before = connector.requests.length;
    const res = await h!.post(activity);
    assert.equal(res.status, 200);
    return connector.requests.slice(before).filter((r) => r.body && r.body.type !== 'typing');
  }

  const say = (text: string, extra: { channel?: boolean; conversationId?: string } = {}) =>
    post(message({ serviceUrl: connector.url, text, ...extra }));

  /** A button press on the form: no text, inputs plus button data in value, the card's id in replyToId. */
  const press = (data: Record<string, unknown>, replyToId: string | null = FORM_CARD_ID) => {
    const activity: Record<string, unknown> = { ...message({ serviceUrl: connector.url, text: '', value: data }) };
    if (replyToId !== null) activity.replyToId = replyToId;
    delete activity.text;
    return post(activity);
  };

  const cardOf = (r: RecordedRequest) => r.body.attachments?.[0]?.content as Record<string, any> | undefined;
  const isUpdateOfForm = (r: RecordedRequest) =>
    r.method === 'PUT' && r.url === `/v3/conversations/${encodeURIComponent(CONVERSATION)}/activities/${FORM_CARD_ID}`;

  function input(card: unknown, id: string): Record<string, any> | undefined {
    let found: Record<string, any> | undefined;
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, any>;
        if (typeof o.type === 'string' && o.type.startsWith('Input.') && o.id === id) found = o;
        Object.values(o).forEach(walk);
      }
    };
    walk(card);
    return found;
  }

  function action(card: Record<string, any>, title: string): Record<string, any> {
    const found = (card.actions as Array<Record<string, any>>).find((a) => a.title === title);
    assert.ok(found, `no "${title}" button`);
    return found;
  }

  it('"assess with a form" sends one card with the tenant fields and one environment', async () => {
    const sent = await say('assess with a form');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.method, 'POST');
    const card = cardOf(sent[0]!)!;
    for (const id of ['source.tenantDomain', 'source.region', 'destination.availableStorageGb', environmentFieldId(0, 'name'), environmentFieldId(0, 'solutions')]) {
      assert.ok(input(card, id), id);
    }
    assert.equal(input(card, environmentFieldId(1, 'name')), undefined);
    assert.deepEqual(action(card, 'Assess').data, { action: 'profileForm.assess', envs: 1 });
  });

  it('"Add environment" updates the same card with a second environment, keeping what was typed', async () => {
    const typed = { 'source.tenantDomain': 'contoso', 'destination.availableStorageGb': '1.5 TB', [environmentFieldId(0, 'name')]: 'Contoso Sales' };
    const sent = await press({ action: 'profileForm.addEnvironment', envs: 1, ...typed });
    assert.equal(sent.length, 1, 'one update, no new message');
    assert.ok(isUpdateOfForm(sent[0]!), `${sent[0]!.method} ${sent[0]!.url}`);
    const card = cardOf(sent[0]!)!;
    assert.ok(input(card, environmentFieldId(1, 'name')));
    assert.equal(input(card, 'source.tenantDomain')!.value, 'contoso');
    assert.equal(input(card, 'destination.availableStorageGb')!.value, '1.5 TB');
    assert.equal(input(card, environmentFieldId(0, 'name'))!.value, 'Contoso Sales');
    assert.deepEqual(action(card, 'Assess').data, { action: 'profileForm.assess', envs: 2 });
  });

  it('"Assess" with mistakes updates the card with each field marked, a summary, and every value kept', async () => {
    const wrong = { ...GOOD, 'source.tenantDomain': 'contoso', 'destination.region': '', [environmentFieldId(1, 'type')]: '', [environmentFieldId(0, 'storageGb')]: 'lots' };
    const sent = await press({ action: 'profileForm.assess', envs: 2, ...wrong });
    assert.equal(sent.length, 1, 'no assessment, no new message');
    assert.ok(isUpdateOfForm(sent[0]!));
    const card = cardOf(sent[0]!)!;
    const json = JSON.stringify(card);
    assert.match(json, /4 things to fix before I can assess/);
    assert.match(json, /"text":"Source tenant domain: "/);
    assert.match(json, /"text":"Contoso Dev: Type: "/);
    assert.match(json, /\\"contoso\\" is not a domain name\. For example: contoso\.onmicrosoft\.com/);
    assert.match(json, /\\"lots\\" is not an amount of storage/);
    const region = input(card, 'destination.region')!;
    assert.equal(region.isRequired, true);
    assert.match(region.errorMessage, /^Needed: /);
    assert.equal(input(card, 'source.tenantDomain')!.value, 'contoso');
    assert.equal(input(card, 'destination.availableStorageGb')!.value, '1.5 TB');
    assert.equal(input(card, environmentFieldId(1, 'name'))!.value, 'Contoso Dev');
    const list = await say('my assessments');
    assert.match(list[0]!.body.text, /no saved assessments/, 'nothing was saved');
  });

  it('sends a new card when Teams refuses the update', async () => {
    connector.answerNext({ status: 404, body: { error: { code: 'ActivityNotFoundInConversation', message: 'not found' } }, match: (r) => r.method === 'PUT' });
    const sent = await press({ action: 'profileForm.assess', envs: 2, ...GOOD, 'source.tenantDomain': '' });
    assert.deepEqual(sent.map((r) => r.method), ['PUT', 'POST']);
    assert.match(JSON.stringify(cardOf(sent[1]!)), /One thing to fix before I can assess/);
    assert.ok(h!.logger.lines.some((l) => l.msg === 'form card update failed' && l.status === 404));
  });

  it('a fixed form is assessed and saved, the verdict card is sent, and the form becomes a summary', async () => {
    const sent = await press({ action: 'profileForm.assess', envs: 2, ...GOOD });
    const posts = sent.filter((r) => r.method === 'POST');
    const verdictCard = posts.map(cardOf).find((c) => JSON.stringify(c).includes('Contoso Dev'));
    assert.ok(verdictCard, 'the eligibility card is sent');
    const expected = validateProfile({
      source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', cloud: 'commercial', activeLicensedUsers: 1200 },
      destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR', cloud: 'commercial', paidSubscription: true, availableLicenses: 300, availableStorageGb: 1536 },
      environments: [
        { name: 'Contoso Sales', type: 'production', storageGb: 200, mappedUsers: 120, solutions: ['power-automate'] },
        { name: 'Contoso Dev', type: 'sandbox' },
      ],
    });
    assert.ok(expected.ok);
    assert.match(JSON.stringify(verdictCard), new RegExp(VERDICT_LABELS[assess(expected.profile).verdict]));

    const update = sent.find(isUpdateOfForm);
    assert.ok(update, 'the form is replaced');
    const summary = cardOf(update)!;
    assert.equal(input(summary, 'source.tenantDomain'), undefined, 'no inputs left to press Assess on twice');
    assert.match(JSON.stringify(summary), /Assessed\. The result is in the messages below\./);
    assert.equal(action(summary, 'Edit answers').data.values['source.tenantDomain'], 'contoso.onmicrosoft.com');

    const list = await say('my assessments');
    assert.match(list[0]!.body.text, /contoso\.onmicrosoft\.com to fabrikam\.onmicrosoft\.com, Contoso Sales, Contoso Dev/);
  });

  it('"Edit answers" brings the form back filled in, also after a bot restart (the card carries its state)', async () => {
    await h!.stop();
    h = await startApp({}, dataDir);
    const sent = await press({ action: 'profileForm.edit', envs: 2, values: GOOD });
    assert.equal(sent.length, 1);
    assert.ok(isUpdateOfForm(sent[0]!));
    const card = cardOf(sent[0]!)!;
    assert.equal(input(card, environmentFieldId(1, 'name'))!.value, 'Contoso Dev');
    assert.equal(input(card, 'source.activeLicensedUsers')!.value, '1,200');
  });

  it('"Remove" takes an environment off the card and keeps the others', async () => {
    const sent = await press({ action: 'profileForm.removeEnvironment', envs: 2, index: 0, ...GOOD });
    const card = cardOf(sent[0]!)!;
    assert.equal(input(card, environmentFieldId(0, 'name'))!.value, 'Contoso Dev');
    assert.equal(input(card, environmentFieldId(1, 'name')), undefined);
  });

  it('without a card id it sends the form as a new card', async () => {
    const fresh = await press({ action: 'profileForm.addEnvironment', envs: 1 }, null);
    assert.deepEqual(fresh.map((r) => r.method), ['POST']);
    assert.ok(input(cardOf(fresh[0]!), environmentFieldId(1, 'name')));
  });

  it(`stops adding environments at ${MAX_FORM_ENVIRONMENTS} and says what to do instead`, async () => {
    const sent = await press({ action: 'profileForm.addEnvironment', envs: MAX_FORM_ENVIRONMENTS, ...GOOD });
    const card = cardOf(sent[0]!)!;
    assert.match(JSON.stringify(card), new RegExp(`takes up to ${MAX_FORM_ENVIRONMENTS} environments\\. For more, type \\*\\*check eligibility`));
    assert.equal(input(card, environmentFieldId(MAX_FORM_ENVIRONMENTS, 'name')), undefined);
    assert.equal((card.actions as Array<{ title: string }>).some((a) => a.title === 'Add environment'), false);
    assert.equal(input(card, environmentFieldId(1, 'name'))!.value, 'Contoso Dev');
  });

  it('in a channel it points to the personal chat', async () => {
    const sent = await say('assess with a form', { channel: true, conversationId: '19:general@thread.tacv2;messageid=1' });
    assert.match(sent[0]!.body.text, /works in a personal chat with me/);
  });
});
