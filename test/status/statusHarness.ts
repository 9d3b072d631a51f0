/**
 * The real app (restify, CloudAdapter, lowdb on disk) with a settable clock, a fake Bot Connector over HTTP, and
 * helpers for the status feature: channel messages, the automation endpoint, and what reached the connector.
 */
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryLogger } from '../../src/logging.js';
import { ConversationReferenceStore } from '../../src/proactive/conversationReferenceStore.js';
import { FakeConnector, type RecordedRequest } from '../support/fakeConnector.js';
import { message } from '../support/activities.js';
import { tempDataDir } from '../support/appHarness.js';

export const TOKEN = 'test-token-0123456789abcdef';
export const CHANNEL = '19:general@thread.tacv2';

export class Clock {
  constructor(public value: Date) {}
  now = (): Date => new Date(this.value.getTime());
  advance(ms: number): void {
    this.value = new Date(this.value.getTime() + ms);
  }
}

export interface StatusHarness {
  app: App;
  baseUrl: string;
  dataDir: string;
  connector: FakeConnector;
  clock: Clock;
  logger: ReturnType<typeof memoryLogger>;
  references: ConversationReferenceStore;
  post(activity: unknown): Promise<Response>;
  /** A channel message with the bot @mentioned, posted in a thread of CHANNEL (as Teams sends them). */
  say(text: string, thread?: string, extra?: Record<string, unknown>): Promise<Response>;
  api(method: 'GET' | 'POST', id: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Waits for pending card posts, updates and thread replies. */
  settle(): Promise<void>;
  /**
   * Makes the next new channel post answer like Teams does: the thread is the channel id with `;messageid=<root id>`
   * (the fake connector's default `conv-N` ids say nothing about the channel). Returns the ids it will answer.
   */
  nextThread(): { thread: string; activityId: string };
  stop(): Promise<void>;
}

export async function startStatusApp(options: {
  connector: FakeConnector;
  clock: Clock;
  dataDir?: string;
  env?: Record<string, string>;
}): Promise<StatusHarness> {
  const dataDir = options.dataDir ?? tempDataDir();
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TYPING_DELAY_MS: '0', STATUS_API_TOKEN: TOKEN, REMINDER_CHECK_SECONDS: '0',
    ...options.env,
  });
  const logger = memoryLogger();
  const app = await createApp(config, logger, { now: options.clock.now, sleep: async () => {} });
  const port = await app.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  const post = (activity: unknown): Promise<Response> => fetch(`${baseUrl}/api/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity),
  });
  let counter = 0;
  let rootIds = 1_800_000_000_000;
  return {
    app,
    baseUrl,
    dataDir,
    connector: options.connector,
    clock: options.clock,
    logger,
    references: new ConversationReferenceStore(app.stores.storage),
    post,
    say: (text, thread, extra = {}) => {
      counter++;
      const conversationId = `${CHANNEL};messageid=${thread ?? `17000000000${counter}`}`;
      return post({ ...message({ serviceUrl: options.connector.url, text, channel: true, conversationId }), ...extra });
    },
    api: (method, id, body, headers = {}) => fetch(`${baseUrl}/api/migrations/${encodeURIComponent(id)}/status`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
    settle: () => app.status.idle(),
    nextThread: () => {
      rootIds++;
      const ids = { thread: `${CHANNEL};messageid=${rootIds}`, activityId: String(rootIds) };
      options.connector.answerNext({ status: 201, body: { id: ids.thread, activityId: ids.activityId }, match: isNewThread });
      return ids;
    },
    stop: () => app.stop(),
  };
}

/** The card JSON of a recorded request that carries one (a new thread, an update or a reply). */
export function cardOf(request: RecordedRequest): Record<string, unknown> | undefined {
  const activity = request.body?.activity ?? request.body;
  return activity?.attachments?.[0]?.content;
}

/** All text of a card, for "does it show X" checks. */
export function cardText(card: unknown): string {
  return JSON.stringify(card);
}

export const isNewThread = (r: RecordedRequest): boolean => r.method === 'POST' && r.url === '/v3/conversations';
export const isUpdate = (r: RecordedRequest): boolean => r.method === 'PUT';
