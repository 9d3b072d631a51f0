/**
 * A small structured logger: one JSON line per event on stdout/stderr. Callers pass ids and counts, never
 * secrets, tokens, message text or download URLs.
 */
import type { LogLevel } from './config.js';
import { logFields, truncateForLog } from './domain/reliability/logValues.js';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(level: LogLevel = 'info', write: (line: string, isError: boolean) => void = defaultWrite): Logger {
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[lvl] < ORDER[level]) return;
    // Every value is bounded (strings 200 characters, 20 keys, 4 levels): values from outside cannot flood the log.
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: truncateForLog(msg), ...safeFields(fields) }), ORDER[lvl] >= ORDER.warn);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** Our own stack traces keep more than 200 characters (they are ours, not the caller's); still bounded. */
function safeFields(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const safe = logFields(fields);
  if (safe && typeof fields?.stack === 'string') safe.stack = truncateForLog(fields.stack, 4000).replace(/ {4}at /g, ' | at ');
  return safe;
}

function defaultWrite(line: string, isError: boolean): void {
  (isError ? process.stderr : process.stdout).write(`${line}\n`);
}

/** A logger that keeps lines in memory, for tests. */
export function memoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return Object.assign(logger, { lines });
}
