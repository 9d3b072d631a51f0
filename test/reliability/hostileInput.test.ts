/**
 * Hostile input over real HTTP against the real app: a generated run of malformed activities (prototype-member
 * verbs and submit actions, non-string serviceUrl, null-valued invokes, wrong types, overlong values), a gzip bomb,
 * activities with 500 KB ids, and forged tokens with credentials set and no network. No 5xx, generic bodies that
 * carry no internal error text, log lines of bounded length, and memory that stays bounded.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { cardAction, message } from '../support/activities.js';
import { removeDir, startApp, type Harness } from '../support/appHarness.js';


/** Text an error leaks when it reaches the caller: stack frames, JS error names, SDK internals. */
const LEAK = /\bat [\w.<>]+ \(|TypeError|ReferenceError|RangeError|SyntaxError|Cannot read|is not a function|undefined \(reading|ZodError|validateAndFixActivity|botframework|jsonwebtoken|ENOTFOUND|EAI_AGAIN|getaddrinfo|Unexpected token/i;

/** A deterministic pseudo-random generator (mulberry32), so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'prototype'];
const ODD_VALUES: unknown[] = [null, 0, -1, 1e308, true, '', ' ', [], {}, [[]], { length: 1 }, 'x'.repeat(70_000), '\u0000', '\ud800', '<at>x</at>'];

/** One malformed request body, from one of several families. */
function hostileActivity(random: () => number, serviceUrl: string): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const base = message({ serviceUrl, text: 'help', conversationId: `a:hostile-${Math.floor(random() * 5)}` }) as Record<string, unknown>;
  switch (Math.floor(random() * 9)) {
    case 0: // a card verb that names a prototype member
      return cardAction({ serviceUrl, verb: pick(PROTO_NAMES), data: { migrationId: pick(PROTO_NAMES) } });
    case 1: // a card submit whose action names a prototype member
      return { ...base, text: '', value: { action: pick(PROTO_NAMES), typed: pick([undefined, ...PROTO_NAMES]) } };
    case 2: // serviceUrl of the wrong type or scheme
      return { ...base, serviceUrl: pick([42, null, {}, ['https://x'], true, 'javascript:alert(1)', 'http://evil.example/', 'file:///etc/passwd', '']) };
    case 3: // null-valued or wrong-valued invokes
      return {
        ...base, type: 'invoke',
        name: pick(['fileConsent/invoke', 'composeExtension/query', 'composeExtension/submitAction', 'composeExtension/fetchTask', 'adaptiveCard/action', 'task/fetch', 'signin/verifyState']),
        value: pick([null, undefined, 'x', 5, [], { action: null }, { action: { verb: null } }, { action: 'accept', context: null, uploadInfo: null }]),
      };
    case 4: // a field of the wrong type
      return { ...base, [pick(['from', 'conversation', 'recipient', 'channelData', 'entities', 'attachments', 'membersAdded', 'text', 'id', 'channelId', 'locale', 'replyToId'])]: pick(ODD_VALUES) };
    case 5: // nested fields of the wrong type
      return { ...base, conversation: { id: pick(ODD_VALUES), conversationType: pick(ODD_VALUES), tenantId: pick(ODD_VALUES) }, from: { id: pick(ODD_VALUES), aadObjectId: pick(ODD_VALUES) } };
    case 6: // overlong values
      return { ...base, text: `track ${'y'.repeat(200_000)}`, from: { id: `29:${'z'.repeat(50_000)}`, name: 'n'.repeat(50_000) } };
    case 7: // deep nesting
      return { ...base, value: JSON.parse(`${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`) as unknown };
    default: // odd types of activity
      return { ...base, type: pick(['invoke', 'event', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'x'.repeat(300), 'message\n']), name: pick([undefined, ...PROTO_NAMES, null, 7]) };
  }
}

/** A Bot Connector that answers every send and keeps nothing (the memory check must measure the bot alone). */
async function sinkConnector(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // Apart: restify patches ServerResponse.writeHead, and its version does not return the response.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"sink"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('reliability: hostile input (anonymous local mode)', function () {
  this.timeout(120_000);
  let h: Harness;
  let sink: { url: string; server: Server };
  before(async () => {
    sink = await sinkConnector();
    h = await startApp({ STATUS_API_TOKEN: 'a-long-test-token-0123456789', TRANSCRIPT_RETENTION_DAYS: '0' });
  });
  after(async () => {
    await h?.stop();
    sink?.server.closeAllConnections();
    await new Promise((r) => sink?.server.close(r));
    if (h) removeDir(h.dataDir);
  });

  it('answers 600 generated malformed requests without a 5xx, with generic bodies and short log lines', async () => {
    const seed = Number(process.env.HOSTILE_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = prng(seed);
    const failures: string[] = [];
    for (let i = 0; i < 600; i++) {
      const body = hostileActivity(random, sink.url);
      let res: Response;
      let text: string;
      try {
        res = await fetch(`${h.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
        text = await res.text();
      } catch (error) {
        failures.push(`#${i} no answer (${(error as Error).name})`);
        continue;
      }
      if (res.status >= 500 || (res.status >= 400 && LEAK.test(text))) failures.push(`#${i} ${res.status} ${text.slice(0, 120)}`);
    }
    assert.deepEqual(failures.slice(0, 10), [], `HOSTILE_SEED=${seed}: ${failures.length} requests answered 5xx or with internal text`);
    const longest = Math.max(...h.logger.lines.map((l) => JSON.stringify(l).length));
    assert.ok(longest < 8 * 1024, `HOSTILE_SEED=${seed}: a log line of ${longest} characters`);
  });

  it('refuses a 50 KB gzip body that inflates to 50 MB with 413, and a non-JSON body with a generic 400', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    const res = await fetch(`${h.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
    assert.equal(res.status, 413);
    assert.doesNotMatch(await res.text(), LEAK);
    const broken = await fetch(`${h.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
    assert.equal(broken.status, 400);
    assert.doesNotMatch(await broken.text(), LEAK);
  });

  it('keeps memory bounded after 200 activities with 500 KB ids', async () => {
    const post = (id: string, n: number) => fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...message({ serviceUrl: sink.url, text: 'hi', conversationId: `a:big-${n}` }), id }),
      signal: AbortSignal.timeout(10_000),
    }).then((r) => r.arrayBuffer());
    for (let n = 0; n < 5; n++) await post(`warm-${n}`, n);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    for (let n = 0; n < 200; n++) await post(`${n}-${'i'.repeat(500 * 1024)}`, n);
    collectGarbage();
    const grown = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    assert.ok(grown < 40, `the heap grew by ${grown.toFixed(0)} MB after 100 MB of ids`);
  });
});

