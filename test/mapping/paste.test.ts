import assert from 'node:assert/strict';
import { FakeConnector } from '../support/fakeConnector.js';
import { cardAction, message } from '../support/activities.js';
import { removeDir, type Harness } from '../support/appHarness.js';
import { MAPPING_MORE_VERB } from '../../src/cards/mappingView.js';
import { consentCards, resultCards, startMappingApp, transcriptOf } from './support.js';

/** Twelve mistakes of different kinds, so the first card cannot show them all. */
const MESSY = [
  'a1@contoso.com;a1@fabrikam.com',
  'b@contoso.com,b@fabrikam.com',
  'b@contoso.com,b2@fabrikam.com',
  'c@contoso.com,c@contoso.com',
  'adele,d@fabrikam.com',
  'e@contoso.com',
  'f@contoso.com,f@fabrikam.com,',
  ' g@contoso.com,g@fabrikam.com',
  '',
  '"h@contoso.com","h@fabrikam.com"',
  'i@contoso.com,mailto:i@fabrikam.com',
  'j@contoso.com,k@fabrikam.com',
  'k@contoso.com,k@fabrikam.com',
  'l@contoso.com,l@@fabrikam.com',
].join('\n');

describe('mapping file pasted into the chat (HTTP, fake connector)', function () {
  this.timeout(30_000);
  const connector = new FakeConnector();
  let h: Harness;
  let conversation = 0;
  let conversationId = '';

  async function say(text: string, extra: Record<string, unknown> = {}): Promise<any[]> {
    const before = connector.activities().length;
    const res = await h.post({ ...message({ serviceUrl: connector.url, text, conversationId }), ...extra });
    assert.equal(res.status, 200);
    return connector.activities().slice(before);
  }

  before(async () => {
    await connector.start();
    h = await startMappingApp({ fileTransfer: {} });
  });
  beforeEach(() => {
    conversationId = `a:paste-${++conversation}`;
  });
  after(async () => {
    await h.stop();
    await connector.stop();
    removeDir(h.dataDir);
  });

  it('asks for the file, then checks the next message\'s lines: the documented example passes with a warning', async () => {
    const ask = await say('check mapping file');
    assert.match(transcriptOf(ask), /Send me the user mapping file/);
    assert.match(transcriptOf(ask), /cancel/);
    const replies = await say('user001@source.com, user001@destination.com\nuser002@source.com, user002@destination.com');
    const card = JSON.stringify(resultCards(replies)[0]);
    assert.match(card, /Pasted lines/);
    assert.match(card, /No errors; check the warnings/);
    assert.match(card, /"text":"2".*"text":"users mapped".*"text":"0".*"text":"errors".*"text":"1".*"text":"warning"/);
    assert.match(card, /No header line found/);
    assert.match(transcriptOf(replies), /```\nSource,Destination\nuser001@source.com,user001@destination.com\nuser002@source.com,user002@destination.com\n```/);
    assert.equal(consentCards(replies).length, 1);
    // The wait is over: the same lines again are not a command.
    assert.match(transcriptOf(await say('user003@source.com,user003@destination.com')), /I don't know/);
  });

  it('takes lines pasted in the same message as the command', async () => {
    const replies = await say('check mapping file\r\nSource,Destination\r\nadele@contoso.com,adele@fabrikam.com');
    assert.match(JSON.stringify(resultCards(replies)[0]), /Ready for Microsoft's validation/);
    assert.equal(consentCards(replies).length, 0, 'nothing to correct');
  });

  it('reads the line breaks from the HTML copy when Teams collapsed them in the text, and unwraps mailto links', async () => {
    await say('check mapping file');
    const replies = await say('adele@contoso.com,adele@fabrikam.com alex@contoso.com,alex@fabrikam.com', {
      attachments: [{
        contentType: 'text/html',
        content: '<div><p><a href="mailto:adele@contoso.com">adele@contoso.com</a>,adele@fabrikam.com</p><p>alex@contoso.com,alex@fabrikam.com</p></div>',
      }],
    });
    const card = JSON.stringify(resultCards(replies)[0]);
    assert.match(card, /"text":"2".*"text":"users mapped"/);
    assert.match(card, /Ready for Microsoft's validation/);
  });

  it('says the line breaks were lost when several users arrive run together on one line', async () => {
    await say('check mapping file');
    const replies = await say('Source,Destinationalice@contoso.com,alice@fabrikam.combob@contoso.com,bob@fabrikam.com');
    assert.equal(resultCards(replies).length, 0, 'no nonsense result card');
    assert.match(transcriptOf(replies), /single line with 4 addresses run together: the line breaks were lost/);
  });

  it('cancel stops waiting', async () => {
    await say('check mapping file');
    assert.match(transcriptOf(await say('cancel')), /Stopped: I did not check a mapping file/);
    assert.match(transcriptOf(await say('a@contoso.com,a@fabrikam.com')), /I don't know/);
  });

  it('help repeats what is expected and keeps waiting', async () => {
    await say('check mapping file');
    assert.match(transcriptOf(await say('help')), /Send me the user mapping file/);
    assert.equal(resultCards(await say('a@contoso.com,a@fabrikam.com')).length, 1);
  });

  it('other talk while waiting is answered as usual, after saying the wait is over', async () => {
    await say('check mapping file');
    const replies = await say('my assessments');
    assert.match(transcriptOf(replies), /I stopped waiting for the mapping file[\s\S]*You have no saved assessments/);
  });

  it('shows the first problems with line numbers, fixes and Microsoft\'s messages, and the rest on "Show more"', async () => {
    const replies = await say(`check mapping file\n${MESSY}`);
    const card = resultCards(replies)[0];
    const text = JSON.stringify(card);
    assert.match(text, /Fix these before the move/);
    assert.match(text, /How to fix:/);
    assert.match(text, /Microsoft's validation says/);
    assert.match(text, /Line 1/);
    const more = card.actions.find((a: any) => a.verb === MAPPING_MORE_VERB);
    assert.ok(more, 'a Show more button');
    assert.equal(more.type, 'Action.Execute');
    assert.equal(more.data.offset, 5);
    assert.match(text, /Problems 1–5 of \d+/);

    const res = await h.post(cardAction({ serviceUrl: connector.url, conversationId, verb: MAPPING_MORE_VERB, data: more.data }));
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    const page = JSON.stringify(body.value);
    assert.match(page, /Problems 6–\d+ of \d+/);
    assert.match(page, /Back to the first problems/);
    const pageTitles = [...page.matchAll(/"text":"[✗⚠] (?:Error|Warning): ([^"]+)"/g)].map((m) => m[1]);
    const firstTitles = [...text.matchAll(/"text":"[✗⚠] (?:Error|Warning): ([^"]+)"/g)].map((m) => m[1]);
    assert.equal(firstTitles.length, 5);
    assert.ok(pageTitles.length > 0);
    // The card header is the same on every page.
    assert.match(page, /Fix these before the move/);
  });

  it('answers "Show more" on an unknown or foreign check plainly', async () => {
    const res = await h.post(cardAction({ serviceUrl: connector.url, conversationId, verb: MAPPING_MORE_VERB, data: { checkId: 'zzzzzzzzzzzz', offset: 5 } }));
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.type, 'application/vnd.microsoft.activity.message');
    assert.match(body.value, /That check has expired/);

    const replies = await say(`check mapping file\n${MESSY}`);
    const data = resultCards(replies)[0].actions[0].data;
    const other = await h.post(cardAction({ serviceUrl: connector.url, conversationId, verb: MAPPING_MORE_VERB, data, aadObjectId: '22222222-0000-0000-0000-000000000002' }));
    assert.match((await other.json()).value, /That check has expired/);
  });

  it('in a channel, points to the personal chat', async () => {
    const before = connector.activities().length;
    await h.post(message({ serviceUrl: connector.url, text: 'check mapping file', channel: true, conversationId: '19:general@thread.tacv2' }));
    assert.match(transcriptOf(connector.activities().slice(before)), /personal chat/);
  });

  it('forget me deletes the stored checks', async () => {
    await say('check mapping file\na@contoso.com,a@contoso.com');
    assert.match(transcriptOf(await say('forget me')), /- \d+ mapping file checks?/);
  });

  it('help lists the command', async () => {
    assert.match(transcriptOf(await say('help')), /check mapping file/);
  });
});
