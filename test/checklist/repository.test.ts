/**
 * The checklist repository over the real lowdb Storage on disk: tenant-scoped reads, reopening never resets ticks,
 * concurrent changes all land (eTag retries), the person's current checklist, and "forget me".
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import { buildChecklist, toggleItem } from '../../src/domain/checklist/index.js';
import { ChecklistRepository, type StoredChecklist } from '../../src/records/checklistRepository.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { MemoryStorage, type Storage } from 'botbuilder';
import { OTHER_TENANT, PROFILE, TENANT } from './harness.js';

function fresh(id: string, tenantId = TENANT, by = { id: 'aad-megan', name: 'Megan Bowen' }): StoredChecklist {
  const v = validateProfile(PROFILE);
  if (!v.ok) throw new Error('bad profile');
  return {
    id, tenantId, createdBy: by, createdAt: '2026-12-01T09:00:00.000Z',
    checklist: buildChecklist(v.profile, assess(v.profile), { assessmentId: id }),
    refreshUserIds: [], views: {}, cards: [],
  };
}

describe('ChecklistRepository (lowdb on disk)', () => {
  let dir: string;
  let stores: LowdbStores;
  let repo: ChecklistRepository;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mrb-checklists-'));
    stores = openLowdbStores({ dataDir: dir });
    repo = new ChecklistRepository(stores.storage);
  });
  afterEach(async () => {
    await stores.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps each checklist to its tenant', async () => {
    await repo.getOrCreate(TENANT, 'abcd2345', () => fresh('abcd2345'));
    assert.ok(await repo.get(TENANT, 'abcd2345'));
    assert.ok(await repo.get(TENANT.toUpperCase(), 'ABCD2345'), 'ids and tenants are case-insensitive');
    assert.equal(await repo.get(OTHER_TENANT, 'abcd2345'), undefined);
    assert.equal(await repo.update(OTHER_TENANT, 'abcd2345', (r) => r), undefined);
    assert.equal(await repo.get(TENANT, '../x'), undefined);
  });

  it('generates a checklist once; reopening returns the stored one with its ticks', async () => {
    const first = await repo.getOrCreate(TENANT, 'abcd2345', () => fresh('abcd2345'));
    assert.equal(first.created, true);
    await repo.update(TENANT, 'abcd2345', (r) => {
      const t = toggleItem(r.checklist, 'plan:inventory', { id: 'a', name: 'A' }, new Date(), 'k');
      return t.ok ? { ...r, checklist: t.checklist } : null;
    });
    let generated = 0;
    const again = await repo.getOrCreate(TENANT, 'abcd2345', () => {
      generated++;
      return fresh('abcd2345');
    });
    assert.equal(again.created, false);
    assert.equal(generated, 0);
    assert.equal(again.record.checklist.revision, 1);
  });

  it('lands every one of many simultaneous ticks (each conflict is read again and retried)', async () => {
    await repo.getOrCreate(TENANT, 'abcd2345', () => fresh('abcd2345'));
    const items = (await repo.get(TENANT, 'abcd2345'))!.checklist.items.slice(0, 12);
    await Promise.all(items.map((item, i) => repo.update(TENANT, 'abcd2345', (r) => {
      const t = toggleItem(r.checklist, item.id, { id: `u${i}`, name: `User ${i}` }, new Date(), `key-${i}`);
      return t.ok ? { ...r, checklist: t.checklist } : null;
    })));
    const stored = (await repo.get(TENANT, 'abcd2345'))!;
    assert.equal(stored.checklist.revision, 12);
    assert.ok(items.every((item) => stored.checklist.items.find((i) => i.id === item.id)!.done !== null));
  });

  it('does not write when a change returns null', async () => {
    await repo.getOrCreate(TENANT, 'abcd2345', () => fresh('abcd2345'));
    const key = `records/checklists/${TENANT}+abcd2345`;
    const before = (await stores.storage.read([key]))[key].eTag;
    const result = await repo.update(TENANT, 'abcd2345', () => null);
    assert.equal(result?.changed, false);
    assert.equal((await stores.storage.read([key]))[key].eTag, before);
  });

  it('refuses a change that would move a checklist to another tenant', async () => {
    await repo.getOrCreate(TENANT, 'abcd2345', () => fresh('abcd2345'));
    await assert.rejects(repo.update(TENANT, 'abcd2345', (r) => ({ ...r, tenantId: OTHER_TENANT })));
  });

  it('remembers each person\'s current checklist, and survives a reopen of the store', async () => {
    await repo.getOrCreate(TENANT, 'abcd2345', () => fresh('abcd2345'));
    await repo.getOrCreate(TENANT, 'efgh6789', () => fresh('efgh6789'));
    await repo.setCurrent(TENANT, 'aad-megan', 'efgh6789');
    await stores.close();
    stores = openLowdbStores({ dataDir: dir });
    repo = new ChecklistRepository(stores.storage);
    assert.equal((await repo.current(TENANT, 'aad-megan'))?.id, 'efgh6789');
    assert.equal(await repo.current(OTHER_TENANT, 'aad-megan'), undefined);
    assert.equal(await repo.current(TENANT, 'aad-someone-else'), undefined);
  });

  it('forget me deletes the checklists the person generated, and only those', async () => {
    await repo.getOrCreate(TENANT, 'abcd2345', () => fresh('abcd2345'));
    await repo.getOrCreate(TENANT, 'zzzz2345', () => fresh('zzzz2345', TENANT, { id: 'aad-adele', name: 'Adele' }));
    assert.equal(await repo.deleteAllForUser(TENANT, 'aad-megan'), 1);
    assert.equal(await repo.get(TENANT, 'abcd2345'), undefined);
    assert.ok(await repo.get(TENANT, 'zzzz2345'));
    assert.equal(await repo.deleteAllForUser(TENANT, 'aad-megan'), 0);
  });
});

describe('ChecklistRepository: concurrent first writes', () => {
  /** Another handle on the same store, as a second process would have (no shared in-process lock). */
  const otherProcess = (inner: Storage): Storage => ({
    read: (keys) => inner.read(keys), write: (changes) => inner.write(changes), delete: (keys) => inner.delete(keys),
  });

  for (const kind of ['lowdb', 'memory'] as const) {
    it(`three checklists opened at once by one person are all in their index (${kind})`, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'mrb-checklists-'));
      const stores = openLowdbStores({ dataDir: dir });
      const storage: Storage = kind === 'lowdb' ? stores.storage : new MemoryStorage();
      try {
        const repo = new ChecklistRepository(storage);
        await Promise.all(['abcd2345', 'bcde3456', 'cdef4567'].map((id) => repo.getOrCreate(TENANT, id, () => fresh(id))));
        assert.equal(await repo.deleteAllForUser(TENANT, 'aad-megan'), 3);
      } finally {
        await stores.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('opening a checklist never overwrites one someone else just created and ticked', async () => {
    const inner = new MemoryStorage();
    const other = new ChecklistRepository(otherProcess(inner));
    let raced = false;
    // The first reader finds nothing; before its write lands, another process creates the list and ticks an item.
    const slow: Storage = {
      read: (keys) => inner.read(keys),
      delete: (keys) => inner.delete(keys),
      write: async (changes) => {
        if (!raced && Object.keys(changes).some((k) => k.startsWith('records/checklists/'))) {
          raced = true;
          await other.getOrCreate(TENANT, 'abcd2345', () => fresh('abcd2345', TENANT, { id: 'aad-alex', name: 'Alex' }));
          await other.update(TENANT, 'abcd2345', (r) => {
            const t = toggleItem(r.checklist, 'plan:inventory', { id: 'a', name: 'Alex' }, new Date(), 'k');
            return t.ok ? { ...r, checklist: t.checklist } : null;
          });
        }
        return inner.write(changes);
      },
    };
    const result = await new ChecklistRepository(slow).getOrCreate(TENANT, 'abcd2345', () => fresh('abcd2345'));
    assert.equal(result.created, false, 'the other process created it');
    const stored = await other.get(TENANT, 'abcd2345');
    assert.equal(stored?.createdBy.id, 'aad-alex');
    assert.equal(stored?.checklist.items.find((i) => i.id === 'plan:inventory')?.done?.by.name, 'Alex', 'the tick stays');
    assert.deepEqual(result.record, stored);
  });
});
