/**
 * A fake Bot Connector over real HTTP: records what the bot sends to the activity's serviceUrl and answers like
 * the connector does. Tests can queue special answers (403 bot not in conversation, 429 with Retry-After).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
  /** When it arrived, by `clock` (a test's fake clock) or Date.now. */
  at: number;
}

export interface QueuedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer this much later (a slow connector). */
  delayMs?: number;
  /** Never answer (a hung connection): the request stays open until the bot gives up on it or the server stops. */
  hang?: boolean;
  /** Only answer requests whose method and path match. */
  match?: (req: RecordedRequest) => boolean;
}

export class FakeConnector {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: QueuedAnswer[] = [];
  private server?: Server;
  private waiters: Array<{ predicate: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }> = [];
  private counter = 0;
  url = '';
  /** The clock requests are stamped with (a test with a fake clock sets it). */
  clock: () => number = Date.now;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  answerNext(answer: QueuedAnswer): void {
    this.queue.push(answer);
  }

  /** Activities the bot sent (POST/PUT of activities), typing indicators left out unless asked for. */
  activities(includeTyping = false): any[] {
    return this.requests
      .filter((r) => /\/activities/.test(r.url) && (r.method === 'POST' || r.method === 'PUT') && r.body)
      .map((r) => r.body)
      .filter((a) => includeTyping || a.type !== 'typing');
  }

  /** Resolves with the first recorded request (past or future) that matches. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 10_000): Promise<RecordedRequest> {
    const found = this.requests.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake connector: expected request did not arrive')), timeoutMs);
      this.waiters.push({ predicate, resolve: (r) => { clearTimeout(timer); resolve(r); } });
    });
  }

  /** Waits for a message activity whose text or card JSON contains the given text. */
  waitForMessage(contains: string | RegExp, timeoutMs = 10_000): Promise<RecordedRequest> {
    return this.waitFor((r) => {
      if (!r.body || r.body.type !== 'message') return false;
      const text = JSON.stringify(r.body);
      return typeof contains === 'string' ? text.includes(contains) : contains.test(text);
    }, timeoutMs);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at: this.clock() };
    const index = this.queue.findIndex((q) => !q.match || q.match(recorded));
    const answer = index >= 0 ? this.queue.splice(index, 1)[0] : undefined;
    this.requests.push(recorded);
    for (const w of [...this.waiters]) {
      if (w.predicate(recorded)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(recorded);
      }
    }
    if (answer?.hang) return;
    if (answer?.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    const status = answer?.status ?? 200;
    const responseBody = answer?.body ?? this.defaultBody(recorded);
    res.writeHead(status, { 'content-type': 'application/json', ...(answer?.headers ?? {}) });
    res.end(JSON.stringify(responseBody));
  }

  private defaultBody(req: RecordedRequest): unknown {
    this.counter++;
    if (req.method === 'POST' && /\/v3\/conversations\/?$/.test(req.url)) {
      return { id: `conv-${this.counter}`, activityId: `act-${this.counter}` };
    }
    return { id: `reply-${this.counter}` };
  }
}
