/**
 * Entry point: read .env (when present) and the environment, start the bot, stop gracefully on SIGTERM/SIGINT.
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logging.js';
import { createApp } from './app.js';

if (existsSync('.env')) process.loadEnvFile('.env');

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
let app: Awaited<ReturnType<typeof createApp>>;
let port: number;
try {
  app = await createApp(config, logger);
  port = await app.start();
} catch (error) {
  // A start-up failure is the admin's to fix (a port in use, an unreachable store): say what, not where in the code.
  process.stderr.write(`The bot could not start: ${startupProblem(error, config.host, config.port)}
`);
  process.exit(1);
}
logger.info('bot listening', {
  url: `http://${config.host}:${port}/api/messages`,
  health: `http://${config.host}:${port}/healthz`,
  version: config.version,
  storage: app.stores.kind,
  dataDir: config.dataDir,
});
if (config.anonymous) {
  logger.warn('anonymous local mode: no MicrosoftAppId is set, so the bot accepts unauthenticated requests. Use it with the Agents Playground or the Bot Framework Emulator only.');
} else {
  logger.info('authenticated mode', { appType: config.appType });
}

let shuttingDown = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.stop().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { errorName: (error as Error)?.name });
        process.exit(1);
      },
    );
  });
}

function startupProblem(error: unknown, host: string, configuredPort: number): string {
  const e = error as NodeJS.ErrnoException | undefined;
  if (e?.syscall === 'listen') {
    if (e.code === 'EADDRINUSE') return `port ${configuredPort} on ${host} is already in use. Stop the other process or set PORT to a free port.`;
    if (e.code === 'EADDRNOTAVAIL') return `HOST=${host} is not an address of this machine. Use 127.0.0.1, 0.0.0.0 or one of its addresses.`;
    if (e.code === 'EACCES') return `no permission to listen on port ${configuredPort}. Use a port above 1023.`;
  }
  if (e?.code === 'EACCES' || e?.code === 'EPERM' || e?.code === 'EROFS') {
    return `no permission to use ${e.path ?? 'the data directory'}. Set DATA_DIR to a folder the bot may write.`;
  }
  // Store errors name the store and what failed, never a key or secret.
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}
