import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FakeConnector } from '../support/fakeConnector.js';
import { message } from '../support/activities.js';
import { startApp, removeDir, tempDataDir } from '../support/appHarness.js';
import { openLowdbStores } from '../../src/storage/index.js';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

describe('transcripts of a real conversation', () => {
  it('keeps inbound and outbound activities with download URLs and tokens redacted', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const dataDir = tempDataDir();
    const secretUrl = 'https://contoso.sharepoint.com/personal/megan/_layouts/15/download.aspx?UniqueId=abc&tempauth=eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJzZWNyZXQiOnRydWV9.sig';
    const activity = message({
      serviceUrl: connector.url,
      text: 'help',
      conversationId: 'a:transcript-test',
      attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'usermapping.csv', content: { downloadUrl: secretUrl, uniqueId: 'abc', fileType: 'csv' } }],
    });
    const h = await startApp({}, dataDir);
    try {
      await h.post(activity);
      await connector.waitForMessage('What I can do');
    } finally {
      await h.stop();
      await connector.stop();
    }
    const stores = openLowdbStores({ dataDir });
    try {
      const page = await stores.transcripts.getTranscriptActivities('msteams', 'a:transcript-test');
      const types = page.items.map((a) => `${a.from?.role ?? ''}:${a.type}`);
      assert.deepEqual(types.filter((t) => t.endsWith(':message')).length, 2, JSON.stringify(types));
      assert.equal(page.items.find((a) => a.id === activity.id)?.text, 'help');
      const onDisk = allFiles(join(dataDir, 'transcripts')).map((f) => readFileSync(f, 'utf8')).join('\n');
      assert.ok(onDisk.includes('usermapping.csv'));
      assert.ok(!onDisk.includes('tempauth=eyJ'), 'the download token is not on disk');
      assert.ok(!onDisk.includes(secretUrl));
    } finally {
      await stores.close();
      removeDir(dataDir);
    }
  });

  it('keeps none when TRANSCRIPT_RETENTION_DAYS=0', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const dataDir = tempDataDir();
    const h = await startApp({ TRANSCRIPT_RETENTION_DAYS: '0' }, dataDir);
    try {
      await h.post(message({ serviceUrl: connector.url, text: 'help', conversationId: 'a:no-transcript' }));
      await connector.waitForMessage('What I can do');
    } finally {
      await h.stop();
      await connector.stop();
    }
    const stores = openLowdbStores({ dataDir });
    try {
      const page = await stores.transcripts.getTranscriptActivities('msteams', 'a:no-transcript');
      assert.equal(page.items.length, 0);
    } finally {
      await stores.close();
      removeDir(dataDir);
    }
  });
});
