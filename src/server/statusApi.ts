/**
 * The status API as a route module of the HTTP server: GET and POST /api/migrations/:id/status. It only
 * translates between restify and the status service (src/services/statusService.ts), which authenticates the
 * bearer token, validates the body and answers.
 */
import type restify from 'restify';
import { jsonBody, type Route } from '../server.js';
import { STATUS_API_PATH, type HttpAnswer, type StatusService } from '../services/statusService.js';

const STATUS_API_PREFIX = '/api/migrations/';

function send(res: restify.Response, answer: HttpAnswer): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.header(name, value);
  res.send(answer.status, answer.body);
}

export function statusApiRoute(status: StatusService['api']): Route {
  const scopes = new WeakMap<restify.Request, string | null>();
  // Attached to the routes themselves (not server.pre): the router decodes the path before matching, so a
  // prefix check on the raw URL could be sidestepped with percent-encoding.
  const authorise: restify.RequestHandler = (req, res, next) => {
    const result = status.authorise(req.header('authorization'));
    if (!result.ok) {
      send(res, result.answer);
      return next(false);
    }
    scopes.set(req, result.scope);
    return next();
  };
  const idOf = (req: restify.Request): string => String(req.params?.id ?? '');
  const isStatusPath = (req: restify.Request): boolean => (req.path?.() ?? req.url ?? '').startsWith(STATUS_API_PREFIX);

  return (server) => {
    server.get(STATUS_API_PATH, authorise, async (req: restify.Request, res: restify.Response) => {
      send(res, await status.get(scopes.get(req) ?? null, idOf(req)));
    });
    server.post(STATUS_API_PATH, authorise, ...jsonBody(), async (req: restify.Request, res: restify.Response) => {
      send(res, await status.post(scopes.get(req) ?? null, idOf(req), req.body as unknown, req.header('idempotency-key')));
    });
    // restify's body parser answers a malformed JSON body with the parser's own error text; say it in our words.
    server.on('InvalidContent', (req: restify.Request, _res: restify.Response, err: { toJSON?: () => unknown }, callback: () => void) => {
      if (isStatusPath(req)) {
        err.toJSON = () => ({ error: 'malformed-body', message: 'The body is not valid JSON. Send {"phase": "...", "note": "...", "by": "..."} with Content-Type: application/json.' });
      }
      callback();
    });
  };
}
