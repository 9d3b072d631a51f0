/**
 * Uploads to a FileConsentCard's OneDrive upload session (the corrected mapping file). The URL arrives inside an
 * activity, so it gets the download rules of attachmentDownloader.ts.
 */
import https from 'node:https';
import { isAllowedHost, type DownloadOptions } from './attachmentDownloader.js';

export const UPLOAD_FAILURES = ['invalid-url', 'not-https', 'host-not-allowed', 'http-error', 'timeout', 'network-error'] as const;
export type UploadFailure = (typeof UPLOAD_FAILURES)[number];

/** What to tell the user; none of these names the URL or its host. */
export const UPLOAD_REASONS: Readonly<Record<UploadFailure, string>> = Object.freeze({
  'invalid-url': 'Teams did not give me a usable place to save the file.',
  'not-https': 'Teams gave me a place to save the file that is not a secure (https) address, so I did not send it.',
  'host-not-allowed': 'Teams gave me a place to save the file that I am not allowed to send files to, so I did not send it.',
  'http-error': 'OneDrive did not accept the file; the offer may have expired.',
  timeout: 'Saving the file to OneDrive took too long.',
  'network-error': 'I could not reach OneDrive to save the file.',
});

/**
 * PUTs the bytes to a FileConsentCard's `uploadInfo.uploadUrl` (a OneDrive upload session). The URL comes inside
 * the activity, so it gets the download rules: https, the same host allow-list, no token of ours, no redirect
 * followed (the bytes would go wherever it points), a deadline. Resolves, never rejects; never logs.
 */
export function uploadToConsentUrl(
  uploadUrl: string,
  bytes: Uint8Array,
  options: Pick<DownloadOptions, 'allowedHosts' | 'timeoutMs' | 'ca' | 'agent'>,
): Promise<{ ok: true } | { ok: false; code: UploadFailure }> {
  let url: URL;
  try {
    url = new URL(uploadUrl);
  } catch {
    return Promise.resolve({ ok: false, code: 'invalid-url' });
  }
  if (url.protocol !== 'https:') return Promise.resolve({ ok: false, code: 'not-https' });
  if (url.username !== '' || url.password !== '' || !isAllowedHost(url, options.allowedHosts)) {
    return Promise.resolve({ ok: false, code: 'host-not-allowed' });
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: { ok: true } | { ok: false; code: UploadFailure }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = https.request(url, {
      method: 'PUT',
      // The upload session's URL is its own credential: no Authorization header, no cookies.
      headers: {
        'content-length': String(bytes.byteLength),
        'content-range': `bytes 0-${bytes.byteLength - 1}/${bytes.byteLength}`,
      },
      ...(options.agent ? { agent: options.agent } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    });
    const timer = setTimeout(() => {
      done({ ok: false, code: 'timeout' });
      req.destroy();
    }, Math.max(1, options.timeoutMs));
    req.on('error', () => done({ ok: false, code: 'network-error' }));
    req.on('response', (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      done(status >= 200 && status <= 299 ? { ok: true } : { ok: false, code: 'http-error' });
    });
    req.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}

