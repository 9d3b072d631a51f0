/**
 * HTTP routes. Kept to one small file so the host can change (restify today; Express or Fastify if the bot moves
 * to the Microsoft 365 Agents SDK) without touching the product.
 */
import restify from 'restify';
import type { IncomingMessage } from 'node:http';
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { ConfigurationBotFrameworkAuthentication as BotFrameworkAuthentication } from 'botbuilder';
import type { Config } from './config.js';
import type { Logger } from './logging.js';
import { BodyError, DEFAULT_MAX_INFLATED_BYTES, DEFAULT_MAX_WIRE_BYTES, parseJsonBody, readLimitedBody, type BodyLimits } from './http/bodyGuard.js';
import { INVALID_ACTIVITY_BODY, validateActivity } from './http/activityValidator.js';
import { mustRetry } from './bot/turnJournal.js';

export type Route = (server: restify.Server) => void;

/** Bodies of /api/messages and of the API routes: on the wire and after gzip/deflate/br (docs/reliability.md). */
export const BODY_LIMITS: BodyLimits = { maxWireBytes: DEFAULT_MAX_WIRE_BYTES, maxInflatedBytes: DEFAULT_MAX_INFLATED_BYTES };

const UNSUPPORTED_MEDIA_TYPE = { error: 'unsupported-media-type', message: 'Send a JSON body with Content-Type: application/json.' };
const UNSUPPORTED_INVOKE = { error: 'unsupported-invoke', message: 'The bot does not handle this kind of invoke.' };
const RETRY_LATER = { error: 'busy', message: 'The conversation is busy; send the activity again.' };
const INTERNAL = { error: 'internal', message: 'The bot could not handle this request. The error is in its log.' };

function isJsonType(req: restify.Request): boolean {
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** Answers and closes the connection, so the unread rest of a refused body is never read. */
function refuse(res: restify.Response, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.header('connection', 'close');
  for (const [name, value] of Object.entries(headers)) res.header(name, value);
  if (body === undefined) {
    res.status(status);
    res.end();
  } else {
    res.send(status, body);
  }
}

/**
 * A JSON body read with the limits of src/http/bodyGuard.ts (the inflated size counts), parsed only once it is
 * all in. Answers 413/415/400 with a generic body itself and returns undefined then.
 */
export async function readJsonBody(req: restify.Request, res: restify.Response, limits: BodyLimits = BODY_LIMITS): Promise<{ body: unknown } | undefined> {
  if (!isJsonType(req)) {
    refuse(res, 415, UNSUPPORTED_MEDIA_TYPE);
    return undefined;
  }
  try {
    return { body: parseJsonBody(await readLimitedBody(req as unknown as IncomingMessage, limits)) };
  } catch (error) {
    if (error instanceof BodyError) {
      refuse(res, error.status, error.body);
      return undefined;
    }
    throw error;
  }
}

/**
 * JSON body parsing for one route as restify handlers (after any authentication, never globally: restify's
 * general body parser also takes multipart uploads). Sets req.body.
 */
export function jsonBody(limits: BodyLimits = BODY_LIMITS): restify.RequestHandler[] {
  const parse: restify.RequestHandler = (req, res, next) => {
    readJsonBody(req, res, limits).then(
      (read) => {
        if (!read) return next(false);
        (req as { body?: unknown }).body = read.body;
        return next();
      },
      (error: unknown) => next(error as Error),
    );
  };
  return [parse];
}

export type AuthVerdict = { ok: true } | { ok: false; status: 401 | 503 };

/**
 * Classifies an authentication failure: the signing keys (OpenID metadata) could not be fetched -> 503, so the
 * caller retries; anything else (missing, malformed, forged, expired token) -> 401. Never any error text.
 */
export function authFailureStatus(error: unknown): 401 | 503 {
  const e = error as { name?: string; statusCode?: number; message?: string; cause?: { code?: string } } | undefined;
  if (e?.name === 'AuthenticationError' || typeof e?.statusCode === 'number') {
    return e?.statusCode !== undefined && e.statusCode >= 500 ? 503 : 401;
  }
  // fetch() failing (no network, DNS, refused) while loading the signing keys.
  if (e?.name === 'TypeError' && /fetch failed/i.test(e.message ?? '')) return 503;
  if (typeof e?.cause?.code === 'string' && /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|UND_ERR)/.test(e.cause.code)) return 503;
  return 401;
}

