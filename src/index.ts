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
const app = await createApp(config, logger);
const port = await app.start();
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
