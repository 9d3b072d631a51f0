/**
 * Stored mapping checks (the corrected CSV holds every user's addresses) are deleted when they expire, by a timer,
 * not only when the same person comes back.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryLogger } from '../../src/logging.js';
import { EXPIRY_PREFIX, MAPPING_CHECK_TTL_MS, MappingCheckStore } from '../../src/records/mappingCheckRepository.js';
import { mappingCheckHeader } from '../../src/cards/mappingView.js';
import { checkMappingFile, summariseMappingReport } from '../../src/domain/mapping/index.js';
import { LowdbStorage } from '../../src/storage/lowdbStorage.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';

const report = checkMappingFile({ text: 'a@contoso.com,a@fabrikam.com' });
const input = (tenantId: string, userId: string) => ({
  tenantId, userId, header: mappingCheckHeader(report, summariseMappingReport(report), null), problems: [], problemsTotal: 0,
  corrected: { csv: 'Source,Destination\r\na@contoso.com,a@fabrikam.com\r\n', rows: 1 },
});
const T0 = new Date('2026-03-02T10:00:00Z');

describe('mapping checks: expired ones are swept from disk', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDataDir();
  });
  afterEach(() => removeDir(dataDir));

  /** Every check key still stored, read from disk by a fresh storage. */
  async function storedCheckKeys(): Promise<string[]> {
    const storage = new LowdbStorage({ directory: path.join(dataDir, 'state') });
    try {
      return await storage.listKeys('records/mapping-checks/');
    } finally {
      await storage.close();
    }
  }

  it('sweepExpired deletes the expired checks of everyone, and only those', async () => {
    const storage = new LowdbStorage({ directory: path.join(dataDir, 'state') });
    let now = T0;
    const store = new MappingCheckStore(storage, () => now);
    const old1 = await store.save(input('tenant-a', 'user-1'));
    const old2 = await store.save(input('tenant-b', 'user-2'));
    now = new Date(T0.getTime() + MAPPING_CHECK_TTL_MS / 2);
    const fresh = await store.save(input('tenant-a', 'user-3'));
    assert.equal(await store.sweepExpired(), 0, 'nothing has expired yet');
    now = new Date(T0.getTime() + MAPPING_CHECK_TTL_MS);
    assert.equal(await store.sweepExpired(), 2);
    assert.ok(await store.get('tenant-a', 'user-3', fresh.id));
    await storage.close();
    const keys = await storedCheckKeys();
    assert.equal(keys.length, 1);
    assert.ok(keys[0]!.endsWith(fresh.id));
    assert.ok(![old1.id, old2.id].some((id) => keys.some((k) => k.endsWith(id))));
  });

  it('forget me and a surplus drop also delete the expiry entries', async () => {
    const storage = new LowdbStorage({ directory: path.join(dataDir, 'state') });
    try {
      const store = new MappingCheckStore(storage, () => T0);
      for (let i = 0; i < 12; i++) await store.save(input('tenant-a', 'user-1'));
      assert.equal((await storage.listKeys(EXPIRY_PREFIX)).length, 10, 'the 2 oldest were dropped with their entries');
      assert.equal(await store.deleteAllForUser('tenant-a', 'user-1'), 10);
      assert.deepEqual(await storage.listKeys(EXPIRY_PREFIX), []);
    } finally {
      await storage.close();
    }
  });

  it('the timer started by app.start sweeps (at once on start, with the app clock); app.stop stops it', async () => {
    let now = T0;
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TYPING_DELAY_MS: '0' });
    let app = await createApp(config, memoryLogger(), { now: () => now });
    await app.start();
    await new MappingCheckStore(app.stores.storage, () => now).save(input('tenant-a', 'user-1'));
    await app.stop();
    assert.equal((await storedCheckKeys()).length, 1);

    now = new Date(T0.getTime() + MAPPING_CHECK_TTL_MS + 1);
    const logger = memoryLogger();
    app = await createApp(config, logger, { now: () => now });
    await app.start();
    await app.stop(); // waits for the sweep that start began
    assert.deepEqual(await storedCheckKeys(), []);
    assert.ok(logger.lines.some((l) => l.msg === 'expired mapping checks deleted' && l.count === 1));
  });
});
