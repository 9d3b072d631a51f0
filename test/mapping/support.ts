/**
 * Support for the mapping tests over HTTP: the real app with an injected CA (createApp's fileTransfer seam), a
 * local https server standing in for SharePoint/OneDrive with a certificate made at test time, and Teams-shaped
 * upload and file-consent activities.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { DownloadOptions } from '../../src/files/attachmentDownloader.js';
import { memoryLogger } from '../../src/logging.js';
import { message } from '../support/activities.js';
import { tempDataDir, type Harness } from '../support/appHarness.js';

export const SECRET = 'tempauth-SECRET-mapping-7';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Route = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/** Not chained: restify, loaded by other suites in the same process, patches writeHead to return nothing. */
export function reply(res: ServerResponse, status: number, headers: Record<string, string | number> = {}, body?: string | Buffer): void {
  res.writeHead(status, headers);
  res.end(body);
}

/** A local https server with a self-signed certificate for 127.0.0.1 and localhost. */
export class LocalFileHost {
  readonly seen: SeenRequest[] = [];
  readonly routes = new Map<string, Route>();
  cert = '';
  port = 0;
  private dir = '';
  private server?: https.Server;

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'mapping-host-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(this.dir, 'key.pem'), '-out', join(this.dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    this.cert = readFileSync(join(this.dir, 'cert.pem'), 'utf8');
    this.server = https.createServer({ key: readFileSync(join(this.dir, 'key.pem')), cert: this.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const path = (req.url ?? '').split('?')[0]!;
        this.seen.push({ method: req.method ?? '', path, headers: req.headers, body });
        const route = this.routes.get(path);
        if (route) route(req, res, body);
        else reply(res, 404);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The allow-list entry for this server (an entry names its port to match anything but 443). */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  url(path: string): string {
    return `https://127.0.0.1:${this.port}${path}?tempauth=${SECRET}`;
  }

  serve(path: string, body: string | Uint8Array, contentType = 'text/csv'): void {
    const bytes = Buffer.from(body);
    this.routes.set(path, (_req, res) => reply(res, 200, { 'content-type': contentType, 'content-length': bytes.length }, bytes));
  }

  async stop(): Promise<void> {
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The real app, its mapping feature given the local server's allow-list entry and CA through createApp's
 * fileTransfer seam (DOWNLOAD_HOSTS itself accepts only real host names, no ports).
 */
export async function startMappingApp(
  options: { fileTransfer: Partial<DownloadOptions>; env?: Record<string, string>; now?: () => Date },
): Promise<Harness> {
  const dataDir = tempDataDir();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TYPING_DELAY_MS: '0', ...options.env });
  const logger = memoryLogger();
  const app = await createApp(config, logger, { fileTransfer: options.fileTransfer, ...(options.now ? { now: options.now } : {}) });
  const port = await app.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    dataDir,
    logger,
    post: (activity, headers = {}) =>
      fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) }),
    stop: () => app.stop(),
  };
}

/** A personal-chat message with an uploaded file, as Teams sends it (plus the text/html copy of the message). */
export function fileUpload(o: { serviceUrl: string; name: string; downloadUrl: string; text?: string; userId?: string; aadObjectId?: string }) {
  return message({
    serviceUrl: o.serviceUrl,
    text: o.text ?? '',
    ...(o.userId ? { userId: o.userId } : {}),
    ...(o.aadObjectId ? { aadObjectId: o.aadObjectId } : {}),
    attachments: [
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        contentUrl: 'https://contoso-my.sharepoint.com/personal/megan/Documents/Microsoft Teams Chat Files/usermapping.csv',
        name: o.name,
        content: { downloadUrl: o.downloadUrl, uniqueId: randomUUID(), fileType: 'csv' },
      },
      { contentType: 'text/html', content: '<div><div>&nbsp;</div></div>' },
    ],
  });
}

export function fileConsentInvoke(o: {
  serviceUrl: string;
  action: 'accept' | 'decline';
  checkId: string;
  uploadUrl?: string;
  contentUrl?: string;
  uniqueId?: string;
  name?: string;
  aadObjectId?: string;
}) {
  const base = message({ serviceUrl: o.serviceUrl, text: '', ...(o.aadObjectId ? { aadObjectId: o.aadObjectId } : {}) });
  return {
    ...base,
    type: 'invoke',
    name: 'fileConsent/invoke',
    text: undefined,
    textFormat: undefined,
    value: {
      type: 'fileUpload',
      action: o.action,
      context: { checkId: o.checkId },
      ...(o.action === 'accept'
        ? {
            uploadInfo: {
              name: o.name ?? 'usermapping.csv',
              uploadUrl: o.uploadUrl,
              contentUrl: o.contentUrl ?? 'https://contoso-my.sharepoint.com/personal/megan/Documents/Applications/usermapping.csv',
              uniqueId: o.uniqueId ?? 'ABC-123',
              fileType: 'csv',
            },
          }
        : {}),
    },
  };
}

/** Every reply's text and card JSON, for matching. */
export function transcriptOf(activities: any[]): string {
  return activities.map((a) => `${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`).join('\n');
}

export function resultCards(activities: any[]): any[] {
  return activities
    .flatMap((a) => a.attachments ?? [])
    .filter((att: any) => att.contentType === 'application/vnd.microsoft.card.adaptive' && JSON.stringify(att.content).includes('Mapping file check'))
    .map((att: any) => att.content);
}

export function consentCards(activities: any[]): any[] {
  return activities.flatMap((a) => a.attachments ?? []).filter((att: any) => att.contentType === 'application/vnd.microsoft.teams.card.file.consent');
}
