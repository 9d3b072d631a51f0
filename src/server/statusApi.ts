/**
 * The status API as a route module of the HTTP server: GET and POST /api/migrations/:id/status. It only
 * translates between restify and the status service (src/services/statusService.ts), which authenticates the
 * bearer token, validates the body and answers.
 */
import type restify from 'restify';
import { jsonBody, type Route } from '../server.js';
import { STATUS_API_PATH, type HttpAnswer, type StatusService } from '../services/statusService.js';
import { AuthFailureRateLimiter } from '../http/authRateLimiter.js';
import { checkIdempotencyKey } from '../http/idempotencyKey.js';

const STATUS_API_PREFIX = '/api/migrations/';

function send(res: restify.Response, answer: HttpAnswer): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.header(name, value);
  res.send(answer.status, answer.body);
}

export function statusApiRoute(status: StatusService['api'], limiter = new AuthFailureRateLimiter()): Route {
  const scopes = new WeakMap<restify.Request, string | null>();
  const tooMany = (seconds: number): HttpAnswer => ({
    status: 429,
    body: { error: 'too-many-attempts', message: 'Too many requests with a wrong token from your address. Wait, then send the configured token.' },
    headers: { 'Retry-After': String(seconds) },
  });
  // Attached to the routes themselves (not server.pre): the router decodes the path before matching, so a
  // prefix check on the raw URL could be sidestepped with percent-encoding.
  const authorise: restify.RequestHandler = (req, res, next) => {
    // Failed authentication is rate-limited per client address (IPv6 per /64): a token cannot be guessed fast.
    const client = req.socket?.remoteAddress ?? 'unknown';
    const allowed = limiter.check(client);
    if (!allowed.allowed) {
      res.header('connection', 'close');
      send(res, tooMany(allowed.retryAfterSeconds));
      return next(false);
    }
    const result = status.authorise(req.header('authorization'));
    if (!result.ok) {
      if (result.answer.status === 401) limiter.fail(client);
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
    const idempotencyKey: restify.RequestHandler = (req, res, next) => {
      // The raw header: restify's req.header() takes an empty value as absent, and an empty key is a client bug.
      const key = checkIdempotencyKey(req.headers['idempotency-key']);
      if (!key.ok) {
        send(res, { status: key.status, body: { error: key.error, message: key.message } });
        return next(false);
      }
      return next();
    };
    server.post(STATUS_API_PATH, authorise, idempotencyKey, ...jsonBody(), async (req: restify.Request, res: restify.Response) => {
      const key = checkIdempotencyKey(req.headers['idempotency-key']);
      send(res, await status.post(scopes.get(req) ?? null, idOf(req), req.body as unknown, key.ok ? key.key ?? undefined : undefined));
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
