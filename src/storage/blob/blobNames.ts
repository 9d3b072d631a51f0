/**
 * How a Storage key becomes a blob name, and back.
 *
 * botbuilder keys can hold any characters (Teams conversation ids carry ':', ';', '@'; the contract suite uses '',
 * '.', '..', '//', NUL and 2,000-character keys). Blob names must be 1 to 1,024 characters, should not end in '.'
 * or '/', and '.'/'..' path segments are normalised away by HTTP clients. So a key is escaped one code point at a
 * time: ASCII letters, digits and '-' stay as they are, everything else becomes '_XX' per UTF-8 byte (lone
 * surrogates as their 3-byte WTF-8 form, so every JavaScript string round-trips). The escape is prefix-free per
 * code point, so `key.startsWith(prefix)` exactly when the escaped key starts with the escaped prefix: a prefix
 * listing in Blob Storage is a key-prefix listing, which is what "forget me" needs.
 *
 * Why '_' and not '%': @azure/storage-blob 12 puts a '%' of a blob name into the URL unescaped (it assumes the
 * name may be URL-encoded already), so Azure would decode 'a%2Fb' to 'a/b' while a prefix listing, sent as a
 * query parameter, would look for the literal text. Names made only of letters, digits and '-_~./' mean the same
 * on every path.
 *
 *   state/<escaped key>.json                       the usual case; the name alone gives the key back
 *   state/<first 880 escaped chars>~<sha256>.json  a key too long to escape within the limit; the key is read
 *                                                  from the blob's body, and prefix listings still find it
 *
 * The name has no '/' after the store's prefix: Blob Storage allows at most 254 path segments per name.
 */
import { sha256Hex } from '../hashing.js';

export const STATE_BLOB_PREFIX = 'state/';
export const BLOB_NAME_SUFFIX = '.json';
/** Escaped characters kept in a name before falling back to a hashed name (1,024 is Azure's limit). */
export const MAX_ESCAPED_KEY_LENGTH = 880;
const HASH_MARKER = '~';
const SAFE = /^[A-Za-z0-9-]$/;
const ESCAPE = '_';

/** Escapes a key (or a prefix of one). Total: every string has exactly one escaped form. */
export function escapeKey(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    let codePoint = unit;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < key.length) {
      const next = key.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        codePoint = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    if (codePoint < 0x80 && SAFE.test(String.fromCharCode(codePoint))) out += String.fromCharCode(codePoint);
    else for (const byte of utf8Bytes(codePoint)) out += `${ESCAPE}${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Reverses escapeKey. Throws on text escapeKey cannot have produced. */
export function unescapeKey(escaped: string): string {
  let out = '';
  let i = 0;
  const byteAt = (at: number): number => {
    if (escaped[at] !== ESCAPE || !/^[0-9A-F]{2}$/.test(escaped.slice(at + 1, at + 3))) {
      throw new Error('Not an escaped Storage key');
    }
    return Number.parseInt(escaped.slice(at + 1, at + 3), 16);
  };
  while (i < escaped.length) {
    const char = escaped[i]!;
    if (char !== ESCAPE) {
      if (!SAFE.test(char)) throw new Error('Not an escaped Storage key');
      out += char;
      i++;
      continue;
    }
    const lead = byteAt(i);
    const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
    if (length === 0) throw new Error('Not an escaped Storage key');
    let codePoint = length === 1 ? lead : lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) codePoint = (codePoint << 6) | (byteAt(i + 3 * k) & 0x3f);
    out += String.fromCodePoint(codePoint);
    i += 3 * length;
  }
  return out;
}

function utf8Bytes(codePoint: number): number[] {
  if (codePoint < 0x80) return [codePoint];
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)];
  if (codePoint < 0x10000) {
    return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
  }
  return [
    0xf0 | (codePoint >> 18),
    0x80 | ((codePoint >> 12) & 0x3f),
    0x80 | ((codePoint >> 6) & 0x3f),
    0x80 | (codePoint & 0x3f),
  ];
}

/** The longest start of `escaped` no longer than `limit` that does not split a '_XX' escape. */
export function cutEscaped(escaped: string, limit: number): string {
  let cut = Math.min(escaped.length, limit);
  while (cut > 0 && (escaped[cut - 1] === ESCAPE || escaped[cut - 2] === ESCAPE)) cut--;
  return escaped.slice(0, cut);
}

export { sha256Hex };

/** The blob that holds `key`. */
export function blobNameOfKey(key: string): string {
  const escaped = escapeKey(key);
  if (escaped.length <= MAX_ESCAPED_KEY_LENGTH) return `${STATE_BLOB_PREFIX}${escaped}${BLOB_NAME_SUFFIX}`;
  return `${STATE_BLOB_PREFIX}${cutEscaped(escaped, MAX_ESCAPED_KEY_LENGTH)}${HASH_MARKER}${sha256Hex(key)}${BLOB_NAME_SUFFIX}`;
}

/**
 * What to list to find every key starting with `prefix`: the listing may return a little more (hashed names, a
 * prefix ending in half a surrogate pair), so callers still check `key.startsWith(prefix)`.
 */
export function listingPrefixOf(prefix: string): string {
  // A trailing high surrogate is half a character: in the key it is escaped together with what follows.
  const whole = /[\uD800-\uDBFF]$/.test(prefix) ? prefix.slice(0, -1) : prefix;
  return `${STATE_BLOB_PREFIX}${cutEscaped(escapeKey(whole), MAX_ESCAPED_KEY_LENGTH)}`;
}

/** The key a blob name stands for, or `hashed` when only the blob's body knows it, or undefined for a foreign blob. */
export function keyOfBlobName(name: string): { key: string } | 'hashed' | undefined {
  if (!name.startsWith(STATE_BLOB_PREFIX) || !name.endsWith(BLOB_NAME_SUFFIX)) return undefined;
  const body = name.slice(STATE_BLOB_PREFIX.length, -BLOB_NAME_SUFFIX.length);
  if (body.includes(HASH_MARKER)) return 'hashed';
  try {
    return { key: unescapeKey(body) };
  } catch {
    return undefined;
  }
}
