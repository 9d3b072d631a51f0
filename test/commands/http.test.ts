/**
 * Move commands through the real app over HTTP: restify, CloudAdapter, lowdb on disk, the real BotNotifier, and a
 * fake Bot Connector that records what the bot sends. The assessment is made with the form, its eligibility card's
 * Move commands button is pressed as Teams delivers it (a message whose value is `{ typed }`), and every button of
 * the commands and packaging cards is pressed in turn.
 */
import assert from 'node:assert/strict';
import { environmentFieldId, type FormValues } from '../../src/cards/profileFormView.js';
import { normaliseCommandText } from '../../src/bot/commands.js';
import { COMMANDS_COMMAND_ID, PACKAGING_COMMAND_ID } from '../../src/bot/commandsRoutes.js';
import { FakeConnector, type RecordedRequest } from '../support/fakeConnector.js';
import { message, TENANT_ID } from '../support/activities.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { allActions, cmdletsOf, DESTINATION_CMDLETS, SOURCE_CMDLETS, typedButtons } from './support.js';

const FORM: FormValues = {
  'source.tenantDomain': 'contoso.onmicrosoft.com', 'source.region': 'EUR', 'source.cloud': 'commercial',
  'source.activeLicensedUsers': '1,200', 'source.customerLockbox': 'no',
  'destination.tenantDomain': 'fabrikam.onmicrosoft.com', 'destination.region': 'EUR', 'destination.cloud': 'commercial',
  'destination.paidSubscription': 'yes', 'destination.availableLicenses': '300', 'destination.availableStorageGb': '1.5 TB',
  [environmentFieldId(0, 'name')]: 'Contoso Sales', [environmentFieldId(0, 'type')]: 'production', [environmentFieldId(0, 'region')]: 'same',
  [environmentFieldId(0, 'storageGb')]: '200 GB', [environmentFieldId(0, 'mappedUsers')]: '120',
  [environmentFieldId(0, 'solutions')]: 'power-automate, canvas-non-solution-aware',
  [environmentFieldId(1, 'name')]: 'Contoso Ops', [environmentFieldId(1, 'type')]: 'sandbox', [environmentFieldId(1, 'region')]: 'same',
};

