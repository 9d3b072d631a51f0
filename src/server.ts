/**
 * HTTP routes. Kept to one small file so the host can change (restify today; Express or Fastify if the bot moves
 * to the Microsoft 365 Agents SDK) without touching the product.
 */
import restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Config } from './config.js';
import type { Logger } from './logging.js';

export type Route = (server: restify.Server) => void;

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * JSON body parsing for one route. Applied per route, after any authentication, never globally: restify's general
 * body parser also takes multipart uploads, which bypass the size limit and land in the temp folder unauthenticated.
 */
export function jsonBody(): restify.RequestHandler[] {
  const requireJson: restify.RequestHandler = (req, res, next) => {
    const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && !type.endsWith('+json')) {
      res.send(415, { error: 'unsupported-media-type', message: 'Send a JSON body with Content-Type: application/json.' });
      return next(false);
    }
    return next();
  };
  return [requireJson, ...(restify.plugins.jsonBodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES } as restify.plugins.JsonBodyParserOptions) as unknown as restify.RequestHandler[])];
}

export interface ServerDeps {
  config: Config;
  logger: Logger;
  adapter: CloudAdapter;
  runTurn: (context: TurnContext) => Promise<void>;
  storageKind: string;
  /** Extra routes, e.g. the automation status endpoint. */
  routes?: Route[];
}

export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'migration-readiness-bot' });
  server.post('/api/messages', ...jsonBody(), async (req: restify.Request, res: restify.Response) => {
    const body = req.body as { type?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.type !== 'string' || body.type === '') {
      res.send(400, { error: 'not-an-activity', message: 'Expected a Bot Framework activity: a JSON object with a "type".' });
      return;
    }
    await deps.adapter.process(req, res, (context) => deps.runTurn(context));
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

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    if (!err.statusCode || err.statusCode >= 500) {
      deps.logger.error('request failed', { method: req.method, path: req.path(), errorName: err.name, errorMessage: err.message });
      // Internal error text stays in the log; the caller gets a generic answer.
      const generic = { error: 'internal', message: 'The bot could not handle this request. The error is in its log.' };
      Object.assign(err, { body: generic, toJSON: () => generic });
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
