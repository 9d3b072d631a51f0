/**
 * HTTP routes. Kept to one small file so the host can change (restify today; Express or Fastify if the bot moves
 * to the Microsoft 365 Agents SDK) without touching the product.
 */
import restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Config } from './config.js';
import type { Logger } from './logging.js';

export type Route = (server: restify.Server) => void;

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
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
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
