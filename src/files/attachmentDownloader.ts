/**
 * Downloads a file a user uploaded in the personal chat, from the attachment's `downloadUrl`.
 *
 * That URL is data inside an authenticated activity, not a trusted address, and it is itself a short-lived
 * bearer credential (it carries a temp-auth token). So: https only; hosts from an allow-list; the bot's own
 * token is never sent (no header of ours but Accept is); no redirect leaves the list; a size cap and a deadline;
 * and the URL is never logged, stored or put into a message. Failures come back as codes with user-safe
 * reasons; this module throws nothing and logs nothing.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';

export interface DownloadOptions {
  /**
   * Allowed hosts, lower case: an exact host name, or "*." plus a domain for its proper subdomains only
   * ("*.sharepoint.com" matches contoso.sharepoint.com, not sharepoint.com nor evilsharepoint.com).
   * An entry matches port 443 only, unless it names a port ("127.0.0.1:8443").
   */
  allowedHosts: readonly string[];
  maxBytes: number;
  /** For the whole download, redirects included. */
  timeoutMs: number;
  /** Redirects followed on the list before giving up (default 3). */
  maxRedirects?: number;
  /** Extra trusted certificate authorities, e.g. a test server's self-signed certificate. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** An https.Agent to use instead of Node's global one. */
  agent?: https.Agent;
}

export const DOWNLOAD_FAILURES = [
  'invalid-url', 'not-https', 'host-not-allowed', 'redirect-not-allowed', 'too-many-redirects', 'too-large',
  'timeout', 'http-error', 'web-page', 'network-error',
] as const;
export type DownloadFailure = (typeof DOWNLOAD_FAILURES)[number];

export type DownloadResult =
  | { ok: true; bytes: Uint8Array; contentType: string | null }
  | { ok: false; code: DownloadFailure; reason: string };

/** A feature's words in the download failures: how to send the file here instead, what to paste, and the size cap. */
export interface DownloadWords {
  /** "Upload it in this chat". */
  sendHere: string;
  /** What to paste instead: "its lines". */
  lines: string;
  /** The sentence for a file over the cap (`maxMb`, the cap in MB). */
  tooLarge: (maxMb: number) => string;
}

/** "The file is larger than {maxMb} MB, the most I read for {noun}. {advice}" */
export function tooLargeFor(noun: string, advice: string): (maxMb: number) => string {
  return (mb) => `The file is larger than ${mb} MB, the most I read for ${noun}. ${advice}`;
}

/**
 * What to tell the user, in a feature's words. None of these mention the URL or its host, which are not the user's
 * to read.
 */
export function downloadReasons(words: DownloadWords): Readonly<Record<DownloadFailure, (maxMb: number) => string>> {
  return Object.freeze({
    'invalid-url': () => 'Teams did not send a usable link to the file. Please upload it again.',
    'not-https': () => 'The link to the file is not a secure (https) link, so I did not download it.',
    'host-not-allowed': () => `The file is stored somewhere I am not allowed to download from. ${words.sendHere}, or paste ${words.lines}.`,
    'redirect-not-allowed': () => 'The link to the file sent me somewhere I am not allowed to download from, so I stopped.',
    'too-many-redirects': () => 'The link to the file kept redirecting, so I stopped. Please upload it again.',
    'too-large': words.tooLarge,
    timeout: () => 'Downloading the file took too long. Please try again in a moment.',
    'http-error': () => 'I could not get the file: the link may have expired. Please upload it again.',
    'web-page': () => `Teams sent a link to a web page instead of the file (this happens in the Teams mobile app). Upload it from Teams on the desktop or the web, or paste ${words.lines}.`,
    'network-error': () => 'I could not reach the place where the file is stored. Please try again in a moment.',
  });
}

/** The reasons a failed download carries: in the words of the mapping check, the downloader's first user. */
const MAPPING_REASONS = downloadReasons({
  sendHere: 'Upload it in this chat',
  lines: 'its lines after "check mapping file"',
  tooLarge: () => 'The file is larger than I accept for a mapping file. Check that it is the right file, or split it.',
});
export const DOWNLOAD_REASONS: Readonly<Record<DownloadFailure, string>> = Object.freeze(
  Object.fromEntries(DOWNLOAD_FAILURES.map((code) => [code, MAPPING_REASONS[code](0)])) as Record<DownloadFailure, string>,
);

/** The size cap in bytes for a number of megabytes (MAX_MAPPING_FILE_MB). */
export function megabytes(mb: number): number {
  return Math.floor(mb * 1024 * 1024);
}

