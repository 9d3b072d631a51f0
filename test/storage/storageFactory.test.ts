import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logging.js';
import { openLowdbStores } from '../../src/storage/index.js';
import { openStores } from '../../src/storageFactory.js';
import { makeTempDir, removeDir } from './tempDir.js';

interface Logged {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

function recordingLogger(): { logger: Logger; logged: Logged[] } {
  const logged: Logged[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void logged.push({ level, msg, fields });
  return { logged, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

function lowdbConfig(dataDir: string, transcriptRetentionDays: number): Config {
  return { storageKind: 'lowdb', dataDir, transcriptRetentionDays } as unknown as Config;
}

function message(conversationId: string, id: string): Partial<Activity> {
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: '29:user-1', name: 'Ada' },
    timestamp: new Date(),
  };
}

describe('openStores and TRANSCRIPT_RETENTION_DAYS', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await makeTempDir('factory');
    // Transcripts logged while retention was still on.
    const earlier = openLowdbStores({ dataDir });
    await earlier.transcripts.logActivity(message('a:one', 'm1'));
    await earlier.transcripts.logActivity(message('a:one', 'm2'));
    await earlier.transcripts.logActivity(message('a:two', 'm3'));
    await earlier.close();
  });
  afterEach(async () => {
    await removeDir(dataDir);
  });

  it('at 0 ("keep none") deletes the transcripts already on disk once at start-up and logs how many', async () => {
    const { logger, logged } = recordingLogger();
    const stores = await openStores(lowdbConfig(dataDir, 0), logger);
    await stores.close();
    assert.equal(stores.transcripts, undefined, 'nothing new is logged either');

    const check = openLowdbStores({ dataDir });
    assert.deepEqual((await check.transcripts.listTranscripts('msteams')).items, []);
    await check.close();
    const report = logged.find((entry) => /transcripts deleted/.test(entry.msg));
    assert.deepEqual(report?.fields, { activitiesDeleted: 3, transcriptsDeleted: 2 });
    assert.equal(report?.level, 'info');
  });

  it('above 0 keeps them and prunes by age instead', async () => {
    const { logger, logged } = recordingLogger();
    const stores = await openStores(lowdbConfig(dataDir, 30), logger);
    await stores.close();
    assert.ok(!logged.some((entry) => /transcripts deleted/.test(entry.msg)));
    const check = openLowdbStores({ dataDir });
    assert.deepEqual((await check.transcripts.listTranscripts('msteams')).items.map((t) => t.id).sort(), ['a:one', 'a:two']);
    await check.close();
  });
});
