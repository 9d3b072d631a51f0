/** BlobTranscriptStore against a real Azurite: the same behaviour the lowdb transcript store promises. */
import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import type { Activity } from 'botbuilder';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import {
  BLOB_TRANSCRIPT_PAGE_SIZE,
  BlobTranscriptStore,
  conversationPrefix,
  TRANSCRIPTS_BLOB_PREFIX,
} from '../../src/storage/blob/index.js';
import { REDACTED } from '../../src/storage/redact.js';
import { activity, allActivities, transcriptStoreContract } from './transcriptContract.js';
import { startAzurite, type Azurite } from '../support/azurite.js';

const TEMPAUTH = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJhdWQiOiIwMDAwMDAwMy0wMDAwIn0.c2lnbmF0dXJl';
const EXCHANGE_TOKEN = 'token-exchange-secret-value-1234567890';


function personal(id: string) {
  return { conversation: { id, isGroup: false, conversationType: 'personal', name: '' } };
}


/** Every blob name and body in the container: what someone with access to the storage account would see. */
async function everythingStored(container: ContainerClient): Promise<string> {
  const parts: string[] = [];
  for await (const blob of container.listBlobsFlat()) {
    const body = await container.getBlobClient(blob.name).download();
    parts.push(`${blob.name}\n${await text(body.readableStreamBody!)}`);
  }
  return parts.join('\n');
}