/** Checks the Authorization header before the body is read (a gzip bomb without a token is never inflated). */
export async function preAuthenticate(auth: BotFrameworkAuthentication | undefined, header: string): Promise<AuthVerdict> {
  if (!auth) return { ok: true };
  if (!/^Bearer [A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=+/]*$/.test(header) || header.length > 16 * 1024) return { ok: false, status: 401 };
  try {
    // The serviceUrl claim is checked again with the real activity by processActivity below.
    await auth.authenticateRequest({ channelId: 'msteams', serviceUrl: '' } as Activity, header);
    return { ok: true };
  } catch (error) {
    return { ok: false, status: authFailureStatus(error) };
  }
}

export interface ServerDeps {
  config: Config;
  logger: Logger;
  adapter: CloudAdapter;
  /** The bot's authentication (undefined in anonymous local mode): checked before the body is read. */
  auth?: BotFrameworkAuthentication;
  runTurn: (context: TurnContext) => Promise<void>;
  storageKind: string;
  /** Extra routes, e.g. the automation status endpoint. */
  routes?: Route[];
}

type ProcessActivity = (authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) => Promise<{ status: number; body?: unknown } | undefined>;

export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'migration-readiness-bot' });
  // CloudAdapterBase.processActivity is protected; CloudAdapter.process would put err.message in its 401/500 bodies.
  const processActivity = (deps.adapter as unknown as { processActivity: ProcessActivity }).processActivity.bind(deps.adapter);
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const authHeader = req.header('authorization') ?? '';
    if (!deps.config.anonymous) {
      const verdict = await preAuthenticate(deps.auth, authHeader);
      if (!verdict.ok) {
        refuse(res, verdict.status);
        return;
      }
    }
    const read = await readJsonBody(req, res);
    if (!read) return;
    const check = validateActivity(read.body);
    if (!check.ok) {
      deps.logger.warn('invalid activity', { problems: check.problems.slice(0, 10) });
      res.send(400, INVALID_ACTIVITY_BODY);
      return;
    }
    try {
      const answer = await processActivity(authHeader, read.body as Activity, (context) => deps.runTurn(context));
      if (mustRetry(read.body as object)) {
        // Another instance won this conversation's save or lease: nothing was sent; deliver it again.
        res.header('Retry-After', '1');
        res.send(503, RETRY_LATER);
        return;
      }
      let status = answer?.status ?? 200;
      if (status === 501) {
        // botbuilder answers an invoke no handler knows with 501; it is the caller's request, not our failure.
        res.send(400, UNSUPPORTED_INVOKE);
        return;
      }
      if (status >= 500) status = 500;
      if (answer?.body === undefined) {
        res.status(status);
        res.end();
      } else {
        res.send(status, answer.body);
      }
    } catch (error) {
      const err = error as Error | undefined;
      if (!deps.config.anonymous && (err?.name === 'AuthenticationError' || (error as { statusCode?: number })?.statusCode === 401)) {
        res.status(authFailureStatus(error));
        res.end();
        return;
      }
      deps.logger.error('activity failed', { errorName: err?.name, errorMessage: err?.message });
      if (!res.headersSent) res.send(500, INTERNAL);
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, {
      status: 'ok',
      version: deps.config.version,
      storage: deps.storageKind,
      mode: deps.config.anonymous ? 'anonymous-local' : 'authenticated',
    });
  });

  for (const route of deps.routes ?? []) route(server);

  // Headers over Node's limit (16 KB) never reach a route; Node would answer 431. Every route but /healthz needs a
  // token, and a header that size carries none we accept: answer 401 with no text, like any failed authentication.
  server.server.on('clientError', (error: NodeJS.ErrnoException, socket: import('node:net').Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '401 Unauthorized' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    if (!err.statusCode || err.statusCode >= 500) {
      deps.logger.error('request failed', { method: req.method, path: req.path(), errorName: err.name, errorMessage: err.message });
      // Internal error text stays in the log; the caller gets a generic answer.
      Object.assign(err, { body: INTERNAL, toJSON: () => INTERNAL });
    }
    callback();
  });
  return server;
}

export function listen(server: restify.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const address = server.address() as { port: number };
      resolve(address.port);
    });
  });
}

export function close(server: restify.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