describe('reliability: hostile input with credentials set and no network', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startApp({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: '66666666-7777-8888-9999-000000000000',
    });
  });
  after(async () => {
    await h?.stop();
    if (h) removeDir(h.dataDir);
  });

  const header = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const forged = `${header({ alg: 'RS256', kid: 'forged', typ: 'JWT' })}.${header({ iss: 'https://api.botframework.com', aud: '11111111-2222-3333-4444-555555555555', exp: 4_000_000_000 })}.c2lnbmF0dXJl`;

  it('answers missing, malformed and forged tokens with 401 (or 503 when keys cannot be fetched), never error text', async () => {
    for (const authorization of [undefined, 'Bearer', 'Bearer not-a-jwt', 'Basic dXNlcjpwYXNz', `Bearer ${forged}`, `Bearer ${'a'.repeat(20_000)}`]) {
      const res = await fetch(`${h.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(message({ serviceUrl: 'https://smba.trafficmanager.net/emea/', text: 'help' })),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      assert.ok(res.status === 401 || res.status === 503, `${authorization?.slice(0, 20)}: ${res.status} ${text.slice(0, 100)}`);
      assert.doesNotMatch(text, LEAK);
    }
  });

  it('refuses a gzip bomb without a token before inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    const res = await fetch(`${h.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
    assert.equal(res.status, 401);
  });
});
