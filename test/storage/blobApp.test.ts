/**
 * The real app (restify, CloudAdapter, bot, stores) with STORAGE_KIND=blob against Azurite: an interview started
 * on one bot process continues after a restart and on a second process sharing the container, with nothing
 * written under DATA_DIR.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { message } from '../support/activities.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { startAzurite, type Azurite } from '../support/azurite.js';

describe('the app with STORAGE_KIND=blob (Azurite)', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let connector: FakeConnector;
  let containerName: string;
  const running: Harness[] = [];

  before(async () => {
    azurite = await startAzurite();
    connector = new FakeConnector();
    await connector.start();
    containerName = azurite.containerName('app');
  });
  after(async () => {
    for (const h of running.splice(0)) {
      await h.stop();
      removeDir(h.dataDir);
    }
    await connector?.stop();
    await azurite?.deleteContainer(containerName).catch(() => undefined);
    await azurite?.stop();
  });

  async function start(): Promise<Harness> {
    const h = await startApp(
      { STORAGE_KIND: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: containerName },
      tempDataDir(),
    );
    running.push(h);
    return h;
  }

  async function stop(h: Harness): Promise<void> {
    await h.stop();
    running.splice(running.indexOf(h), 1);
    removeDir(h.dataDir);
  }

  /** Posts one message to one bot process and returns what it answered. */
  async function say(h: Harness, text: string): Promise<string> {
    const activity = message({ serviceUrl: connector.url, text, conversationId: 'a:blob-conversation-1', userId: '29:blob-user' });
    const res = await h.post(activity);
    assert.equal(res.status, 200, `posting "${text}"`);
    const replies = connector.activities().filter((a) => a.replyToId === activity.id);
    assert.ok(replies.length > 0, `no reply to "${text}"`);
    return JSON.stringify(replies);
  }

  it('reports blob storage on /healthz', async () => {
    const h = await start();
    const body = await (await fetch(`${h.baseUrl}/healthz`)).json();
    assert.equal(body.storage, 'blob');
    await stop(h);
  });

  it('carries an interview across a restart and onto a second process, keeping nothing under DATA_DIR', async () => {
    const first = await start();
    assert.match(await say(first, 'check eligibility'), /Which tenant are the environments in now/);
    assert.match(await say(first, 'contoso.onmicrosoft.com'), /tenant ID of contoso\.onmicrosoft\.com/);
    assert.match(await say(first, 'skip'), /Which Power Platform region/);
    assert.ok(!existsSync(join(first.dataDir, 'state')) && !existsSync(join(first.dataDir, 'transcripts')), 'no lowdb files');
    await stop(first);

    // A new process with an empty DATA_DIR: the conversation can only come from the container.
    const restarted = await start();
    assert.match(await say(restarted, 'Europe'), /Which cloud is contoso\.onmicrosoft\.com in/);

    // Two processes at once, as behind a load balancer: the next answer lands on the other one.
    const second = await start();
    assert.match(await say(second, 'commercial'), /How many active licensed users does contoso\.onmicrosoft\.com have/);
    assert.match(await say(restarted, '250'), /Customer Lockbox/);

    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(containerName);
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    assert.ok(names.some((n) => n.startsWith('state/')), 'state is in the container');
    assert.ok(names.some((n) => n.startsWith('transcripts/')), 'transcripts are in the container');

    // "forget me" on either process deletes what both wrote.
    assert.match(await say(second, 'forget me'), /Done\. I deleted:[\s\S]*conversation state record[\s\S]*transcript messages/);
    const left: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix: 'transcripts/' })) left.push(blob.name);
    assert.deepEqual(left, [], 'the transcript is gone');
    assert.doesNotMatch(await say(restarted, 'yes'), /Customer Lockbox|Does contoso/, 'the interview is gone');
  });
});
