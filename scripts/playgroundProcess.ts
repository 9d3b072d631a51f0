/**
 * Starts the Microsoft 365 Agents Playground (the local Teams-like client) against a bot endpoint, bound to
 * 127.0.0.1. Used by `npm run playground` and by the end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export interface PlaygroundOptions {
  botEndpoint: string;
  port?: number;
  /** 'none' keeps it from opening a browser (tests, headless machines). */
  browser?: 'none' | 'default';
  logFile?: string;
  channel?: 'msteams' | 'emulator' | 'webchat';
  stdio?: 'inherit' | 'ignore' | 'pipe';
}

export interface Playground {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startPlayground(o: PlaygroundOptions): Promise<Playground> {
  const port = o.port ?? (await freePort());
  const cli = join(dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BOT_ENDPOINT: o.botEndpoint,
    TEAMSAPPTESTER_PORT: String(port),
    TEAMSAPPTESTER_BROWSER: o.browser ?? 'none',
  };
  if (o.logFile) env.M365_AGENTS_PLAYGROUND_LOGFILE = o.logFile;
  const child = spawn(
    process.execPath,
    ['-r', join(here, 'forceLoopback.cjs'), cli, 'start', '-e', o.botEndpoint, '-p', String(port),
      '-c', o.channel ?? 'msteams', '--service-url', `http://127.0.0.1:${port}/_connector`, '--disable-telemetry'],
    { env, stdio: o.stdio ?? 'ignore' },
  );
  const url = `http://127.0.0.1:${port}/`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If this process ends first (Ctrl+C, a killed test run), the Playground must not stay behind.
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The Agents Playground stopped (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      const res = await fetch(url);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`The Agents Playground did not start on ${url} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    process: child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
