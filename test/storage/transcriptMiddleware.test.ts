import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter } from 'botbuilder';
import { TranscriptMiddleware } from '../../src/bot/transcriptMiddleware.js';
import { memoryLogger } from '../../src/logging.js';
import { LowdbTranscriptStore } from '../../src/storage/lowdbTranscriptStore.js';
import { REDACTED } from '../../src/storage/redact.js';
import { allActivities } from './transcriptContract.js';
import { makeTempDir, removeDir } from './tempDir.js';

describe('TranscriptMiddleware over a preparing store', () => {
  let directory: string;
  let store: LowdbTranscriptStore;
  beforeEach(async () => {
    directory = await makeTempDir('middleware');
    store = new LowdbTranscriptStore({ directory });
  });
  afterEach(async () => {
    await store.close();
    await removeDir(directory);
  });

  it('logs a turn as seen (later changes to the live activities do not leak in), redacted, in one commit', async () => {
    const adapter = new TestAdapter(async (context) => {
      const reply = { type: ActivityTypes.Message, text: 'first', channelData: { token: 'abc-secret' } };
      await context.sendActivity(reply);
      reply.text = 'changed after sending';
      await context.sendActivity('second');
    }).use(new TranscriptMiddleware(store, memoryLogger()));
    await adapter.send('hello Bearer abcdefghijklmnopqrstuvwxyz').assertReply('first').assertReply('second');
    const conversationId = adapter.conversation.conversation.id;
    const logged = await allActivities(store, 'test', conversationId);
    assert.deepEqual(logged.map((a) => a.text), ['hello Bearer [redacted]', 'first', 'second']);
    assert.equal((logged[1]!.channelData as { token: string }).token, REDACTED);
    assert.equal(logged[0]!.from.role, 'user');
    assert.ok(logged.every((a) => a.timestamp instanceof Date));
    assert.equal(store.commitStats.commits, 1, 'the turn’s three entries went out as one commit');
  });
});
