/**
 * Azure Storage connection strings, checked without the Azure SDK so config.ts can validate one at start-up and
 * error messages can name the endpoint without ever repeating the secret parts.
 *
 * Accepted shapes are the ones @azure/storage-blob 12's `fromConnectionString` really understands (its parser is
 * stricter than the portal suggests: names are case-sensitive, an account key needs DefaultEndpointsProtocol, and
 * without a BlobEndpoint it needs an EndpointSuffix):
 * - `UseDevelopmentStorage=true` (Azurite on 127.0.0.1:10000), optionally with `DevelopmentStorageProxyUri`;
 * - an account key: `DefaultEndpointsProtocol=https;AccountName=...;AccountKey=<base64>` plus `EndpointSuffix`
 *   (`core.windows.net`) or `BlobEndpoint` (Azurite on another port: `http://127.0.0.1:<port>/devstoreaccount1`);
 * - a shared access signature: `BlobEndpoint=https://...;SharedAccessSignature=sv=...&sig=...`.
 * AccountKey and SharedAccessSignature values are secrets: nothing here puts them in a message.
 */

export const CONNECTION_STRING_NAMES = [
  'DefaultEndpointsProtocol',
  'AccountName',
  'AccountKey',
  'EndpointSuffix',
  'BlobEndpoint',
  'QueueEndpoint',
  'TableEndpoint',
  'FileEndpoint',
  'SharedAccessSignature',
  'UseDevelopmentStorage',
  'DevelopmentStorageProxyUri',
] as const;
export type ConnectionStringName = (typeof CONNECTION_STRING_NAMES)[number];

/** Azurite's default blob endpoint, which `UseDevelopmentStorage=true` stands for. */
export const DEVELOPMENT_BLOB_ENDPOINT = 'http://127.0.0.1:10000/devstoreaccount1';

export interface ParsedConnectionString {
  readonly kind: 'development' | 'accountKey' | 'sharedAccessSignature';
  /** Where blobs are served; safe to print (it never holds a key or signature). */
  readonly blobEndpoint: string;
  readonly accountName?: string;
}

export type ConnectionStringCheck =
  | { readonly ok: true; readonly value: ParsedConnectionString }
  | { readonly ok: false; readonly problem: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks a connection string. A problem is one plain sentence fragment ("expected ...") that names parts, never
 * their values, so the caller can prefix it with the variable name.
 */
export function checkConnectionString(raw: string): ConnectionStringCheck {
  const fail = (problem: string): ConnectionStringCheck => ({ ok: false, problem });
  const text = raw.trim();
  if (text === '') return fail('expected an Azure Storage connection string, got an empty value');
  if (/^https?:\/\//i.test(text)) {
    return fail('expected a connection string (Name=value pairs separated by ";"), not a URL');
  }
  const parts = new Map<ConnectionStringName, string>();
  for (const segment of text.split(';')) {
    if (segment.trim() === '') continue;
    const at = segment.indexOf('=');
    if (at <= 0) return fail('expected Name=value pairs separated by ";" (a part has no name or no "=")');
    const name = segment.slice(0, at).trim();
    const known = CONNECTION_STRING_NAMES.find((n) => n === name);
    if (!known) {
      const miscased = CONNECTION_STRING_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
      if (miscased) return fail(`expected the part name ${miscased} spelled exactly so (names are case-sensitive)`);
      const shown = printableName(name);
      return fail(`expected only the parts ${CONNECTION_STRING_NAMES.join(', ')} (found ${shown ? `an unknown part "${shown}"` : 'an unknown part'})`);
    }
    if (parts.has(known)) return fail(`expected each part once (${known} appears twice)`);
    parts.set(known, segment.slice(at + 1).trim());
  }

  if (parts.has('UseDevelopmentStorage')) {
    // The SDK recognises the development shortcut only at the very start, and then ignores every other part.
    if (!text.startsWith('UseDevelopmentStorage=true') || parts.get('UseDevelopmentStorage') !== 'true') {
      return fail('expected UseDevelopmentStorage=true at the start of the value');
    }
    const extra = [...parts.keys()].filter((n) => n !== 'UseDevelopmentStorage' && n !== 'DevelopmentStorageProxyUri');
    if (extra.length > 0) return fail(`expected UseDevelopmentStorage=true without ${extra.join(', ')} (they would be ignored)`);
    return { ok: true, value: { kind: 'development', blobEndpoint: DEVELOPMENT_BLOB_ENDPOINT } };
  }

  const blobEndpointRaw = parts.get('BlobEndpoint');
  let blobEndpoint: string | undefined;
  if (blobEndpointRaw !== undefined) {
    blobEndpoint = httpUrl(blobEndpointRaw);
    if (!blobEndpoint) return fail('expected BlobEndpoint to be an http or https URL such as https://<account>.blob.core.windows.net');
  }

  const accountKey = parts.get('AccountKey');
  if (accountKey !== undefined) {
    const protocol = parts.get('DefaultEndpointsProtocol');
    if (protocol !== 'https' && protocol !== 'http') {
      return fail('expected DefaultEndpointsProtocol=https (or http for a local emulator) next to AccountKey');
    }
    const accountName = parts.get('AccountName');
    if (!accountName) return fail('expected an AccountName next to AccountKey');
    if (!/^[a-z0-9]{3,24}$/.test(accountName)) {
      return fail('expected AccountName to be a storage account name (3 to 24 lowercase letters and digits)');
    }
    if (!BASE64.test(accountKey) || accountKey.length % 4 !== 0) {
      // Only the shape is described: the key itself must never reach a log or a terminal.
      return fail('expected AccountKey to be the base64 access key of the storage account (the value given is not base64)');
    }
    if (!blobEndpoint) {
      const suffix = parts.get('EndpointSuffix');
      if (!suffix) return fail('expected EndpointSuffix=core.windows.net (or a BlobEndpoint) next to AccountKey');
      if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(suffix)) return fail('expected EndpointSuffix to be a host suffix such as core.windows.net');
      blobEndpoint = `${protocol}://${accountName}.blob.${suffix}`;
    }
    return { ok: true, value: { kind: 'accountKey', blobEndpoint, accountName } };
  }

  const signature = parts.get('SharedAccessSignature');
  if (signature !== undefined) {
    if (!blobEndpoint) return fail('expected a BlobEndpoint next to SharedAccessSignature');
    if (!/(^\??|&)sig=[^&]+/.test(signature)) {
      return fail('expected SharedAccessSignature to be a SAS token (it has no sig= part)');
    }
    return { ok: true, value: { kind: 'sharedAccessSignature', blobEndpoint } };
  }
  return fail('expected DefaultEndpointsProtocol, AccountName and AccountKey, or BlobEndpoint and SharedAccessSignature, or UseDevelopmentStorage=true');
}

/** The blob endpoint of a connection string that passed the check, for messages; undefined otherwise. */
export function blobEndpointOf(raw: string): string | undefined {
  const check = checkConnectionString(raw);
  return check.ok ? check.value.blobEndpoint : undefined;
}

function httpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password || url.search) return undefined;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/**
 * A mistyped part name is worth echoing ("AcountKey"), but a stray fragment of a pasted key is not: only short
 * letters-only names are shown.
 */
function printableName(name: string): string | undefined {
  return /^[A-Za-z]{2,32}$/.test(name) ? name : undefined;
}

/** Azure's container naming rules: 3 to 63 characters, lowercase letters, digits and single inner hyphens. */
export const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isValidContainerName(name: string): boolean {
  return CONTAINER_NAME.test(name);
}
