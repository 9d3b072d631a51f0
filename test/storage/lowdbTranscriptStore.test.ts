import assert from 'node:assert/strict';
import { appendFile, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import {
  conversationHash,
  CONVERSATION_FILE_NAME,
  DAY_FILE_EXTENSION,
  LowdbTranscriptStore,
  TRANSCRIPT_PAGE_SIZE,
} from '../../src/storage/lowdbTranscriptStore.js';
import { REDACTED } from '../../src/storage/redact.js';
import { activity, allActivities, transcriptStoreContract } from './transcriptContract.js';
import { makeTempDir, removeDir } from './tempDir.js';

const TEMPAUTH = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJhdWQiOiIwMDAwMDAwMy0wMDAwIn0.c2lnbmF0dXJl';
const EXCHANGE_TOKEN = 'token-exchange-secret-value-1234567890';


/** All file contents under a directory, concatenated: what an attacker with disk access would see. */
async function everythingOnDisk(directory: string): Promise<string> {
  const parts: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else parts.push(`${full}\n${await readFile(full, 'utf8')}`);
    }
  };
  await walk(directory);
  return parts.join('\n');
}


describe('LowdbTranscriptStore', () => {
  let directory: string;
  let store: LowdbTranscriptStore;
  const now = new Date('2025-06-15T12:00:00.000Z');

  beforeEach(async () => {
    directory = await makeTempDir('transcripts');
    store = new LowdbTranscriptStore({ directory, now: () => now });
  });
  afterEach(async () => {
    await store.close();
    await removeDir(directory);
  });



  transcriptStoreContract(() => store, TRANSCRIPT_PAGE_SIZE);

  it('writes activities of one conversation in the order they were handed over', async () => {
    const calls = Array.from({ length: 60 }, (_, i) =>
      store.logActivity(activity({ id: `m${i}`, text: `${i}`, at: '2025-06-15T10:00:00.000Z' })),
    );
    await Promise.all(calls);
    const transcript = await allActivities(store, 'msteams', 'a:personal-1');
    assert.deepEqual(transcript.map((a) => a.id), Array.from({ length: 60 }, (_, i) => `m${i}`));
  });

  it('redacts download URLs, tokens and authorization values before anything reaches disk', async () => {
    const downloadUrl = `https://contoso-my.sharepoint.com/personal/ada/_layouts/15/download.aspx?UniqueId=abc&Translate=false&tempauth=${TEMPAUTH}&ApiVersion=2.0`;
    const original = activity({
      id: 'file-1',
      text: `see ${downloadUrl} and Bearer ${EXCHANGE_TOKEN}`,
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name: 'profile.json',
          contentUrl: 'https://contoso-my.sharepoint.com/personal/ada/Documents/profile.json',
          content: { downloadUrl, uniqueId: 'abc', fileType: 'json' },
        },
        {
          contentType: 'text/html',
          content: `<a href="${downloadUrl.replace(/&/g, '&amp;')}">profile.json</a>`,
        },
      ],
      value: { id: 'exchange', connectionName: 'graph', token: EXCHANGE_TOKEN },
      channelData: { headers: { Authorization: `Bearer ${EXCHANGE_TOKEN}` }, tenant: { id: 'tenant-1' } },
    });
    const snapshot = JSON.stringify(original);
    await store.logActivity(original);
    assert.equal(JSON.stringify(original), snapshot, 'the caller’s activity is not modified');

    const disk = await everythingOnDisk(directory);
    assert.ok(!disk.includes(TEMPAUTH), 'no tempauth value on disk');
    assert.ok(!disk.includes(EXCHANGE_TOKEN), 'no token on disk');
    const paths = disk.split('\n').filter((line) => line.startsWith(directory));
    assert.ok(paths.length >= 2 && paths.every((line) => !line.includes('personal-1')), 'no raw id in file paths');

    const [stored] = await allActivities(store, 'msteams', 'a:personal-1');
    const [file, html] = stored!.attachments!;
    assert.equal((file!.content as { downloadUrl: string }).downloadUrl, REDACTED);
    assert.equal((file!.content as { uniqueId: string }).uniqueId, 'abc', 'harmless fields stay');
    assert.equal(file!.contentUrl, 'https://contoso-my.sharepoint.com/personal/ada/Documents/profile.json');
    assert.match(html!.content as string, /tempauth=\[redacted\]/);
    assert.equal((stored!.value as { token: string }).token, REDACTED);
    assert.equal((stored!.channelData as { headers: { Authorization: string } }).headers.Authorization, REDACTED);
    assert.match(stored!.text, /UniqueId=abc&Translate=false&tempauth=\[redacted\]&ApiVersion=2\.0 and Bearer \[redacted\]$/);
    assert.equal((stored!.channelData as { tenant: { id: string } }).tenant.id, 'tenant-1');
  });

  it('pages like MemoryTranscriptStore and filters by start date', async () => {
    const total = 2 * TRANSCRIPT_PAGE_SIZE + 5;
    for (let i = 0; i < total; i++) {
      const at = new Date(Date.UTC(2025, 5, 10, 0, i)).toISOString();
      await store.logActivity(activity({ id: `m${i}`, at }));
    }
    const first = await store.getTranscriptActivities('msteams', 'a:personal-1');
    assert.equal(first.items.length, TRANSCRIPT_PAGE_SIZE);
    assert.equal(typeof first.continuationToken, 'string', 'an opaque position token');
    const second = await store.getTranscriptActivities('msteams', 'a:personal-1', first.continuationToken);
    assert.equal(second.items[0]!.id, `m${TRANSCRIPT_PAGE_SIZE}`);
    const third = await store.getTranscriptActivities('msteams', 'a:personal-1', second.continuationToken);
    assert.equal(third.items.length, 5);
    assert.equal(third.continuationToken, undefined);

    const late = await store.getTranscriptActivities('msteams', 'a:personal-1', undefined, new Date(Date.UTC(2025, 5, 10, 0, 40)));
    assert.deepEqual(late.items.map((a) => a.id), ['m40', 'm41', 'm42', 'm43', 'm44']);
    assert.deepEqual((await store.getTranscriptActivities('msteams', 'unknown')).items, []);
  });


  it('pages the transcript list by position too', async () => {
    const total = TRANSCRIPT_PAGE_SIZE + 3;
    for (let i = 0; i < total; i++) {
      // Same creation time for all, so the order falls to the id.
      await store.logActivity(activity({ conversation: { id: `c${String(i).padStart(2, '0')}`, isGroup: false, conversationType: 'personal', name: '' }, at: '2025-06-01T00:00:00Z' }));
    }
    const first = await store.listTranscripts('msteams');
    const second = await store.listTranscripts('msteams', first.continuationToken);
    assert.equal(first.items.length, TRANSCRIPT_PAGE_SIZE);
    assert.equal(second.continuationToken, undefined);
    assert.deepEqual([...first.items, ...second.items].map((t) => t.id), Array.from({ length: total }, (_, i) => `c${String(i).padStart(2, '0')}`));
  });

  it('sorts by timestamp across day files and stores activities without one at the store’s clock', async () => {
    await store.logActivity(activity({ id: 'later', at: '2025-06-14T09:00:00.000Z' }));
    await store.logActivity(activity({ id: 'earlier', at: '2025-06-13T23:59:00.000Z' }));
    await store.logActivity(activity({ id: 'undated' }));
    const transcript = await allActivities(store, 'msteams', 'a:personal-1');
    assert.deepEqual(transcript.map((a) => a.id), ['earlier', 'later', 'undated']);
    assert.equal(transcript[2]!.timestamp?.toISOString(), now.toISOString());
    const conversationDir = path.join(directory, conversationHash('msteams', 'a:personal-1').slice(0, 3), conversationHash('msteams', 'a:personal-1'));
    assert.deepEqual((await readdir(conversationDir)).sort(), [
      '2025-06-13.jsonl',
      '2025-06-14.jsonl',
      '2025-06-15.jsonl',
      CONVERSATION_FILE_NAME,
    ]);
  });

  it('lists the transcripts of one channel, oldest first', async () => {
    await store.logActivity(activity({ conversation: { id: 'b', isGroup: false, conversationType: 'personal', name: '' }, at: '2025-06-02T00:00:00Z' }));
    await store.logActivity(activity({ conversation: { id: 'a', isGroup: false, conversationType: 'personal', name: '' }, at: '2025-06-01T00:00:00Z' }));
    await store.logActivity(activity({ channelId: 'emulator', at: '2025-05-01T00:00:00Z' }));
    const listed = await store.listTranscripts('msteams');
    assert.deepEqual(listed.items.map((t) => [t.id, t.created.toISOString()]), [
      ['a', '2025-06-01T00:00:00.000Z'],
      ['b', '2025-06-02T00:00:00.000Z'],
    ]);
    assert.equal((await store.listTranscripts('emulator')).items[0]!.id, 'a:personal-1');
  });

  it('deletes a transcript and reports how many activities it held', async () => {
    for (let i = 0; i < 3; i++) await store.logActivity(activity({ id: `m${i}` }));
    await store.logActivity(activity({ conversation: { id: 'other', isGroup: false, conversationType: 'personal', name: '' } }));
    assert.equal(await store.deleteTranscriptCounted('msteams', 'a:personal-1'), 3);
    assert.deepEqual((await store.getTranscriptActivities('msteams', 'a:personal-1')).items, []);
    assert.equal((await store.listTranscripts('msteams')).items.length, 1);
    await store.deleteTranscript('msteams', 'never-there');
    // Logging again after a delete starts a fresh transcript.
    await store.logActivity(activity({ id: 'again' }));
    assert.deepEqual((await allActivities(store, 'msteams', 'a:personal-1')).map((a) => a.id), ['again']);
  });

  it('prunes activities older than the retention and drops conversations left empty', async () => {
    const old = { conversation: { id: 'old', isGroup: false, conversationType: 'personal', name: '' } };
    await store.logActivity(activity({ ...old, id: 'o1', at: '2025-05-01T10:00:00Z' }));
    await store.logActivity(activity({ ...old, id: 'o2', at: '2025-05-02T10:00:00Z' }));
    await store.logActivity(activity({ id: 'boundary-old', at: '2025-06-08T11:59:00Z' }));
    await store.logActivity(activity({ id: 'keep-boundary-new', at: '2025-06-08T12:01:00Z' }));
    await store.logActivity(activity({ id: 'recent', at: '2025-06-15T11:00:00Z' }));

    const result = await store.pruneOlderThan(7, now);
    assert.deepEqual(result, { activitiesDeleted: 3, transcriptsDeleted: 1 });
    assert.deepEqual((await allActivities(store, 'msteams', 'a:personal-1')).map((a) => a.id), ['keep-boundary-new', 'recent']);
    assert.deepEqual((await store.listTranscripts('msteams')).items.map((t) => t.id), ['a:personal-1']);
    assert.deepEqual(await store.pruneOlderThan(7, now), { activitiesDeleted: 0, transcriptsDeleted: 0 });
    await assert.rejects(store.pruneOlderThan(0, now), RangeError);
  });


  it('survives a restart and keeps memory bounded', async () => {
    await store.close();
    store = new LowdbTranscriptStore({ directory, now: () => now, maxOpenFiles: 4 });
    for (let i = 0; i < 20; i++) {
      await store.logActivity(activity({ id: `c${i}`, conversation: { id: `conv-${i}`, isGroup: false, conversationType: 'personal', name: '' } }));
    }
    assert.ok(store.openFiles <= 4, `open files: ${store.openFiles}`);
    await store.close();
    store = new LowdbTranscriptStore({ directory, now: () => now });
    assert.equal((await allActivities(store, 'msteams', 'conv-7'))[0]!.id, 'c7');
    assert.equal((await store.listTranscripts('msteams')).items.length, TRANSCRIPT_PAGE_SIZE);
  });

  describe('day files as JSON Lines', () => {
    const conversationDir = () =>
      path.join(directory, conversationHash('msteams', 'a:personal-1').slice(0, 3), conversationHash('msteams', 'a:personal-1'));
    const dayFile = () => path.join(conversationDir(), `2025-06-15${DAY_FILE_EXTENSION}`);

    it('appends one line per activity and leaves the earlier bytes of the day untouched', async () => {
      for (let i = 0; i < 3; i++) await store.logActivity(activity({ id: `m${i}`, at: '2025-06-15T10:00:00.000Z' }));
      const before = await readFile(dayFile(), 'utf8');
      assert.deepEqual(before.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id), ['m0', 'm1', 'm2']);
      const inodeBefore = (await stat(dayFile())).ino;
      await store.logActivity(activity({ id: 'm3', at: '2025-06-15T10:01:00.000Z' }));
      const after = await readFile(dayFile(), 'utf8');
      assert.ok(after.startsWith(before), 'a write appends, it does not rewrite the day');
      assert.equal(after.slice(before.length).split('\n').filter(Boolean).length, 1);
      assert.equal((await stat(dayFile())).ino, inodeBefore, 'same file, not a renamed copy');
    });

    it('skips a torn last line left by a crash, and the next activity starts on a line of its own', async () => {
      await store.logActivity(activity({ id: 'kept', at: '2025-06-15T10:00:00.000Z' }));
      await store.close();
      await appendFile(dayFile(), '{"type":"message","id":"torn","te');
      store = new LowdbTranscriptStore({ directory, now: () => now });
      assert.deepEqual((await allActivities(store, 'msteams', 'a:personal-1')).map((a) => a.id), ['kept']);
      await store.logActivity(activity({ id: 'next', at: '2025-06-15T10:02:00.000Z' }));
      assert.deepEqual((await allActivities(store, 'msteams', 'a:personal-1')).map((a) => a.id), ['kept', 'next']);
      // Forget and prune rewrite the day whole, which also drops the torn line.
      assert.equal(await store.deleteUserActivities('msteams', 'a:personal-1', '29:nobody'), 0);
      assert.equal(await store.deleteActivitiesWhere('msteams', 'a:personal-1', (a) => a.id === 'kept'), 1);
      assert.deepEqual((await readFile(dayFile(), 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id), ['next']);
    });

    it('moves a conversation file that does not parse aside, reports it once, and keeps logging', async () => {
      await store.logActivity(activity({ id: 'before', at: '2025-06-15T10:00:00.000Z' }));
      await store.close();
      const conversationFile = path.join(conversationDir(), CONVERSATION_FILE_NAME);
      await writeFile(conversationFile, '');
      const reports: Array<{ file: string; movedTo: string }> = [];
      store = new LowdbTranscriptStore({ directory, now: () => now, onCorruptFile: (event) => reports.push(event) });
      await store.logActivity(activity({ id: 'after', at: '2025-06-15T11:00:00.000Z' }));
      await store.logActivity(activity({ id: 'later', at: '2025-06-15T11:30:00.000Z' }));
      assert.equal(reports.length, 1);
      assert.equal(reports[0]!.file, conversationFile);
      assert.match(reports[0]!.movedTo, /conversation\.json\.corrupt-\d+$/);
      assert.deepEqual((await allActivities(store, 'msteams', 'a:personal-1')).map((a) => a.id), ['before', 'after', 'later']);
      assert.deepEqual((await store.listTranscripts('msteams')).items.map((t) => t.id), ['a:personal-1']);
    });

    it('keeps no activity content in memory', async () => {
      await store.logActivity(activity({ id: 'on-disk', at: '2025-06-15T10:00:00.000Z' }));
      // Edited behind the store's back: a reader that served a cached copy would still say 'on-disk'.
      const line = JSON.parse((await readFile(dayFile(), 'utf8')).trim()) as Record<string, unknown>;
      await writeFile(dayFile(), `${JSON.stringify({ ...line, id: 'edited' })}\n`);
      assert.deepEqual((await allActivities(store, 'msteams', 'a:personal-1')).map((a) => a.id), ['edited']);
    });
  });

  it('rejects activities it cannot file', async () => {
    await assert.rejects(store.logActivity(undefined as unknown as Activity));
    await assert.rejects(store.logActivity({ type: 'message', text: 'no conversation' }), TypeError);
  });
});
