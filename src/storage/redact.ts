/**
 * Redaction applied to every activity before it reaches a transcript file.
 *
 * Why: a Teams file attachment's `content.downloadUrl` is a pre-authenticated SharePoint/OneDrive URL whose
 * `tempauth` query parameter is a bearer credential; file-consent answers carry an `uploadUrl` of the same kind;
 * sign-in and token-exchange invokes carry tokens in `value`. A transcript must never become a place to steal
 * them from. The rules are deliberately broad: over-redacting a chat log costs little, leaking a token costs a
 * lot.
 */

export const REDACTED = '[redacted]';

/** Property names (compared case-insensitively, ignoring '-' and '_') whose whole value is a credential. */
export const SECRET_PROPERTY_NAMES: readonly string[] = [
  'downloadurl',
  'uploadurl',
  'token',
  'accesstoken',
  'idtoken',
  'refreshtoken',
  'tempauth',
  'authorization',
  'password',
  'clientsecret',
  'apppassword',
  'sig',
  'secret',
  'apikey',
  'accountkey',
  'pwd',
];

/** URL query parameters whose values are credentials (SharePoint tempauth, OAuth, SAS and presigned URLs). */
export const SECRET_QUERY_PARAMETERS: readonly string[] = [
  'tempauth',
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'code',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-security-token',
  'x-goog-signature',
  'api_key',
  'apikey',
];

const secretNames = new Set(SECRET_PROPERTY_NAMES);
const queryPattern = new RegExp(
  // `[?&;#]` also covers HTML-escaped `&amp;name=` in the text/html copy Teams attaches to messages.
  `([?&;#](?:${SECRET_QUERY_PARAMETERS.map(escapeRegExp).join('|')})=)[^&#\\s"'<>]+`,
  'gi',
);
// An Authorization header value pasted as text; 16+ characters so prose like "Bearer of news" survives.
const bearerPattern = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{16,}=*/g;
// Connection-string and form style secrets pasted as text: AccountKey=..., client_secret=..., Password=..., pwd=...
const assignmentPattern = /\b(AccountKey|SharedAccessSignature|client_secret|ClientSecret|Password|pwd)=[^;&\s"'<>]+/gi;
// A bare JSON Web Token pasted into a message.
const jwtPattern = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

// Property names repeat from activity to activity; remember which are secret (bounded, names are short).
const secretNameCache = new Map<string, boolean>();
const SECRET_NAME_CACHE_LIMIT = 2000;

function isSecretName(name: string): boolean {
  let secret = secretNameCache.get(name);
  if (secret === undefined) {
    secret = secretNames.has(normaliseName(name));
    if (secretNameCache.size >= SECRET_NAME_CACHE_LIMIT) secretNameCache.clear();
    secretNameCache.set(name, secret);
  }
  return secret;
}

// Every pattern below needs one of these; a string without any cannot change, so it skips the four regexes.
const mayHoldSecret = /[=]|Bearer|eyJ/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Redacts credentials inside one string: token-bearing query parameters, bearer headers and bare JWTs. */
export function redactText(text: string): string {
  if (!mayHoldSecret.test(text)) return text;
  return text
    .replace(queryPattern, `$1${REDACTED}`)
    .replace(bearerPattern, `$1 ${REDACTED}`)
    .replace(assignmentPattern, `$1=${REDACTED}`)
    .replace(jwtPattern, REDACTED);
}

/**
 * Returns a redacted deep copy of any JSON-shaped value (the input is never modified; the transcript middleware
 * hands over shallow clones that share nested objects with the live activity).
 */
export function redactDeep<T>(value: T): T {
  const copy = value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
  return redactInPlace(copy) as T;
}

/**
 * Redacts and serialises in one pass: the JSON text of `value` with the same redaction as redactDeep, without
 * copying the value first (JSON.stringify walks it once; the replacer redacts on the way). The input is never
 * modified. `overrides` replace top-level properties (a transcript entry's normalised timestamp).
 */
export function redactToJson(value: object, overrides?: Readonly<Record<string, unknown>>): string {
  let root: unknown;
  return JSON.stringify(value, function (this: unknown, key: string, current: unknown) {
    if (key === '' && root === undefined) {
      root = current;
      return current;
    }
    if (overrides && this === root && Object.prototype.hasOwnProperty.call(overrides, key)) return overrides[key];
    if (typeof current === 'string') {
      if (current !== '' && isSecretName(key)) return REDACTED;
      return redactText(current);
    }
    if (current !== null && current !== undefined && isSecretName(key) && typeof current !== 'function' && typeof current !== 'symbol') {
      return REDACTED;
    }
    return current;
  });
}

function redactInPlace(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = redactInPlace(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Own properties only (JSON.parse makes even "__proto__" an own data property, so assignment updates it).
    for (const key of Object.keys(record)) {
      const current = record[key];
      if (secretNames.has(normaliseName(key)) && current !== null && current !== undefined && current !== '') {
        record[key] = REDACTED;
      } else {
        record[key] = redactInPlace(current);
      }
    }
    return record;
  }
  return value;
}
