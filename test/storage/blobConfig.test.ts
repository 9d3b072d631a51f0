import assert from 'node:assert/strict';
import { ConfigError, DEFAULT_AZURE_STORAGE_CONTAINER, loadConfig, STORAGE_KINDS } from '../../src/config.js';
import { blobEndpointOf, checkConnectionString, DEVELOPMENT_BLOB_ENDPOINT, isValidContainerName } from '../../src/storage/blob/connectionString.js';

// A made-up key of the right shape (64 random bytes, base64); never a real account's.
const KEY = Buffer.alloc(64, 7).toString('base64');
const ACCOUNT = `DefaultEndpointsProtocol=https;AccountName=contosobot;AccountKey=${KEY};EndpointSuffix=core.windows.net`;

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  return [];
}

describe('blob storage settings', () => {
  it('offers blob as a storage kind and reads both settings', () => {
    assert.ok(STORAGE_KINDS.includes('blob'));
    const config = loadConfig({ STORAGE_KIND: 'blob', AZURE_STORAGE_CONNECTION_STRING: ACCOUNT, AZURE_STORAGE_CONTAINER: 'bot-state-1' });
    assert.equal(config.storageKind, 'blob');
    assert.equal(config.azureStorageConnectionString, ACCOUNT);
    assert.equal(config.azureStorageContainer, 'bot-state-1');
    assert.equal(loadConfig({}).azureStorageContainer, DEFAULT_AZURE_STORAGE_CONTAINER);
    assert.equal(DEFAULT_AZURE_STORAGE_CONTAINER, 'migration-readiness');
  });

  it('needs a connection string for blob, and none for lowdb', () => {
    assert.match(problemsOf({ STORAGE_KIND: 'blob' }).join('\n'), /AZURE_STORAGE_CONNECTION_STRING is required when STORAGE_KIND=blob/);
    assert.deepEqual(problemsOf({ STORAGE_KIND: 'lowdb' }), []);
  });

  it('describes a bad connection string without ever repeating its key', () => {
    const badOnes = [
      ACCOUNT.replace('DefaultEndpointsProtocol=https;', ''),
      ACCOUNT.replace(';EndpointSuffix=core.windows.net', ''),
      ACCOUNT.replace('AccountKey=', 'accountkey='),
      `${ACCOUNT};${KEY.slice(0, 20)}`,
      ACCOUNT.replace(KEY, `${KEY}!`),
      `https://contosobot.blob.core.windows.net/?${KEY}`,
      `AccountName=contosobot;AccountKey=${KEY}`,
    ];
    for (const value of badOnes) {
      const problems = problemsOf({ STORAGE_KIND: 'blob', AZURE_STORAGE_CONNECTION_STRING: value });
      assert.equal(problems.length, 1, value.slice(0, 40));
      assert.match(problems[0]!, /^AZURE_STORAGE_CONNECTION_STRING is not valid: expected /);
      assert.ok(!problems[0]!.includes(KEY.slice(0, 12)), `no part of the key in: ${problems[0]}`);
    }
    assert.match(problemsOf({ STORAGE_KIND: 'blob', AZURE_STORAGE_CONNECTION_STRING: ACCOUNT.replace('AccountKey=', 'accountkey=') })[0]!, /AccountKey spelled exactly so/);
  });

  it('accepts the shapes the Azure SDK understands', () => {
    const sas = 'BlobEndpoint=https://contosobot.blob.core.windows.net;SharedAccessSignature=sv=2022-11-02&ss=b&srt=co&sp=rwdlac&sig=abc%3D';
    const azurite = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`;
    for (const value of [ACCOUNT, sas, azurite, 'UseDevelopmentStorage=true', 'UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://127.0.0.1:8888']) {
      assert.deepEqual(problemsOf({ STORAGE_KIND: 'blob', AZURE_STORAGE_CONNECTION_STRING: value }), [], value.slice(0, 50));
    }
    assert.equal(blobEndpointOf(ACCOUNT), 'https://contosobot.blob.core.windows.net');
    assert.equal(blobEndpointOf(sas), 'https://contosobot.blob.core.windows.net');
    assert.equal(blobEndpointOf(azurite), 'http://127.0.0.1:10000/devstoreaccount1');
    assert.equal(blobEndpointOf('UseDevelopmentStorage=true'), DEVELOPMENT_BLOB_ENDPOINT);
    assert.equal(checkConnectionString('UseDevelopmentStorage=true;AccountName=x').ok, false, 'the SDK would ignore AccountName');
    assert.equal(checkConnectionString('BlobEndpoint=https://x.blob.core.windows.net;SharedAccessSignature=sv=1').ok, false);
  });

  it('checks the container name against Azure’s rules', () => {
    for (const good of ['abc', 'migration-readiness', 'a1-b2-c3', 'x'.repeat(63)]) assert.ok(isValidContainerName(good), good);
    for (const bad of ['ab', 'x'.repeat(64), 'Bots', 'bot--state', '-bot', 'bot-', 'bot_state', 'bot.state', '$root']) {
      assert.ok(!isValidContainerName(bad), bad);
      assert.match(problemsOf({ AZURE_STORAGE_CONTAINER: bad }).join('\n'), new RegExp(`AZURE_STORAGE_CONTAINER="${bad.replace(/\$/g, '\\$')}" is not valid: expected an Azure container name`));
    }
  });
});
