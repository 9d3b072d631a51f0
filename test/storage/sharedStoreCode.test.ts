/** The modules both stores share (lowdb and blob); the contract suite checks the stores use them alike. */
import assert from 'node:assert/strict';
import { sha256Hex } from '../../src/storage/hashing.js';
import { InFlight } from '../../src/storage/inFlight.js';
import { defineItem, eTagConflict, isOverwriteETag, prepareItem } from '../../src/storage/storeItems.js';
import { userActivitySelector } from '../../src/storage/transcriptRules.js';
import { hashName } from '../../src/storage/partitionFiles.js';
import { sha256Hex as blobSha256Hex } from '../../src/storage/blob/blobNames.js';
import { eTagConflict as blobETagConflict } from '../../src/storage/blob/blobStorage.js';
import { ETAG_CONFLICT } from './storageContract.js';

describe('storage code shared by the lowdb and blob stores', () => {
  it('prepares an item as a deep copy without its eTag, and refuses what is not a JSON object', () => {
    const item = { eTag: 'e1', nested: { n: 1 } };
    const prepared = prepareItem('k', item);
    item.nested.n = 2;
    assert.deepEqual(prepared, { key: 'k', value: { nested: { n: 1 } }, eTag: 'e1' });
    for (const bad of [null, 'text', [1], 3]) assert.throws(() => prepareItem('k', bad), TypeError);
    assert.ok(isOverwriteETag('*') && isOverwriteETag(undefined) && isOverwriteETag(''));
    assert.ok(!isOverwriteETag('e1'));
  });

  it('raises botbuilder’s eTag conflict message, the same from both stores', () => {
    assert.equal(eTagConflict('a/b').message, ETAG_CONFLICT('a/b').message);
    assert.equal(eTagConflict('a/b').message, 'Storage: error writing "a/b" due to eTag conflict.');
    assert.equal(blobETagConflict, eTagConflict);
  });

  it('defines any key as an own property, __proto__ included', () => {
    const target = {};
    defineItem(target, '__proto__', { v: 1 });
    assert.deepEqual(Object.keys(target), ['__proto__']);
    assert.equal(Object.getPrototypeOf(target), Object.prototype);
  });

  it('names by one SHA-256 helper', () => {
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(hashName, sha256Hex);
    assert.equal(blobSha256Hex, sha256Hex);
  });

  it('selects one user’s activities: from them, to them, and replies to theirs', () => {
    const activities = [
      { id: 'ada-1', from: { id: 'ada', name: '' } },
      { id: 'bot-1', from: { id: 'bot', name: '' }, recipient: { id: 'ada', name: '' } },
      { id: 'bob-1', from: { id: 'bob', name: '' } },
      { id: 'bot-2', from: { id: 'bot', name: '' }, replyToId: 'ada-1' },
      { id: 'bot-3', from: { id: 'bot', name: '' }, replyToId: 'bob-1' },
    ];
    const isAdas = userActivitySelector(activities, 'ada');
    assert.deepEqual(activities.filter(isAdas).map((a) => a.id), ['ada-1', 'bot-1', 'bot-2']);
  });

  it('tracks running work: flush waits, close refuses new work', async () => {
    const inFlight = new InFlight('TestStore');
    let finished = false;
    const running = inFlight.track(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
    });
    await inFlight.close();
    assert.ok(finished);
    await running;
    assert.ok(inFlight.closed);
    await assert.rejects(inFlight.track(async () => 1), /TestStore is closed/);
    await assert.rejects(
      new InFlight('X').track(() => {
        throw new Error('sync');
      }),
      /sync/,
    );
  });
});
