import assert from 'node:assert/strict';
import { ConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import { installErrorHandler } from '../../src/adapter.js';
import { MigrationBot } from '../../src/bot/teamsBot.js';
import { eligibilityRoutes } from '../../src/bot/eligibilityRoutes.js';
import { eligibilityService } from '../../src/services/eligibilityService.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { memoryLogger } from '../../src/logging.js';

describe('onTurnError', () => {
  function setup(forget: () => Promise<never>) {
    const storage = new MemoryStorage();
    const logger = memoryLogger();
    const eligibility = eligibilityRoutes(eligibilityService({ assessments: new AssessmentRepository(storage), logger }));
    const bot = new MigrationBot({
      conversationState: new ConversationState(storage),
      userState: new UserState(storage),
      logger,
      forget,
      configureCommands: (r) => r.register(...eligibility.commands),
      dialogs: eligibility.dialogs,
    });
    const adapter = new TestAdapter((context) => bot.run(context));
    installErrorHandler(adapter, logger, bot);
    return { adapter, logger, storage };
  }

  it('logs the error with an id, apologises with that id and never shows the error text', async () => {
    const { adapter, logger } = setup(async () => {
      throw new Error('SECRET internal detail at /srv/app.js:12');
    });
    await adapter.send('forget me').assertReply((reply) => {
      assert.match(reply.text!, /Sorry, something went wrong on my side/);
      assert.doesNotMatch(reply.text!, /SECRET|srv|Error/);
      const id = /\*\*([0-9a-f]{8})\*\*/.exec(reply.text!)![1];
      const logged = logger.lines.find((l) => l.msg === 'turn failed');
      assert.equal(logged?.errorId, id);
      assert.match(String(logged?.errorMessage), /SECRET/);
    });
  });

  it('clears a broken dialog so the next message is not stuck', async () => {
    const { adapter } = setup(async () => {
      throw new Error('boom');
    });
    await adapter
      .send('check eligibility').assertReply((r) => assert.match(r.text!, /check whether/)).assertReply(() => {})
      .send('forget me').assertReply((r) => assert.match(r.text!, /Sorry/))
      .send('help').assertReply((reply) => {
        // Outside the interview again: help is the command list, not the question's help.
        assert.match(JSON.stringify(reply.attachments), /What I can do/);
      });
  });
});

describe('onTurnError for a card action, over HTTP', () => {
  it('answers the invoke with a short message and the reference, posts nothing and keeps the conversation', async () => {
    const { FakeConnector } = await import('../support/fakeConnector.js');
    const { cardAction, message } = await import('../support/activities.js');
    const { createAdapter } = await import('../../src/adapter.js');
    const { createServer, listen, close } = await import('../../src/server.js');
    const { loadConfig } = await import('../../src/config.js');
    const connector = new FakeConnector();
    await connector.start();
    const config = loadConfig({ PORT: '0', TYPING_DELAY_MS: '0' });
    const logger = memoryLogger();
    const storage = new MemoryStorage();
    const eligibility = eligibilityRoutes(eligibilityService({ assessments: new AssessmentRepository(storage), logger }));
    const bot = new MigrationBot({
      conversationState: new ConversationState(storage),
      userState: new UserState(storage),
      logger,
      forget: async () => ({ items: [] }),
      configureCommands: (r) => r.register(...eligibility.commands),
      dialogs: eligibility.dialogs,
      verbs: { 'test.boom': async () => { throw new Error('SECRET storage failure'); } },
    });
    const { adapter } = createAdapter(config, logger);
    installErrorHandler(adapter, logger, bot);
    const server = createServer({ config, logger, adapter, runTurn: (c) => bot.run(c), storageKind: 'memory' });
    const port = await listen(server, 0, '127.0.0.1');
    const post = (a: unknown) => fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(a) });
    try {
      await post(message({ serviceUrl: connector.url, text: 'check eligibility' }));
      await connector.waitForMessage('Which tenant');
      const before = connector.activities().length;
      const res = await post(cardAction({ serviceUrl: connector.url, verb: 'test.boom' }));
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.type, 'application/vnd.microsoft.activity.message');
      assert.match(body.value, /Sorry, that didn't work.*[0-9a-f]{8}/);
      assert.doesNotMatch(JSON.stringify(body), /SECRET/);
      assert.equal(connector.activities().length, before, 'nothing posted in the conversation');
      // The interview is still waiting at its question.
      await post(message({ serviceUrl: connector.url, text: 'contoso.com' }));
      await connector.waitForMessage('tenant ID of contoso.com');
    } finally {
      await close(server);
      await connector.stop();
    }
  });
});
