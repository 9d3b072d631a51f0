/**
 * Step tables through botbuilder's DialogTestClient on channel msteams: what the user says, and what the bot
 * must answer (a question card whose question matches, or a text reply).
 */
import assert from 'node:assert/strict';
import { MemoryStorage, ConversationState, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { EligibilityDialog, type CompleteInterview } from '../../src/dialogs/eligibilityDialog.js';
import type { Draft } from '../../src/domain/interview/questions.js';

type Expect = RegExp | ((reply: Partial<Activity>) => void);

function describeReply(reply: Partial<Activity> | undefined): string {
  if (!reply) return '(no reply)';
  const texts: string[] = [reply.text ?? ''];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') texts.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(reply.attachments?.[0]?.content);
  return texts.join(' | ');
}

async function runSteps(client: DialogTestClient, steps: Array<[string | Record<string, unknown>, ...Expect[]]>): Promise<void> {
  for (const [input, ...expectations] of steps) {
    let reply: Partial<Activity> | undefined =
      typeof input === 'string'
        ? await client.sendActivity(input)
        : await client.sendActivity({ type: 'message', text: '', value: input } as Partial<Activity>);
    for (const expectation of expectations) {
      assert.ok(reply, `no reply to ${JSON.stringify(input)}`);
      if (expectation instanceof RegExp) {
        assert.match(describeReply(reply), expectation, `after ${JSON.stringify(input)}`);
      } else {
        expectation(reply!);
      }
      reply = client.getNextReply();
    }
  }
}

const TENANTS: Array<[string, ...Expect[]]> = [
  ['contoso.onmicrosoft.com', /tenant ID of contoso\.onmicrosoft\.com/],
  ['skip', /Which Power Platform region is contoso\.onmicrosoft\.com in/],
  ['Europe', /Which cloud/],
  ['commercial', /active licensed users/],
  ['1,200', /Customer Lockbox/],
  ['no', /Which tenant are they moving to/],
  ['fabrikam.onmicrosoft.com', /tenant ID of fabrikam/],
  ['66666666-7777-8888-9999-000000000000', /region is fabrikam/],
  ['emea', /Which cloud is fabrikam/],
  ['commercial', /paid Dynamics 365/],
  ['yes', /free licences/],
  ['1 500', /free Dataverse storage/],
  ['1.5 TB', /name of the first environment/],
];
const ENV1: Array<[string, ...Expect[]]> = [
  ['Contoso Sales', /type of environment is Contoso Sales/],
  ['prod', /Is Contoso Sales in EUR/],
  ['same', /Dataverse/],
  ['y', /Managed Environment/],
  ['n', /Finance and Operations/],
  ['no', /How much storage does Contoso Sales use/],
  ['800 GB', /How many users of Contoso Sales/],
  ['120', /sandbox copy of Contoso Sales/],
  ['no', /Which of these are in Contoso Sales/],
  ['power automate, portals, marketing', /Is there another environment/],
];

describe('EligibilityDialog on msteams (DialogTestClient)', () => {
  let completed: Draft[];
  let client: DialogTestClient;
  const complete: CompleteInterview = async (_context, draft) => {
    completed.push(draft);
    return { ok: true };
  };

  beforeEach(() => {
    completed = [];
    client = new DialogTestClient('msteams', new EligibilityDialog(complete));
  });

  it('asks with a question card carrying buttons for yes/no questions', async () => {
    await runSteps(client, [
      ['hi', /check whether your environments can move/, /Which tenant are the environments in now/],
      ['contoso.com', /tenant ID/],
      ['skip', /region/],
      ['EUR', /cloud/],
      ['skip', /active licensed users/],
      ['skip', (reply) => {
        const card = reply.attachments![0]!.content as { body: Array<{ type: string; actions?: Array<{ title: string; data: Record<string, unknown> }> }> };
        const buttons = card.body.find((b) => b.type === 'ActionSet')!.actions!;
        assert.deepEqual(buttons.map((b) => b.title), ['Yes', 'No']);
        assert.equal(buttons[0]!.data.q, 'source.customerLockbox|0');
      }],
    ]);
  });

  it('happy path with one environment ends in a review, then assesses', async () => {
    await runSteps(client, [
      ['start', /check whether/, /Which tenant/],
      ...TENANTS, ...ENV1,
      ['no', /Marketing is installed/],
      ['yes', /Review your answers/],
      ['assess'],
    ]);
    assert.equal(completed.length, 1);
    assert.equal(completed[0]!.environments[0]!.name, 'Contoso Sales');
    assert.deepEqual(completed[0]!.environments[0]!.solutions, ['power-automate', 'power-pages', 'marketing']);
    assert.equal(client.dialogTurnResult.status, 'complete');
  });

  it('happy path with two environments', async () => {
    await runSteps(client, [
      ['start', /check whether/, /Which tenant/],
      ...TENANTS, ...ENV1,
      ['yes', /name of environment 2/],
      ['Contoso Dev', /type of environment is Contoso Dev/],
      ['sandbox', /Is Contoso Dev in EUR/],
      ['UK', /Dataverse/],
      ['skip', /Managed Environment/],
      ["don't know", /Finance and Operations/],
      ['no', /storage does Contoso Dev/],
      ['2 TiB', /users of Contoso Dev/],
      ['15', /Which of these are in Contoso Dev/],
      ['none', /another environment/],
      ['no', /Marketing is installed/],
      ['no', /Review your answers/],
      [{ command: 'assess' }],
    ]);
    assert.equal(completed[0]!.environments.length, 2);
    assert.equal(completed[0]!.environments[1]!.region, 'UK');
    assert.equal(completed[0]!.environments[1]!.storageGb, 2048);
  });

  it('re-asks a wrong answer with the reason and an example, then offers to skip after three', async () => {
    await runSteps(client, [
      ['start', /check whether/, /Which tenant/],
      ['not a domain', /not a domain name/],
      ['contoso.com', /tenant ID/],
      ['1234', /"1234" is not a tenant ID/],
      ['skip', /region/],
      ['Atlantis', /"Atlantis" is not a Power Platform region; expected one of NA/],
      ['Atlantis', /not a Power Platform region/],
      ['Atlantis', /Stuck\? Type \*\*skip\*\*/],
      ['Europe', /Which cloud/],
    ]);
  });

  it('help, back, skip and restart work at a step', async () => {
    await runSteps(client, [
      ['start', /check whether/, /Which tenant/],
      ['contoso.com', /tenant ID/],
      ['help', /I accept a GUID/, /tenant ID/],
      ['back', /Which tenant are the environments in now.*Current answer: contoso\.com/],
      ['fabrikam.com', /tenant ID of fabrikam\.com/],
      ['skip', /region is fabrikam\.com/],
      ['restart', /Starting again.*discarded the 1 answer/, /Which tenant are the environments in now/],
    ]);
  });

  it('cancel says what was discarded and ends the dialog', async () => {
    await runSteps(client, [
      ['start', /check whether/, /Which tenant/],
      ['contoso.com', /tenant ID/],
      ['skip', /region/],
      ['EUR', /cloud/],
      ['cancel', /Cancelled\. I discarded 2 answers: the tenants \(contoso\.com\)/],
    ]);
    assert.equal(client.dialogTurnResult.status, 'complete');
    assert.equal(completed.length, 0);
  });

  it('changes an answer from the review by typing, and from the card', async () => {
    await runSteps(client, [
      ['start', /check whether/, /Which tenant/],
      ...TENANTS, ...ENV1,
      ['no', /Marketing is installed/],
      ['yes', /Review your answers/],
      ['change region', /Which one\?.*change source region.*change destination region.*change contoso sales region/, /Review your answers/],
      ['change destination region', /region is fabrikam.*Current answer: Europe \(EUR\)/],
      ['UK', /Review your answers/],
      [{ command: 'change', field: 'env.type|0' }, /type of environment is Contoso Sales.*Current answer: Production/],
      ['sandbox', /Review your answers/],
      ['assess'],
    ]);
    assert.equal(completed[0]!.destination.region, 'UK');
    assert.equal(completed[0]!.environments[0]!.type, 'sandbox');
  });

  it('a card button from an earlier question does not answer the current one', async () => {
    await runSteps(client, [
      ['start', /check whether/, /Which tenant/],
      ['contoso.com', /tenant ID/],
      ['skip', /region/],
      [{ answer: 'yes', q: 'source.customerLockbox|0' }, /earlier question/, /region/],
      [{ answer: 'EUR', q: 'source.region|0' }, /Which cloud/],
    ]);
  });

  it('goes back to the review instead of losing answers when completion fails', async () => {
    const failing = new DialogTestClient('msteams', new EligibilityDialog(async () => ({ ok: false, problems: ['environments[0].type: expected one of production'] })));
    await runSteps(failing, [
      ['start', /check whether/, /Which tenant/],
      ...TENANTS, ...ENV1,
      ['no', /Marketing is installed/],
      ['yes', /Review your answers/],
      ['assess', /can't assess these answers yet.*environments\[0\]\.type/s, /Review your answers/],
    ]);
    assert.equal(failing.dialogTurnResult.status, 'waiting');
  });

  it('continues at the same question with a new dialog instance over the same storage (restart)', async () => {
    const storage = new MemoryStorage();
    const conversationState = new ConversationState(storage);
    const first = new DialogTestClient('msteams', new EligibilityDialog(complete), undefined, [], conversationState);
    await runSteps(first, [
      ['start', /check whether/, /Which tenant/],
      ['contoso.com', /tenant ID/],
      ['skip', /region/],
    ]);
    const second = new DialogTestClient('msteams', new EligibilityDialog(complete), undefined, [], new ConversationState(storage));
    await runSteps(second, [['Europe', /Which cloud is contoso\.com in/]]);
  });
});
