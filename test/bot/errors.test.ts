import assert from 'node:assert/strict';
import { ConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import { installErrorHandler } from '../../src/adapter.js';
import { MigrationBot } from '../../src/bot/teamsBot.js';
import { eligibilityFeature } from '../../src/bot/eligibilityFeature.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { memoryLogger } from '../../src/logging.js';

describe('onTurnError', () => {
  function setup(forget: () => Promise<never>) {
    const storage = new MemoryStorage();
    const logger = memoryLogger();
    const eligibility = eligibilityFeature({ assessments: new AssessmentRepository(storage), logger });
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
