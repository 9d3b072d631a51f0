/**
 * The Idempotency-Key header of the status API: absent means "no key"; present it must be 1 to 255 visible ASCII
 * characters. An empty or blank key is a client bug (a template variable that expanded to nothing), not "no key":
 * taking it as none would make the client's retries apply twice.
 */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export type IdempotencyKeyCheck =
  | { ok: true; key: string | null }
  | { ok: false; status: 400; error: 'malformed-idempotency-key'; message: string };

const VISIBLE_ASCII = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** `header` as Node gives it: undefined when absent, a string, or an array when the header was sent twice. */
export function checkIdempotencyKey(header: string | string[] | undefined): IdempotencyKeyCheck {
  if (header === undefined) return { ok: true, key: null };
  const message = `Idempotency-Key must be sent once, with 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters (for example a UUID).`;
  if (Array.isArray(header) || typeof header !== 'string') return { ok: false, status: 400, error: 'malformed-idempotency-key', message };
  if (header.length === 0 || header.length > MAX_IDEMPOTENCY_KEY_LENGTH || !VISIBLE_ASCII.test(header)) {
    return { ok: false, status: 400, error: 'malformed-idempotency-key', message };
  }
  return { ok: true, key: header };
}
