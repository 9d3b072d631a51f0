import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { applyStatusChange, createMigration } from '../../src/domain/status/index.js';
import { memoryLogger } from '../../src/logging.js';
import { MigrationRepository, OPEN_PREFIX, type StoredMigration } from '../../src/records/migrationRepository.js';
import { LowdbStorage } from '../../src/storage/lowdbStorage.js';

const AT = new Date('2026-12-01T09:00:00Z');
const CHANNEL = { conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 't1' }, serviceUrl: 'https://smba.example.test/' };

export function newMigration(id: string, tenantId = 't1', name = `Move ${id}`): Omit<StoredMigration, 'reminders' | 'idempotency'> {
  const created = createMigration({ id, name, by: { id: 'u1', name: 'Megan' }, via: 'person', at: AT });
  if (!created.ok) throw new Error(created.message);
  return {
    tenantId,
    migration: created.migration,
    trackedBy: { id: 'u1', name: 'Megan' },
    card: { channel: CHANNEL as never, thread: null, activityId: null, revision: 0, postedAt: null, updatedAt: null, failing: null },
  };
}

describe('MigrationRepository (lowdb on disk)', () => {
  let dir: string;
  let storage: LowdbStorage;
  let repo: MigrationRepository;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mrb-migrations-'));
    storage = new LowdbStorage({ directory: dir });
    repo = new MigrationRepository(storage, () => AT);
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('three migrations tracked at once are all open', async () => {
    await Promise.all(['m-a', 'm-b', 'm-c'].map((id) => repo.create(newMigration(id))));
    assert.deepEqual((await repo.open()).map((o) => o.id).sort(), ['m-a', 'm-b', 'm-c']);
  });

  const complete = (r: StoredMigration): StoredMigration => {
    const changed = applyStatusChange(r.migration, { phase: 'cancelled', by: { id: 'u1', name: 'Megan' }, via: 'person', at: AT });
    if (!changed.ok) throw new Error(changed.message);
    return { ...r, migration: changed.migration };
  };

  it('keeps one small key per open migration (no index shared by all tenants) and lists them by prefix', async () => {
    await repo.create(newMigration('m-a', 't1'));
    await repo.create(newMigration('m-b', 't1'));
    await repo.create(newMigration('m-c', 't2'));
    const keys = await storage.listKeys(OPEN_PREFIX);
    assert.equal(keys.length, 3);
    assert.deepEqual(await storage.listKeys('records/migration-index/'), [], 'no shared open index');
    assert.deepEqual((await repo.open('t1')).map((o) => o.id).sort(), ['m-a', 'm-b']);
    assert.deepEqual((await repo.open('T2')).map((o) => o.id), ['m-c']);
    assert.deepEqual(await repo.open('t3'), []);
    // A finished migration leaves the listing; the others stay.
    await repo.update('t1', 'm-a', complete);
    assert.deepEqual((await repo.open()).map((o) => o.id).sort(), ['m-b', 'm-c']);
    assert.equal((await storage.listKeys(OPEN_PREFIX)).length, 2);
  });

  it('a status change of one tenant does not write another tenant\'s open entries', async () => {
    await repo.create(newMigration('m-a', 't1'));
    await repo.create(newMigration('m-c', 't2'));
    const before = (await storage.read(await storage.listKeys(OPEN_PREFIX)));
    await repo.update('t1', 'm-a', (r) => ({ ...r, migration: { ...r.migration, name: 'Renamed' } }));
    const after = (await storage.read(await storage.listKeys(OPEN_PREFIX)));
    const eTagOf = (items: StoreItems, id: string): string =>
      (Object.values(items).find((v) => (v as { id: string }).id === id) as { eTag: string }).eTag;
    assert.notEqual(eTagOf(after, 'm-a'), eTagOf(before, 'm-a'));
    assert.equal(eTagOf(after, 'm-c'), eTagOf(before, 'm-c'));
    assert.equal((await repo.open('t1'))[0]?.name, 'Renamed');
  });

  it('an open-entry write that fails does not fail update(); the entry is brought up to date on the next listing', async () => {
    const logger = memoryLogger();
    let failOpenWrites = false;
    const flaky: Storage & { listKeys(prefix: string): Promise<string[]> } = {
      read: (keys) => storage.read(keys),
      delete: (keys) => storage.delete(keys),
      listKeys: (prefix) => storage.listKeys(prefix),
      write: async (changes) => {
        if (failOpenWrites && Object.keys(changes).some((k) => k.startsWith(OPEN_PREFIX))) throw new Error('disk full');
        return storage.write(changes);
      },
    };
    const flakyRepo = new MigrationRepository(flaky, () => AT, logger);
    await flakyRepo.create(newMigration('m-a', 't1'));
    failOpenWrites = true;
    const result = await flakyRepo.update('t1', 'm-a', (r) => ({ ...r, migration: { ...r.migration, name: 'Renamed' } }));
    assert.equal(result?.changed, true);
    assert.equal((await flakyRepo.get('t1', 'm-a'))?.migration.name, 'Renamed', 'the record was written');
    assert.ok(logger.lines.some((l) => l.msg === 'open migration entry not saved'), 'logged once');
    assert.equal(JSON.stringify(logger.lines).includes('disk full'), false, 'no error message in the log');
    failOpenWrites = false;
    assert.equal((await flakyRepo.open('t1'))[0]?.name, 'Renamed');
  });

  it('refuses a storage that cannot list keys, saying so', () => {
    const plain: Storage = { read: async () => ({}), write: async () => {}, delete: async () => {} };
    assert.throws(() => new MigrationRepository(plain), /listKeys/);
  });
});
