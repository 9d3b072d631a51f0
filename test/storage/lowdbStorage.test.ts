import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConversationState, TestAdapter } from 'botbuilder';
import { DialogSet, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import {
  LowdbStorage,
  partitionOfKey,
  partitionOfPrefix,
  STATE_FILE_FORMAT_VERSION,
  type StatePartitionFile,
} from '../../src/storage/lowdbStorage.js';
import { hashName } from '../../src/storage/partitionFiles.js';
import { ETAG_CONFLICT, runStorageContract, waterfallSteps } from './storageContract.js';
import { makeTempDir, removeDir } from './tempDir.js';

runStorageContract(
  'LowdbStorage',
  async () => {
    const directory = await makeTempDir();
    const storage = new LowdbStorage({ directory, maxOpenPartitions: 8 });
    return {
      storage,
      dispose: async () => {
        await storage.close();
        await removeDir(directory);
      },
    };
  },
  { atomicBatches: true, prototypeKeys: true },
);

/** Every partition file under a state directory, parsed. */
async function partitionFiles(directory: string): Promise<Array<{ file: string; content: StatePartitionFile }>> {
  const found: Array<{ file: string; content: StatePartitionFile }> = [];
  for (const shard of await readdir(directory).catch(() => [] as string[])) {
    if (shard.startsWith('.')) continue; // the commit log
    for (const name of await readdir(path.join(directory, shard))) {
      const file = path.join(directory, shard, name);
      found.push({ file, content: JSON.parse(await readFile(file, 'utf8')) as StatePartitionFile });
    }
  }
  return found;
}

function fileOf(directory: string, partition: string): string {
  const hash = hashName(partition);
  return path.join(directory, hash.slice(0, 3), `${hash}.json`);
}

describe('LowdbStorage on disk', () => {
  let directory: string;
  let storage: LowdbStorage;

  beforeEach(async () => {
    directory = await makeTempDir();
    storage = new LowdbStorage({ directory });
  });
  afterEach(async () => {
    await storage.close();
    await removeDir(directory);
  });

  describe('partitioning', () => {
    it('groups botbuilder state keys by conversation or user, and gives other keys their own partition', () => {
      assert.equal(partitionOfKey('msteams/conversations/a:1/ConversationState'), 'msteams/conversations/a:1');
      assert.equal(partitionOfKey('msteams/conversations/a:1/users/29:u/PrivateState'), 'msteams/conversations/a:1');
      assert.equal(partitionOfKey('msteams/users/29:u/UserState'), 'msteams/users/29:u');
      assert.equal(partitionOfKey('test/conversations/Convo1/'), 'test/conversations/Convo1');
      assert.equal(partitionOfKey('migration/requests/42'), 'migration/requests/42');
      assert.equal(partitionOfKey('plain'), 'plain');
      assert.equal(partitionOfPrefix('msteams/conversations/a:1/'), 'msteams/conversations/a:1');
      assert.equal(partitionOfPrefix('msteams/conversations/'), undefined);
    });

    it('names files by hash in shard directories, never by key text', async () => {
      const keys = ['msteams/conversations/19:secret@thread.tacv2/state', '../../escape', 'plain key'];
      await storage.write(Object.fromEntries(keys.map((key) => [key, { v: 1 }])));
      const files = await partitionFiles(directory);
      assert.equal(files.length, 3);
      for (const { file, content } of files) {
        const relative = path.relative(directory, file);
        assert.match(relative, /^[0-9a-f]{3}[/\\][0-9a-f]{64}\.json$/);
        assert.equal(content.version, STATE_FILE_FORMAT_VERSION);
        assert.equal(path.basename(file), `${hashName(content.partition)}.json`);
      }
      assert.deepEqual(files.flatMap(({ content }) => content.items.map((item) => item.key)).sort(), [...keys].sort());
    });

    it('rewrites only the partition a write changed', async () => {
      const conversations = ['c1', 'c2', 'c3'].map((id) => `msteams/conversations/${id}/ConversationState`);
      await storage.write(Object.fromEntries(conversations.map((key) => [key, { turn: 0 }])));
      const before = new Map<string, number>();
      for (const { file } of await partitionFiles(directory)) before.set(file, (await stat(file)).ino);

      await storage.write({ [conversations[1]!]: { turn: 1 } });

      const after = await Promise.all([...before.keys()].map(async (file) => [file, (await stat(file)).ino] as const));
      const rewritten = after.filter(([file, ino]) => before.get(file) !== ino).map(([file]) => file);
      // steno replaces a file by renaming a fresh one over it, so a rewritten file has a new inode.
      assert.deepEqual(rewritten, [fileOf(directory, 'msteams/conversations/c2')]);
    });

    it('removes a partition file when its last key is deleted', async () => {
      await storage.write({ 'msteams/users/u1/UserState': { v: 1 }, 'msteams/users/u2/UserState': { v: 1 } });
      await storage.delete(['msteams/users/u1/UserState']);
      const files = await partitionFiles(directory);
      assert.deepEqual(files.map(({ content }) => content.partition), ['msteams/users/u2']);
    });
  });

  describe('restart', () => {
    it('lets a new instance over the same directory see the data, eTags included', async () => {
      await storage.write({ 'msteams/conversations/c1/ConversationState': { answer: 42 }, ['__proto__']: { safe: true } });
      const { 'msteams/conversations/c1/ConversationState': before } = await storage.read([
        'msteams/conversations/c1/ConversationState',
      ]);
      await storage.close();

      storage = new LowdbStorage({ directory });
      const reopened = await storage.read(['msteams/conversations/c1/ConversationState', '__proto__']);
      const item = reopened['msteams/conversations/c1/ConversationState'];
      assert.equal(item.answer, 42);
      assert.equal(item.eTag, before.eTag);
      assert.equal(Object.getOwnPropertyDescriptor(reopened, '__proto__')?.value.safe, true);
      await assert.rejects(
        storage.write({ 'msteams/conversations/c1/ConversationState': { answer: 0, eTag: 'not-the-stored-one' } }),
        ETAG_CONFLICT('msteams/conversations/c1/ConversationState'),
      );
    });

    it('continues a waterfall dialog after a restart mid-conversation', async () => {
      const turn = (store: LowdbStorage) => {
        const conversationState = new ConversationState(store);
        const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
        dialogs.add(new WaterfallDialog('waterfall', waterfallSteps()));
        return new TestAdapter(async (context) => {
          const dc = await dialogs.createContext(context);
          await dc.continueDialog();
          if (!context.responded) await dc.beginDialog('waterfall');
          await conversationState.saveChanges(context);
        });
      };
      await turn(storage).send('hi').assertReply('step1');
      await storage.close();
      storage = new LowdbStorage({ directory });
      await turn(storage).send('hi').assertReply('step2').send('hi').assertReply('step3');
    });
  });

  describe('prefixes', () => {
    beforeEach(async () => {
      await storage.write({
        'msteams/conversations/c1/ConversationState': { v: 1 },
        'msteams/conversations/c1/users/u1/PrivateConversationState': { v: 1 },
        'msteams/conversations/c10/ConversationState': { v: 1 },
        'msteams/users/u1/UserState': { v: 1 },
        'migration/requests/1': { v: 1 },
        'migration/requests/2': { v: 1 },
        'migration': { v: 1 },
      });
    });

    it('lists keys under a conversation without matching a longer id', async () => {
      assert.deepEqual(await storage.listKeys('msteams/conversations/c1/'), [
        'msteams/conversations/c1/ConversationState',
        'msteams/conversations/c1/users/u1/PrivateConversationState',
      ]);
    });

    it('lists keys under any other prefix by scanning', async () => {
      assert.deepEqual(await storage.listKeys('migration/'), ['migration/requests/1', 'migration/requests/2']);
      assert.deepEqual(await storage.listKeys('msteams/conversations/c1'), [
        'msteams/conversations/c1/ConversationState',
        'msteams/conversations/c1/users/u1/PrivateConversationState',
        'msteams/conversations/c10/ConversationState',
      ]);
      assert.equal((await storage.listKeys('')).length, 7);
      assert.deepEqual(await storage.listKeys('nothing/'), []);
    });

    it('deletes by prefix and says how many keys went', async () => {
      assert.equal(await storage.deleteByPrefix('msteams/conversations/c1/'), 2);
      assert.equal(await storage.deleteByPrefix('migration/'), 2);
      assert.equal(await storage.deleteByPrefix('migration/'), 0);
      assert.deepEqual(await storage.listKeys(''), [
        'migration',
        'msteams/conversations/c10/ConversationState',
        'msteams/users/u1/UserState',
      ]);
    });
  });

  describe('concurrency', () => {
    it('writes different partitions in parallel and queues overlapping writes to one partition', async () => {
      const writes: Array<Promise<void>> = [];
      for (let i = 0; i < 40; i++) writes.push(storage.write({ [`msteams/conversations/p${i}/state`]: { i } }));
      for (let i = 0; i < 40; i++) writes.push(storage.write({ 'msteams/conversations/hot/state': { i } }));
      for (let i = 0; i < 40; i++) {
        writes.push(storage.write({ [`msteams/conversations/hot/extra${i % 4}`]: { i }, 'other/key': { i } }));
      }
      await Promise.all(writes);

      const hot = await storage.read(['msteams/conversations/hot/state', 'msteams/conversations/hot/extra3', 'other/key']);
      assert.equal(hot['msteams/conversations/hot/state'].i, 39, 'the last write issued is the one kept');
      assert.equal(hot['msteams/conversations/hot/extra3'].i, 39);
      assert.equal(hot['other/key'].i, 39);
      const files = await partitionFiles(directory); // each parses, so none is torn
      assert.equal(files.length, 42);
      const onDisk = files.find(({ content }) => content.partition === 'msteams/conversations/hot')!.content;
      assert.equal(onDisk.items.find((item) => item.key === 'msteams/conversations/hot/state')?.value.i, 39);
    });

    it('lets only one of many concurrent writers with the same eTag through', async () => {
      await storage.write({ 'msteams/conversations/race/state': { v: 0 } });
      const { 'msteams/conversations/race/state': read } = await storage.read(['msteams/conversations/race/state']);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => storage.write({ 'msteams/conversations/race/state': { ...read, v: i + 1 } })),
      );
      assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
      assert.equal((await storage.read(['msteams/conversations/race/state']))['msteams/conversations/race/state'].v, 1);
    });

    it('finishes pending writes on close and refuses work afterwards', async () => {
      const pending = Array.from({ length: 20 }, (_, i) => storage.write({ [`k/${i}/x/y`]: { i } }));
      await storage.close();
      await Promise.all(pending);
      assert.equal((await partitionFiles(directory)).length, 20);
      await assert.rejects(storage.read(['k/1/x/y']), /closed/);
      storage = new LowdbStorage({ directory });
    });
  });

  describe('memory and failures', () => {
    it('keeps at most maxOpenPartitions partitions in memory and reloads the rest from disk', async () => {
      await storage.close();
      storage = new LowdbStorage({ directory, maxOpenPartitions: 5 });
      for (let i = 0; i < 30; i++) await storage.write({ [`msteams/conversations/m${i}/state`]: { i } });
      assert.ok(storage.openPartitions <= 5, `open partitions: ${storage.openPartitions}`);
      const all = await storage.read(Array.from({ length: 30 }, (_, i) => `msteams/conversations/m${i}/state`));
      assert.equal(Object.keys(all).length, 30);
      assert.equal(all['msteams/conversations/m0/state'].i, 0);
    });

    it('keeps at most maxOpenPartitionBytes of stored text in memory (large conversation states), reloading the rest', async () => {
      await storage.close();
      storage = new LowdbStorage({ directory, maxOpenPartitionBytes: 1024 * 1024 });
      const journal = 'x'.repeat(100 * 1024); // a conversation state with a turn journal of cards: 200 KB as UTF-16
      for (let i = 0; i < 30; i++) await storage.write({ [`msteams/conversations/big${i}/state`]: { i, journal } });
      assert.ok(storage.openPartitions <= 5, `open partitions: ${storage.openPartitions}`);
      assert.ok(storage.openPartitions >= 1);
      const all = await storage.read(Array.from({ length: 30 }, (_, i) => `msteams/conversations/big${i}/state`));
      assert.equal(Object.keys(all).length, 30);
      assert.equal(all['msteams/conversations/big0/state'].journal, journal);
      // A partition that grows after it was cached is counted again.
      await storage.write({ 'msteams/conversations/small/state': { v: 1 } });
      await storage.write({ 'msteams/conversations/small/state': { v: 2, journal: journal + journal + journal } });
      assert.ok(storage.openPartitions <= 3, `open partitions after one grew: ${storage.openPartitions}`);
    });

    it('moves a torn or empty partition file aside, reports it once and starts that partition empty', async () => {
      await storage.write({ 'msteams/conversations/bad/state': { v: 1 }, 'msteams/conversations/empty/state': { v: 1 } });
      await storage.write({ 'msteams/conversations/good/state': { v: 1 } });
      await storage.close();
      const torn = fileOf(directory, 'msteams/conversations/bad');
      const empty = fileOf(directory, 'msteams/conversations/empty');
      // What a power loss can leave after an un-fsynced rename: a truncated file, or an empty one.
      await writeFile(torn, '{"version":1,"partition":"msteams/conv');
      await writeFile(empty, '');
      const reports: Array<{ file: string; movedTo: string }> = [];
      storage = new LowdbStorage({ directory, onCorruptFile: (event) => reports.push(event) });

      assert.deepEqual(await storage.read(['msteams/conversations/bad/state']), {});
      // onTurnError's reset deletes the conversation state: it must work on the damaged partition too.
      await storage.delete(['msteams/conversations/empty/state']);
      assert.deepEqual(await storage.read(['msteams/conversations/bad/state', 'msteams/conversations/empty/state']), {});
      assert.equal((await storage.read(['msteams/conversations/good/state']))['msteams/conversations/good/state'].v, 1);
      assert.deepEqual(reports.map((r) => r.file).sort(), [torn, empty].sort());
      for (const report of reports) {
        assert.match(report.movedTo, /\.corrupt-\d+$/);
        assert.equal(path.dirname(report.movedTo), path.dirname(report.file));
        assert.ok(!JSON.stringify(report).includes('partition'), 'the report carries no file content');
      }
      assert.equal(await readFile(reports.find((r) => r.file === torn)!.movedTo, 'utf8'), '{"version":1,"partition":"msteams/conv');

      await storage.write({ 'msteams/conversations/bad/state': { v: 2 } });
      await storage.close();
      storage = new LowdbStorage({ directory, onCorruptFile: (event) => reports.push(event) });
      assert.equal((await storage.read(['msteams/conversations/bad/state']))['msteams/conversations/bad/state'].v, 2);
      assert.equal(reports.length, 2, 'reported once each, and the moved-aside file is never read again');
      assert.deepEqual(await storage.listKeys('msteams/'), ['msteams/conversations/bad/state', 'msteams/conversations/good/state']);
    });

    it('leaves no temp file behind after a write', async () => {
      await storage.write({ 'msteams/conversations/d/state': { v: 1 } });
      const file = fileOf(directory, 'msteams/conversations/d');
      assert.deepEqual(await readdir(path.dirname(file)), [path.basename(file)]);
    });

    it('ignores leftover temp files from an interrupted write', async () => {
      await storage.write({ 'msteams/conversations/t/state': { v: 1 } });
      const file = fileOf(directory, 'msteams/conversations/t');
      await writeFile(path.join(path.dirname(file), `.${path.basename(file)}.tmp`), '{"torn');
      assert.deepEqual(await storage.listKeys(''), ['msteams/conversations/t/state']);
    });

    it('reports a failed file write and keeps serving what is really on disk', async () => {
      await storage.write({ 'msteams/conversations/f/state': { v: 1 } });
      const file = fileOf(directory, 'msteams/conversations/f');
      // A directory where steno wants its temp file makes the next write of this partition fail.
      const blocker = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
      await mkdir(blocker);
      await assert.rejects(storage.write({ 'msteams/conversations/f/state': { v: 2 } }));
      assert.equal((await storage.read(['msteams/conversations/f/state']))['msteams/conversations/f/state'].v, 1);
      await rm(blocker, { recursive: true });
      await storage.write({ 'msteams/conversations/f/state': { v: 3 } });
      assert.equal((await storage.read(['msteams/conversations/f/state']))['msteams/conversations/f/state'].v, 3);
    });
  });
});
