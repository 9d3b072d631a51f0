import assert from 'node:assert/strict';
import {
  blobNameOfKey,
  cutEscaped,
  escapeKey,
  keyOfBlobName,
  listingPrefixOf,
  MAX_ESCAPED_KEY_LENGTH,
  STATE_BLOB_PREFIX,
  unescapeKey,
} from '../../src/storage/blob/blobNames.js';
import { CRAZY_KEYS, PROTOTYPE_KEYS } from './storageContract.js';

const TEAMS_KEYS = [
  'msteams/conversations/a:1xYz-AbC_dEf/ConversationState',
  'msteams/conversations/19:abc@thread.tacv2;messageid=1700000000000/users/29:ada/PrivateConversationState',
  'msteams/users/29:ada/UserState',
];
const ODD_KEYS = ['\uD800', 'a\uDC00b', '\uD83D\uDE00', 'Ω≈ç', '_5F', '~', '%2F', 'a.json', 'x'.repeat(900), '😀'.repeat(300)];
const ALL = [...CRAZY_KEYS, ...PROTOTYPE_KEYS, ...TEAMS_KEYS, ...ODD_KEYS];

describe('blob names for Storage keys', () => {
  it('round-trips every key, including lone surrogates, NUL and very long keys', () => {
    for (const key of ALL) assert.equal(unescapeKey(escapeKey(key)), key, JSON.stringify(key).slice(0, 40));
  });

  it('uses only characters that mean the same in a URL path, a query and Azure: letters, digits and -_~./', () => {
    for (const key of ALL) {
      const name = blobNameOfKey(key);
      assert.match(name, /^[A-Za-z0-9_~./-]+$/, JSON.stringify(key).slice(0, 40));
      assert.ok(name.startsWith(STATE_BLOB_PREFIX));
      assert.ok(name.length <= 1024, `${name.length} characters`);
      assert.equal(name.split('/').length, 2, 'no path segments beyond the store prefix');
      assert.ok(!name.endsWith('.') && !name.endsWith('/'));
    }
  });

  it('gives distinct names to distinct keys, including keys differing only in case or trailing characters', () => {
    const names = new Set(ALL.map(blobNameOfKey));
    assert.equal(names.size, new Set(ALL).size);
    assert.notEqual(blobNameOfKey('Key'), blobNameOfKey('key'));
    assert.notEqual(blobNameOfKey('key'), blobNameOfKey('key/'));
  });

  it('reads the key back from a name, and says when only the blob body knows it', () => {
    assert.deepEqual(keyOfBlobName(blobNameOfKey(TEAMS_KEYS[1]!)), { key: TEAMS_KEYS[1] });
    assert.deepEqual(keyOfBlobName(blobNameOfKey('')), { key: '' });
    assert.equal(keyOfBlobName(blobNameOfKey('x'.repeat(2000))), 'hashed');
    assert.equal(keyOfBlobName('transcripts/abc/def.json'), undefined);
    assert.equal(keyOfBlobName('state/_G1.json'), undefined, 'not an escape this code writes');
  });

  it('keeps prefixes: a key starts with a prefix exactly when its name starts with the listing prefix', () => {
    const prefixes = ['', 'msteams/', 'msteams/conversations/a:1xYz', 'msteams/users/29:ada/', '\uD83D', '😀'.repeat(10), 'x'.repeat(950)];
    for (const prefix of prefixes) {
      const listing = listingPrefixOf(prefix);
      for (const key of ALL) {
        if (key.startsWith(prefix)) {
          assert.ok(blobNameOfKey(key).startsWith(listing), `${JSON.stringify(prefix).slice(0, 20)} / ${JSON.stringify(key).slice(0, 30)}`);
        }
      }
    }
    // The common case is exact: no false positives, so a listing needs no filtering.
    const listing = listingPrefixOf('msteams/users/');
    for (const key of ALL) assert.equal(blobNameOfKey(key).startsWith(listing), key.startsWith('msteams/users/'));
  });

  it('cuts escaped text only between escapes', () => {
    const escaped = escapeKey('a😀b'); // a_F0_9F_98_80b
    assert.equal(cutEscaped(escaped, 4), 'a_F0');
    assert.equal(cutEscaped(escaped, 3), 'a');
    assert.equal(cutEscaped(escaped, 2), 'a');
    assert.equal(cutEscaped(escaped, 100), escaped);
    assert.ok(escapeKey('x'.repeat(MAX_ESCAPED_KEY_LENGTH + 1)).length > MAX_ESCAPED_KEY_LENGTH);
  });

  it('refuses text that is not an escaped key', () => {
    assert.throws(() => unescapeKey('a_'));
    assert.throws(() => unescapeKey('a_zz'));
    assert.throws(() => unescapeKey('a/b'));
    assert.throws(() => unescapeKey('_80'), 'a continuation byte cannot start a character');
  });
});
