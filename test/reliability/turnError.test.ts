/**
 * A turn that fails is answered by onTurnError inside the turn journal: the apology (with its error id) or the
 * invoke's error response is the activity's journal record. A redelivery of the failed activity (Teams did not see
 * the HTTP answer) gets the same answer, with the same error id, and does not run the failed turn again on the
 * conversation onTurnError reset. Over HTTP, with the app's adapter, the journal and lowdb on disk; the
 * redelivery goes to a second instance over the same store (the first instance's in-memory turn lock would drop
 * it, as it does any copy while the first runs), as after a crash or to another instance behind a load balancer.
 */
import assert from 'node:assert/strict';
import { UserState } from 'botbuilder';
import { createAdapter, installErrorHandler } from '../../src/adapter.js';
import { eligibilityRoutes } from '../../src/bot/eligibilityRoutes.js';
import { MigrationBot } from '../../src/bot/teamsBot.js';
import { JournalConversationState } from '../../src/bot/turnJournal.js';
import { loadConfig } from '../../src/config.js';
import { memoryLogger } from '../../src/logging.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { close, createServer, listen } from '../../src/server.js';
import { eligibilityService } from '../../src/services/eligibilityService.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { cardAction, message } from '../support/activities.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { FakeConnector } from '../support/fakeConnector.js';

describe('reliability: the apology of a failed turn is journaled (over HTTP)', () => {
  let connector: FakeConnector;
  let dir: string;
  let stores: LowdbStores;
  let servers: Array<Awaited<ReturnType<typeof createServer>>>;
  let logger: ReturnType<typeof memoryLogger>;
  let runs: { forget: number; verb: number };
  let first: (a: unknown) => Promise<Response>;
  let second: (a: unknown) => Promise<Response>;

  /** One bot instance (adapter with its turn lock, journal, server) over the shared store. */
  async function instance(): Promise<(a: unknown) => Promise<Response>> {
    const config = loadConfig({ PORT: '0', TYPING_DELAY_MS: '0' });
    const conversationState = new JournalConversationState(stores.storage);
    const eligibility = eligibilityRoutes(eligibilityService({ assessments: new AssessmentRepository(stores.storage), logger }));
    const bot = new MigrationBot({
      conversationState,
      userState: new UserState(stores.storage),
      logger,
      forget: async () => {
        runs.forget++;
        throw new Error('SECRET store failure');
      },
      configureCommands: (r) => r.register(...eligibility.commands),
      dialogs: eligibility.dialogs,
      verbs: { 'test.boom': async () => { runs.verb++; throw new Error('SECRET verb failure'); } },
    });
    const { adapter } = createAdapter(config, logger, undefined, { conversationState });
    installErrorHandler(adapter, logger, bot);
    const server = createServer({ config, logger, adapter, runTurn: (c) => bot.run(c), storageKind: 'lowdb' });
    servers.push(server);
    const port = await listen(server, 0, '127.0.0.1');
    return (a) => fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(a) });
  }

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    dir = tempDataDir();
    stores = openLowdbStores({ dataDir: dir });
    logger = memoryLogger();
    runs = { forget: 0, verb: 0 };
    servers = [];
    first = await instance();
    second = await instance();
  });
  afterEach(async () => {
    for (const server of servers) await close(server);
    await connector.stop();
    await stores.close();
    removeDir(dir);
  });

  const apologies = (): string[] => connector.activities().map((a) => a.text ?? '').filter((t: string) => /Sorry, something went wrong/.test(t));

  it('a redelivered failed message gets the same apology and error id, and the turn does not run again', async () => {
    await first(message({ serviceUrl: connector.url, text: 'check eligibility', conversationId: 'conv-err' }));
    await connector.waitForMessage('Which tenant');
    const failing = message({ serviceUrl: connector.url, text: 'forget me', conversationId: 'conv-err' });
    assert.equal((await first(failing)).status, 200);
    await connector.waitFor(() => apologies().length === 1);
    assert.equal((await second(failing)).status, 200, 'the redelivery, to the other instance');
    await connector.waitFor(() => apologies().length === 2);
    assert.equal(runs.forget, 1, 'the failed turn ran once');
    const [one, two] = apologies();
    assert.equal(two, one, 'the same apology');
    const errorId = /\*\*([0-9a-f]{8})\*\*/.exec(one!)![1];
    assert.deepEqual(logger.lines.filter((l) => l.msg === 'turn failed').map((l) => l.errorId), [errorId], 'one failure, one id, in the log');
    assert.doesNotMatch(JSON.stringify(connector.activities()), /SECRET/);

    // The conversation was reset (the interview is gone) and still works.
    await second(message({ serviceUrl: connector.url, text: 'help', conversationId: 'conv-err' }));
    await connector.waitForMessage('What I can do');
    assert.equal(connector.activities().filter((a) => /Which tenant/.test(JSON.stringify(a))).length, 1, 'no interview question after the reset');
  });

  it('the reset keeps the journal: an activity answered before the failure is still not run again', async () => {
    const start = message({ serviceUrl: connector.url, text: 'check eligibility', conversationId: 'conv-keep' });
    await first(start);
    await connector.waitForMessage('Which tenant');
    await first(message({ serviceUrl: connector.url, text: 'forget me', conversationId: 'conv-keep' }));
    await connector.waitFor(() => apologies().length === 1);
    const questions = (): number => connector.activities().filter((a) => /Which tenant/.test(JSON.stringify(a))).length;
    const before = questions();
    await second(start);
    await connector.waitFor(() => questions() > before);
    // Replayed from the journal: the interview was not started again on the reset conversation.
    const sent = connector.activities().length;
    await second(message({ serviceUrl: connector.url, text: 'contoso.com', conversationId: 'conv-keep' }));
    await connector.waitFor(() => connector.activities().length > sent);
    assert.doesNotMatch(JSON.stringify(connector.activities().slice(sent)), /tenant ID of contoso\.com/, 'no interview runs after the reset');
  });

  it('a redelivered failed card action gets the same answer with the same reference, without running again', async () => {
    await first(message({ serviceUrl: connector.url, text: 'check eligibility', conversationId: 'conv-inv' }));
    await connector.waitForMessage('Which tenant');
    const invoke = cardAction({ serviceUrl: connector.url, verb: 'test.boom', conversationId: 'conv-inv' });
    const one = await first(invoke);
    const two = await second(invoke);
    assert.equal(one.status, 200);
    assert.equal(two.status, 200);
    const oneBody = await one.text();
    assert.match(oneBody, /Sorry, that didn't work.*[0-9a-f]{8}/);
    assert.equal(await two.text(), oneBody);
    assert.equal(runs.verb, 1);
    // A card action's failure resets nothing: the interview still waits at its question.
    await second(message({ serviceUrl: connector.url, text: 'contoso.com', conversationId: 'conv-inv' }));
    await connector.waitForMessage('tenant ID of contoso.com');
  });
});
