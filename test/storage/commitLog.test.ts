import assert from 'node:assert/strict';
import { appendFile, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COMMIT_LOG_FILE_NAME, CommitLog, encodeGroup } from '../../src/storage/commitLog.js';
import { LowdbStorage } from '../../src/storage/lowdbStorage.js';
import { hashName } from '../../src/storage/partitionFiles.js';
import { makeTempDir, removeDir } from './tempDir.js';

describe('CommitLog (group commit)', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await makeTempDir('commitlog');
  });
  afterEach(async () => {
    await removeDir(directory);
  });

  it('lets concurrent commits share journal syncs, and applies every one before answering', async () => {
    const log = new CommitLog(directory);
    const commits = Array.from({ length: 50 }, (_, i) =>
      log.commit([{ op: 'write', file: path.join(directory, 'f', `${i}.json`), text: `{"i":${i}}` }]),
    );
    await Promise.all(commits);
    for (let i = 0; i < 50; i++) assert.equal(await readFile(path.join(directory, 'f', `${i}.json`), 'utf8'), `{"i":${i}}`);
    assert.equal(log.stats.commits, 50);
    assert.ok(log.stats.groups < 50, `groups: ${log.stats.groups}`);
    await log.close();
    assert.equal((await stat(path.join(directory, COMMIT_LOG_FILE_NAME))).size, 0, 'close checkpoints and empties the journal');
    assert.ok(log.stats.checkpoints >= 1);
  });

  it('replays what a crash left in the journal: replaces, appends (truncating first) and removes', async () => {
    const day = path.join(directory, 'c', 'day.jsonl');
    const gone = path.join(directory, 'g', 'old.json');
    // State at the last checkpoint: a day file of one line and a file later removed.
    const before = new CommitLog(directory);
    await before.commit([
      { op: 'append', file: day, offset: 0, text: 'one\n' },
      { op: 'write', file: gone, text: 'old' },
    ]);
    await before.close();
    // Then a crash after the journal was synced: the append was half applied, nothing else.
    await appendFile(day, 'tw');
    const journal = Buffer.concat([
      encodeGroup(directory, [
        { op: 'append', file: day, offset: 4, text: 'two\n' },
        { op: 'write', file: path.join(directory, 'n', 'new.json'), text: '{"v":2}' },
        { op: 'remove', file: path.join(directory, 'g') },
      ]),
      // A torn group: never synced, so never acknowledged, and never replayed.
      encodeGroup(directory, [{ op: 'write', file: path.join(directory, 'torn.json'), text: 'x' }]).subarray(0, 20),
    ]);
    await writeFile(path.join(directory, COMMIT_LOG_FILE_NAME), journal);

    const log = new CommitLog(directory);
    await log.open();
    assert.equal(await readFile(day, 'utf8'), 'one\ntwo\n');
    assert.equal(await readFile(path.join(directory, 'n', 'new.json'), 'utf8'), '{"v":2}');
    assert.deepEqual((await readdir(directory)).sort(), [COMMIT_LOG_FILE_NAME, 'c', 'n'].sort());
    assert.equal(log.stats.replayed, 3);
    assert.equal((await stat(path.join(directory, COMMIT_LOG_FILE_NAME))).size, 0);
    // Replaying again (a crash during replay) changes nothing.
    await writeFile(path.join(directory, COMMIT_LOG_FILE_NAME), journal);
    const again = new CommitLog(directory);
    await again.open();
    assert.equal(await readFile(day, 'utf8'), 'one\ntwo\n');
    await again.close();
    await log.close();
  });

  it('refuses a change outside its directory', async () => {
    const log = new CommitLog(directory);
    await assert.rejects(log.commit([{ op: 'write', file: path.join(directory, '..', 'x'), text: '' }]), /outside/);
    await log.close();
  });
});

describe('LowdbStorage with group commit', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await makeTempDir('groupcommit');
  });
  afterEach(async () => {
    await removeDir(directory);
  });

  function fileOf(partition: string): string {
    const hash = hashName(partition);
    return path.join(directory, hash.slice(0, 3), `${hash}.json`);
  }

  it('writes compact JSON and still reads pretty-printed files written before', async () => {
    const old = fileOf('msteams/conversations/old');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.dirname(old), { recursive: true });
    await writeFile(
      old,
      JSON.stringify({ version: 1, partition: 'msteams/conversations/old', items: [{ key: 'msteams/conversations/old/s', eTag: 'e1', value: { v: 1 } }] }, null, 2),
    );
    const storage = new LowdbStorage({ directory });
    assert.deepEqual(await storage.read(['msteams/conversations/old/s']), { 'msteams/conversations/old/s': { v: 1, eTag: 'e1' } });
    await storage.write({ 'msteams/conversations/old/s': { v: 2, nested: { list: [1, 2] } } });
    const text = await readFile(old, 'utf8');
    assert.ok(!text.includes('\n'), 'compact JSON');
    assert.deepEqual((JSON.parse(text) as { items: Array<{ value: unknown }> }).items[0]!.value, { v: 2, nested: { list: [1, 2] } });
    await storage.close();
  });

  it('answers concurrent turns from shared journal syncs, and a crash after the journal sync loses nothing', async () => {
    const storage = new LowdbStorage({ directory });
    await Promise.all(Array.from({ length: 20 }, (_, i) => storage.write({ [`msteams/conversations/c${i}/state`]: { i } })));
    assert.ok(storage.commitStats.groups < 20, `groups: ${storage.commitStats.groups}`);
    await storage.close();
    // A write acknowledged from the journal alone: the partition file never got it.
    const file = fileOf('msteams/conversations/c3');
    await writeFile(
      path.join(directory, COMMIT_LOG_FILE_NAME),
      encodeGroup(directory, [
        { op: 'write', file, text: JSON.stringify({ version: 1, partition: 'msteams/conversations/c3', items: [{ key: 'msteams/conversations/c3/state', eTag: 'e9', value: { i: 33 } }] }) },
      ]),
    );
    const reopened = new LowdbStorage({ directory });
    assert.deepEqual(await reopened.read(['msteams/conversations/c3/state']), { 'msteams/conversations/c3/state': { i: 33, eTag: 'e9' } });
    assert.deepEqual(await reopened.listKeys('msteams/conversations/c1'), ['msteams/conversations/c1/state', 'msteams/conversations/c10/state', 'msteams/conversations/c11/state', 'msteams/conversations/c12/state', 'msteams/conversations/c13/state', 'msteams/conversations/c14/state', 'msteams/conversations/c15/state', 'msteams/conversations/c16/state', 'msteams/conversations/c17/state', 'msteams/conversations/c18/state', 'msteams/conversations/c19/state']);
    await reopened.close();
  });

  it('hands out objects the caller owns: changing one changes neither the store nor the next read', async () => {
    const storage = new LowdbStorage({ directory });
    const item = { list: [1], eTag: '*' };
    await storage.write({ 'a/b/c/d': item });
    item.list.push(2);
    const first = await storage.read(['a/b/c/d']);
    (first['a/b/c/d'].list as number[]).push(3);
    assert.deepEqual((await storage.read(['a/b/c/d']))['a/b/c/d'].list, [1]);
    await storage.close();
  });
});