describe('BlobTranscriptStore over Azurite', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let containerName: string;
  let container: ContainerClient;
  let store: BlobTranscriptStore;
  const now = new Date('2025-06-15T12:00:00.000Z');

  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });
  beforeEach(() => {
    containerName = azurite.containerName('transcripts');
    container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(containerName);
    store = BlobTranscriptStore.fromConnectionString({ connectionString: azurite.connectionString, containerName, now: () => now });
  });
  afterEach(async () => {
    await store.close();
    await azurite.deleteContainer(containerName);
  });



  transcriptStoreContract(() => store, BLOB_TRANSCRIPT_PAGE_SIZE);

  it('keeps activities logged at the same moment in the order they were handed over', async () => {
    await Promise.all(
      Array.from({ length: 45 }, (_, i) => store.logActivity(activity({ id: `m${i}`, text: `${i}`, at: '2025-06-15T10:00:00.000Z' }))),
    );
    const transcript = await allActivities(store, 'msteams', 'a:personal-1');
    assert.deepEqual(transcript.map((a) => a.id), Array.from({ length: 45 }, (_, i) => `m${i}`));
  });

  it('redacts download URLs, tokens and authorization values before anything is uploaded, and keeps raw ids out of names', async () => {
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
        { contentType: 'text/html', content: `<a href="${downloadUrl.replace(/&/g, '&amp;')}">profile.json</a>` },
      ],
      value: { id: 'exchange', connectionName: 'graph', token: EXCHANGE_TOKEN },
      channelData: { headers: { Authorization: `Bearer ${EXCHANGE_TOKEN}` }, tenant: { id: 'tenant-1' } },
    });
    const snapshot = JSON.stringify(original);
    await store.logActivity(original);
    assert.equal(JSON.stringify(original), snapshot, 'the caller’s activity is not modified');

    const stored = await everythingStored(container);
    assert.ok(!stored.includes(TEMPAUTH), 'no tempauth value stored');
    assert.ok(!stored.includes(EXCHANGE_TOKEN), 'no token stored');
    const names = stored.split('\n').filter((line) => line.startsWith(TRANSCRIPTS_BLOB_PREFIX));
    assert.equal(names.length, 1);
    assert.ok(names[0]!.startsWith(conversationPrefix('msteams', 'a:personal-1')));
    assert.ok(!names[0]!.includes('personal-1') && !names[0]!.includes('msteams'), 'no raw id in blob names');

    const [read] = await allActivities(store, 'msteams', 'a:personal-1');
    const [file, html] = read!.attachments!;
    assert.equal((file!.content as { downloadUrl: string }).downloadUrl, REDACTED);
    assert.equal((file!.content as { uniqueId: string }).uniqueId, 'abc', 'harmless fields stay');
    assert.match(html!.content as string, /tempauth=\[redacted\]/);
    assert.equal((read!.value as { token: string }).token, REDACTED);
    assert.equal((read!.channelData as { headers: { Authorization: string } }).headers.Authorization, REDACTED);
    assert.match(read!.text, /tempauth=\[redacted\]&ApiVersion=2\.0 and Bearer \[redacted\]$/);
  });

  it('pages in twenties with an opaque token and filters by start date', async () => {
    const total = 2 * BLOB_TRANSCRIPT_PAGE_SIZE + 5;
    await Promise.all(
      Array.from({ length: total }, (_, i) => store.logActivity(activity({ id: `m${i}`, at: new Date(Date.UTC(2025, 5, 10, 0, i)).toISOString() }))),
    );
    const first = await store.getTranscriptActivities('msteams', 'a:personal-1');
    assert.equal(first.items.length, BLOB_TRANSCRIPT_PAGE_SIZE);
    assert.equal(typeof first.continuationToken, 'string');
    const second = await store.getTranscriptActivities('msteams', 'a:personal-1', first.continuationToken);
    assert.equal(second.items[0]!.id, `m${BLOB_TRANSCRIPT_PAGE_SIZE}`);
    const third = await store.getTranscriptActivities('msteams', 'a:personal-1', second.continuationToken);
    assert.deepEqual(third.items.map((a) => a.id), ['m40', 'm41', 'm42', 'm43', 'm44']);
    assert.equal(third.continuationToken, undefined);

    const late = await store.getTranscriptActivities('msteams', 'a:personal-1', undefined, new Date(Date.UTC(2025, 5, 10, 0, 40)));
    assert.deepEqual(late.items.map((a) => a.id), ['m40', 'm41', 'm42', 'm43', 'm44']);
    assert.deepEqual((await store.getTranscriptActivities('msteams', 'unknown')).items, []);
    assert.deepEqual((await store.getTranscriptActivities('msteams', 'a:personal')).items, [], 'a shorter id is another conversation');
  });


  it('sorts by timestamp and stores activities without one at the store’s clock', async () => {
    await store.logActivity(activity({ id: 'later', at: '2025-06-14T09:00:00.000Z' }));
    await store.logActivity(activity({ id: 'earlier', at: '2025-06-13T23:59:00.000Z' }));
    await store.logActivity(activity({ id: 'undated' }));
    const transcript = await allActivities(store, 'msteams', 'a:personal-1');
    assert.deepEqual(transcript.map((a) => a.id), ['earlier', 'later', 'undated']);
    assert.equal(transcript[2]!.timestamp?.toISOString(), now.toISOString());
  });

  it('lists the transcripts of one channel, oldest first', async () => {
    await store.logActivity(activity({ ...personal('b'), at: '2025-06-02T00:00:00Z' }));
    await store.logActivity(activity({ ...personal('a'), at: '2025-06-01T00:00:00Z' }));
    await store.logActivity(activity({ ...personal('a'), at: '2025-06-03T00:00:00Z' }));
    await store.logActivity(activity({ channelId: 'emulator', at: '2025-05-01T00:00:00Z' }));
    const listed = await store.listTranscripts('msteams');
    assert.deepEqual(listed.items.map((t) => [t.id, t.created.toISOString()]), [
      ['a', '2025-06-01T00:00:00.000Z'],
      ['b', '2025-06-02T00:00:00.000Z'],
    ]);
    assert.equal(listed.continuationToken, undefined);
    assert.deepEqual((await store.listTranscripts('emulator')).items.map((t) => t.id), ['a:personal-1']);
  });

  it('deletes a transcript and reports how many activities it held', async () => {
    for (let i = 0; i < 3; i++) await store.logActivity(activity({ id: `m${i}` }));
    await store.logActivity(activity({ ...personal('a:personal-10') }));
    assert.equal(await store.deleteTranscriptCounted('msteams', 'a:personal-1'), 3);
    assert.deepEqual((await store.getTranscriptActivities('msteams', 'a:personal-1')).items, []);
    assert.deepEqual((await store.listTranscripts('msteams')).items.map((t) => t.id), ['a:personal-10']);
    await store.deleteTranscript('msteams', 'never-there');
    await store.logActivity(activity({ id: 'again' }));
    assert.deepEqual((await allActivities(store, 'msteams', 'a:personal-1')).map((a) => a.id), ['again']);
  });

  it('prunes activities older than the retention and counts conversations left empty', async () => {
    await store.logActivity(activity({ ...personal('old'), id: 'o1', at: '2025-05-01T10:00:00Z' }));
    await store.logActivity(activity({ ...personal('old'), id: 'o2', at: '2025-05-02T10:00:00Z' }));
    await store.logActivity(activity({ id: 'boundary-old', at: '2025-06-08T11:59:00Z' }));
    await store.logActivity(activity({ id: 'keep-boundary-new', at: '2025-06-08T12:01:00Z' }));
    await store.logActivity(activity({ id: 'recent', at: '2025-06-15T11:00:00Z' }));

    assert.deepEqual(await store.pruneOlderThan(7, now), { activitiesDeleted: 3, transcriptsDeleted: 1 });
    assert.deepEqual((await allActivities(store, 'msteams', 'a:personal-1')).map((a) => a.id), ['keep-boundary-new', 'recent']);
    assert.deepEqual((await store.listTranscripts('msteams')).items.map((t) => t.id), ['a:personal-1']);
    assert.deepEqual(await store.pruneOlderThan(7, now), { activitiesDeleted: 0, transcriptsDeleted: 0 });
    await assert.rejects(store.pruneOlderThan(0, now), RangeError);
  });


  it('is shared: another instance over the same container reads and prunes what this one wrote', async () => {
    await store.logActivity(activity({ id: 'from-a', at: '2025-06-15T10:00:00Z' }));
    const other = BlobTranscriptStore.fromConnectionString({ connectionString: azurite.connectionString, containerName, now: () => now });
    try {
      await other.logActivity(activity({ id: 'from-b', at: '2025-06-15T10:00:01Z' }));
      assert.deepEqual((await allActivities(other, 'msteams', 'a:personal-1')).map((a) => a.id), ['from-a', 'from-b']);
      assert.deepEqual((await allActivities(store, 'msteams', 'a:personal-1')).map((a) => a.id), ['from-a', 'from-b']);
      assert.equal(await other.deleteTranscriptCounted('msteams', 'a:personal-1'), 2);
      assert.deepEqual((await store.getTranscriptActivities('msteams', 'a:personal-1')).items, []);
    } finally {
      await other.close();
    }
  });

  it('deletes every transcript at once and says how many (retention 0 at start-up)', async () => {
    await store.logActivity(activity({ id: 'a1', ...personal('one') }));
    await store.logActivity(activity({ id: 'a2', ...personal('one') }));
    await store.logActivity(activity({ id: 'b1', channelId: 'emulator' }));
    assert.deepEqual(await store.deleteAll(), { activitiesDeleted: 3, transcriptsDeleted: 2 });
    assert.deepEqual((await store.listTranscripts('msteams')).items, []);
    assert.deepEqual((await store.listTranscripts('emulator')).items, []);
    assert.deepEqual(await store.deleteAll(), { activitiesDeleted: 0, transcriptsDeleted: 0 });
  });

  it('rejects activities it cannot file, and work after close', async () => {
    await assert.rejects(store.logActivity(undefined as unknown as Activity));
    await assert.rejects(store.logActivity({ type: 'message', text: 'no conversation' }), TypeError);
    await store.close();
    await assert.rejects(store.logActivity(activity({ id: 'late' })), /closed/);
  });
});
