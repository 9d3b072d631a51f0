/** Starts the real app (restify + CloudAdapter + storage on disk) on 127.0.0.1 with an ephemeral port. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryLogger } from '../../src/logging.js';

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
