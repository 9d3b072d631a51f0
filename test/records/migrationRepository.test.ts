import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMigration } from '../../src/domain/status/index.js';
import { MigrationRepository, type StoredMigration } from '../../src/records/migrationRepository.js';
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
});