describe('move commands over HTTP with the real app', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let h: Harness;
  const dataDir = tempDataDir();
  let eligibilityCard: Record<string, any>;

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    h = await startApp({}, dataDir);
  });
  after(async () => {
    await h?.stop();
    await connector?.stop();
    removeDir(dataDir);
  });

  /** Posts an activity; returns what the bot sent in reply to it, in order (typing left out). */
  async function post(activity: Record<string, unknown>): Promise<any[]> {
    const res = await h.post(activity);
    assert.equal(res.status, 200);
    return connector.activities().filter((a) => a.replyToId === activity.id);
  }
  const say = (text: string, extra: Record<string, unknown> = {}) => post({ ...message({ serviceUrl: connector.url, text }), ...extra });
  /** A card button: no text, the button's data in value (what Teams and the Agents Playground send for Action.Submit). */
  const press = (data: Record<string, unknown>) => {
    const activity: Record<string, unknown> = message({ serviceUrl: connector.url, text: '', value: data });
    delete activity.text;
    return post(activity);
  };
  const cardsIn = (replies: any[]): Array<Record<string, any>> => replies.flatMap((a) => (a.attachments ?? []).map((x: any) => x.content));

  it('the eligibility card of a new assessment has a Move commands button that gives one card per admin', async () => {
    await say('assess with a form');
    const sent = await press({ action: 'profileForm.assess', envs: 2, ...FORM });
    eligibilityCard = cardsIn(sent).find((card) => JSON.stringify(card).includes('Migration eligibility'))!;
    assert.ok(eligibilityCard, 'the eligibility card was posted');
    const buttons = typedButtons(eligibilityCard);
    const commandsButton = buttons.find((b) => b.title === 'Move commands');
    assert.ok(commandsButton, JSON.stringify(buttons));
    const id = /^commands ([a-z0-9]+)$/.exec(commandsButton.typed)?.[1];
    assert.ok(id, commandsButton.typed);
    assert.deepEqual(buttons.find((b) => b.title === 'Apps and flows'), { title: 'Apps and flows', typed: `packaging ${id}` });

    const replies = await press({ typed: commandsButton.typed });
    assert.equal(replies.length, 3, 'a line saying which assessment, then one card per admin, each its own message');
    assert.match(replies[0].text, new RegExp(`^Move commands \\(PowerShell steps\\) for \\*\\*Contoso Sales\\*\\* from assessment \\*\\*${id}\\*\\*`));
    const [source, destination] = cardsIn(replies);
    assert.match(JSON.stringify(source), /Move commands: source admin/);
    assert.match(JSON.stringify(destination), /Move commands: destination admin/);
    assert.deepEqual(cmdletsOf(source), SOURCE_CMDLETS);
    assert.deepEqual(cmdletsOf(destination), DESTINATION_CMDLETS);
    for (const reply of replies.slice(1)) {
      assert.ok(JSON.stringify(reply).length * 2 < 80_000, 'each message within 80 KB in UTF-16');
      assert.match(reply.summary, /^Move commands for the (source|destination) admin: Contoso Sales$/);
    }
  });

  it('every button on the commands and packaging cards is a typed command the bot answers with a card', async () => {
    const id = /^commands ([a-z0-9]+)$/.exec(typedButtons(eligibilityCard).find((b) => b.title === 'Move commands')!.typed)![1]!;
    const pressed = new Set<string>();
    const queue = [`commands ${id}`, `packaging ${id}`];
    while (queue.length > 0) {
      const typed = queue.shift()!;
      if (pressed.has(typed)) continue;
      pressed.add(typed);
      // Each typed text matches a registered command, in every scope the cards are posted in.
      for (const scope of ['personal', 'team', 'groupChat'] as const) {
        const found = h.app.bot.commands.match(normaliseCommandText(typed), scope);
        assert.ok(found && [COMMANDS_COMMAND_ID, PACKAGING_COMMAND_ID].includes(found.command.id), `${scope}: ${typed}`);
      }
      const cards = cardsIn(await press({ typed }));
      assert.ok(cards.length >= 1, `"${typed}" answers with a card`);
      for (const card of cards) {
        // Only typed-command buttons: no Action.Execute verb without a handler, no link that leaves Teams.
        for (const action of allActions(card)) assert.equal(action.type, 'Action.Submit', JSON.stringify(action));
        for (const button of typedButtons(card)) queue.push(button.typed);
      }
    }
    assert.ok(pressed.has(`commands ${id} Contoso Sales in admin center`));
    assert.ok(pressed.has(`packaging ${id} Contoso Ops`));
    assert.ok(pressed.size >= 6, [...pressed].join(', '));
  });

  it('send commands to a person: finds them among the members, opens a 1:1 chat and posts that admin\'s card', async () => {
    const isMembers = (r: RecordedRequest): boolean => r.method === 'GET' && /\/pagedmembers/.test(r.url);
    const isCreate = (r: RecordedRequest): boolean => r.method === 'POST' && /^\/v3\/conversations\/?$/.test(r.url);
    connector.answerNext({
      status: 200, match: isMembers,
      body: { members: [
        { id: '29:user-1', name: 'Megan Bowen', aadObjectId: '11111111-0000-0000-0000-000000000001' },
        { id: '29:adele', name: 'Adele Vance', aadObjectId: '11111111-0000-0000-0000-000000000002', email: 'adele@contoso.com' },
      ] },
    });
    const before = connector.requests.length;
    const replies = await say('send commands to adele@contoso.com destination');
    assert.match(replies.at(-1).text, /^Sent\. Adele Vance has the destination admin's move commands for \*\*Contoso Sales\*\* \(assessment \*\*[a-z0-9]+\*\*, PowerShell\) in a personal chat with me\.$/);
    const create = connector.requests.slice(before).find(isCreate)!;
    assert.equal(create.body.members[0].id, '29:adele');
    assert.equal(create.body.tenantId, TENANT_ID);
    const posted = connector.requests.slice(before).filter((r) => r.method === 'POST' && /^\/v3\/conversations\/conv-\d+\/activities/.test(r.url));
    assert.equal(posted.length, 2);
    assert.match(posted[0]!.body.text, /^Megan Bowen sent you the move commands for the administrator of fabrikam\.onmicrosoft\.com/);
    const card = posted[1]!.body.attachments[0].content;
    assert.match(JSON.stringify(card), /Move commands: destination admin/);
    assert.deepEqual(cmdletsOf(card), DESTINATION_CMDLETS);
  });

  it('"commands" alone is no longer help: it gives the latest assessment\'s commands', async () => {
    const replies = await say('commands');
    assert.match(replies[0].text, /from your latest assessment/);
    assert.equal(cardsIn(replies).length, 2);
  });

  it('help lists the three commands', async () => {
    const [help] = await say('help');
    const text = JSON.stringify(help);
    for (const usage of ['commands [assessment id] [environment]', 'packaging [assessment id] [environment]', 'send commands to {name or email} {source or destination}']) {
      assert.ok(text.includes(usage), usage);
    }
  });
});
