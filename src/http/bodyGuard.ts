/**
 * Reads a request body with limits on what it costs the bot, not only on what crossed the wire: a 50 KB gzip body
 * that inflates to 50 MB is refused after the limit's worth of inflated bytes, without inflating the rest. The
 * decoding is streamed (gzip, deflate, br; one encoding only), so memory stays at about the limit. JSON parsing
 * happens only after the whole body is in and within limits, and only when the caller asks for it, so an
 * authentication check can run between reading the headers and parsing (see docs/reliability.md).
 */
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export const DEFAULT_MAX_WIRE_BYTES = 256 * 1024;
export const DEFAULT_MAX_INFLATED_BYTES = 1024 * 1024;

export interface BodyLimits {
  /** Most bytes read from the socket (before decoding). */
  maxWireBytes: number;
  /** Most bytes after decoding (what is parsed). */
  maxInflatedBytes: number;
}

export type BodyErrorCode = 'too-large' | 'unsupported-encoding' | 'bad-encoding' | 'malformed-json' | 'aborted';

/** A body the bot will not take; `status` is what to answer, `body` a generic answer naming no internals. */
export class BodyError extends Error {
  constructor(readonly code: BodyErrorCode, readonly status: 400 | 413 | 415) {
    super(`request body refused: ${code}`);
    this.name = 'BodyError';
  }

  get body(): { error: string; message: string } {
    switch (this.code) {
      case 'too-large':
        return { error: 'too-large', message: 'The request body is too large.' };
      case 'unsupported-encoding':
        return { error: 'unsupported-encoding', message: 'Send the body uncompressed or with one of gzip, deflate or br.' };
      case 'malformed-json':
        return { error: 'malformed-body', message: 'The body is not valid JSON.' };
      default:
        return { error: 'bad-request', message: 'The request body could not be read.' };
    }
  }
}

function decoderFor(header: string | string[] | undefined): Transform | null {
  if (Array.isArray(header)) throw new BodyError('unsupported-encoding', 415);
  const encoding = (header ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return null;
  // Stacked encodings ("gzip, gzip") multiply the ratio; no client of this bot sends them.
  if (encoding.includes(',')) throw new BodyError('unsupported-encoding', 415);
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  throw new BodyError('unsupported-encoding', 415);
}

/**
 * The decoded body, or a BodyError. A declared Content-Length over the wire limit is refused before reading a
 * byte. On a refusal the rest of the request is not read (the caller answers and closes the connection).
 */
export function readLimitedBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limits.maxWireBytes) {
      reject(new BodyError('too-large', 413));
      return;
    }
    let decoder: Transform | null;
    try {
      decoder = decoderFor(req.headers['content-encoding']);
    } catch (error) {
      reject(error);
      return;
    }
    const chunks: Buffer[] = [];
    let wire = 0;
    let inflated = 0;
    let settled = false;
    const fail = (error: BodyError): void => {
      if (settled) return;
      settled = true;
      req.off('data', onWire);
      req.pause();
      decoder?.destroy();
      chunks.length = 0;
      reject(error);
    };
    const onDecoded = (chunk: Buffer): void => {
      if (settled) return;
      inflated += chunk.length;
      if (inflated > limits.maxInflatedBytes) return fail(new BodyError('too-large', 413));
      chunks.push(chunk);
    };
    const done = (): void => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, inflated));
    };
    const onWire = (chunk: Buffer): void => {
      if (settled) return;
      wire += chunk.length;
      if (wire > limits.maxWireBytes) return fail(new BodyError('too-large', 413));
      if (decoder) decoder.write(chunk);
      else onDecoded(chunk);
    };
    req.on('data', onWire);
    req.once('aborted', () => fail(new BodyError('aborted', 400)));
    req.once('error', () => fail(new BodyError('aborted', 400)));
    if (decoder) {
      decoder.on('data', onDecoded);
      decoder.once('error', () => fail(new BodyError('bad-encoding', 400)));
      decoder.once('end', done);
      req.once('end', () => decoder!.end());
    } else {
      req.once('end', done);
    }
  });
}

/** JSON.parse of a body read by readLimitedBody; a byte-order mark is allowed, anything unparsable is a 400. */
export function parseJsonBody(raw: Buffer): unknown {
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new BodyError('malformed-json', 400);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError('malformed-json', 400);
  }
}
