/** Starts the real app (restify + CloudAdapter + storage on disk) on 127.0.0.1 with an ephemeral port. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryLogger } from '../../src/logging.js';
import { FakeConnector } from './fakeConnector.js';

export interface Harness {
  app: App;
  baseUrl: string;
  dataDir: string;
  logger: ReturnType<typeof memoryLogger>;
  post(activity: unknown, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'mrb-test-'));
}

export async function startApp(env: Record<string, string> = {}, dataDir = tempDataDir()): Promise<Harness> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TYPING_DELAY_MS: '0', ...env });
  const logger = memoryLogger();
  const app = await createApp(config, logger);
  const port = await app.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    dataDir,
    logger,
    post: (activity, headers = {}) =>
      fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      }),
    stop: () => app.stop(),
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Registers mocha hooks that start a fake Bot Connector and the real app (once per describe, or before each test)
 * and stop and remove both afterwards. Read `ctx.h` and `ctx.connector` inside the tests.
 */
export function useRunningApp(env: Record<string, string> = {}, per: 'describe' | 'test' = 'describe'): { h: Harness; connector: FakeConnector } {
  const ctx = {} as { h: Harness; connector: FakeConnector };
  const start = async (): Promise<void> => {
    ctx.connector = new FakeConnector();
    await ctx.connector.start();
    ctx.h = await startApp(env);
  };
  const stop = async (): Promise<void> => {
    await ctx.h?.stop();
    await ctx.connector?.stop();
    if (ctx.h) removeDir(ctx.h.dataDir);
  };
  if (per === 'test') {
    beforeEach(start);
    afterEach(stop);
  } else {
    before(start);
    after(stop);
  }
  return ctx;
}