/** Whether the URL's host (and port) is on the allow-list. Exact labels only: no naive endsWith. */
export function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port === '' ? '443' : url.port;
  for (const raw of allowedHosts) {
    const entry = raw.trim().toLowerCase();
    const colon = entry.lastIndexOf(':');
    const hasPort = colon > 0 && /^\d+$/.test(entry.slice(colon + 1)) && !entry.endsWith(']');
    const name = hasPort ? entry.slice(0, colon) : entry;
    if ((hasPort ? entry.slice(colon + 1) : '443') !== port) continue;
    if (name.startsWith('*.')) {
      const suffix = name.slice(1); // ".sharepoint.com"
      if (suffix.length > 1 && host.endsWith(suffix) && host.length > suffix.length) return true;
    } else if (name !== '' && host === name) {
      return true;
    }
  }
  return false;
}

function fail(code: DownloadFailure): DownloadResult {
  return { ok: false, code, reason: DOWNLOAD_REASONS[code] };
}

/** Check one hop's URL; null when it may be fetched. */
function refuse(url: URL, allowedHosts: readonly string[]): DownloadFailure | null {
  if (url.protocol !== 'https:') return 'not-https';
  // Credentials in the URL would be sent as Basic auth: never ours to send.
  if (url.username !== '' || url.password !== '') return 'host-not-allowed';
  return isAllowedHost(url, allowedHosts) ? null : 'host-not-allowed';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Download the file behind an attachment's downloadUrl. Resolves, never rejects.
 * Redirects are followed by hand so each hop is checked against the list before any byte is requested.
 */
export async function downloadAttachment(downloadUrl: string, options: DownloadOptions): Promise<DownloadResult> {
  let url: URL;
  try {
    url = new URL(downloadUrl);
  } catch {
    return fail('invalid-url');
  }
  const first = refuse(url, options.allowedHosts);
  if (first) return fail(first);

  const maxRedirects = options.maxRedirects ?? 3;
  const deadline = AbortSignal.timeout(Math.max(1, options.timeoutMs));
  for (let hop = 0; ; hop++) {
    const result = await fetchOnce(url, options, deadline);
    if (result.kind === 'done') return result.result;
    if (hop >= maxRedirects) return fail('too-many-redirects');
    let next: URL;
    try {
      next = new URL(result.location, url);
    } catch {
      return fail('redirect-not-allowed');
    }
    if (refuse(next, options.allowedHosts)) return fail('redirect-not-allowed');
    url = next;
  }
}

type Hop = { kind: 'done'; result: DownloadResult } | { kind: 'redirect'; location: string };

function fetchOnce(url: URL, options: DownloadOptions, deadline: AbortSignal): Promise<Hop> {
  return new Promise<Hop>((resolve) => {
    let settled = false;
    const settle = (hop: Hop): void => {
      if (settled) return;
      settled = true;
      deadline.removeEventListener('abort', onAbort);
      resolve(hop);
    };
    const done = (result: DownloadResult): void => settle({ kind: 'done', result });
    const onAbort = (): void => {
      done(fail('timeout'));
      req.destroy();
    };

    const req = https.request(url, {
      method: 'GET',
      // Only what we choose: no Authorization, no cookies, and identity encoding so the cap counts real bytes.
      headers: { accept: '*/*', 'accept-encoding': 'identity' },
      ...(options.agent ? { agent: options.agent } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    });
    if (deadline.aborted) {
      onAbort();
      return;
    }
    deadline.addEventListener('abort', onAbort, { once: true });
    req.on('error', () => done(fail('network-error')));
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        const location = res.headers.location;
        res.resume();
        req.destroy();
        if (typeof location === 'string' && location !== '') settle({ kind: 'redirect', location });
        else done(fail('http-error'));
        return;
      }
      if (status < 200 || status > 299) {
        res.resume();
        req.destroy();
        done(fail('http-error'));
        return;
      }
      const contentType = res.headers['content-type'] ?? null;
      if (contentType !== null && /^\s*text\/html\b/i.test(contentType)) {
        req.destroy();
        done(fail('web-page'));
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        req.destroy();
        done(fail('too-large'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          req.destroy();
          done(fail('too-large'));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        if (res.complete) done({ ok: true, bytes: new Uint8Array(Buffer.concat(chunks, size)), contentType });
      });
      res.on('error', () => done(fail('network-error')));
      // A connection cut before the body's end closes the response without a complete 'end'.
      res.on('close', () => done(fail('network-error')));
    });
    req.end();
  });
}
