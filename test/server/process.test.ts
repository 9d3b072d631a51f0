/**
 * The bot as a real process: `node src/index.ts` (through tsx), configuration errors, and a graceful stop on SIGTERM
 * that lets a running turn finish.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { projectRoot } from '../../src/paths.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { message } from '../support/activities.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';

const started = new Set<ChildProcess>();
const dataDirs: string[] = [];

/**
 * A hermetic environment: every setting the bot knows is set empty, so neither the developer's shell nor a .env
 * file (which the bot loads, but never over a set variable) can change what these tests see.
 */
function hermeticEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const known = Object.keys(parseEnv(readFileSync(join(projectRoot, '.env.example'), 'utf8')));
  const blank = Object.fromEntries(known.map((k) => [k, '']));
  const dataDir = env.DATA_DIR ?? tempDataDir();
  dataDirs.push(dataDir);
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...blank, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, DATA_DIR: dataDir };
}

function cleanUp(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
  for (const dir of dataDirs.splice(0)) removeDir(dir);
}

function startBot(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    env: hermeticEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitForUrl(output: () => string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/api\/messages"/.exec(output());
    if (m) return m[1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bot did not start:\n${output()}`);
}

describe('the bot process', function () {
  this.timeout(60_000);
  afterEach(cleanUp);

  it('refuses to start on a bad setting, naming the variable, without a stack trace', async () => {
    const bot = startBot({ PORT: 'eighty', DATA_DIR: tempDataDir() });
    const code = await bot.exited;
    assert.equal(code, 1);
    assert.match(bot.output(), /PORT="eighty" is not valid: expected a TCP port/);
    assert.doesNotMatch(bot.output(), /\n\s+at /);
  });

  it('refuses to start in production without credentials', async () => {
    const bot = startBot({ NODE_ENV: 'production', DATA_DIR: tempDataDir() });
    assert.equal(await bot.exited, 1);
    assert.match(bot.output(), /NODE_ENV=production needs bot credentials/);
  });

  it('says it runs in anonymous local mode, and on SIGTERM finishes the running turn before exiting', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const dataDir = tempDataDir();
    const bot = startBot({ DATA_DIR: dataDir });
    try {
      const url = await waitForUrl(bot.output);
      assert.match(bot.output(), /anonymous local mode/);
      // The connector answers slowly, so the turn is still running when SIGTERM arrives.
      connector.answerNext({ status: 200, body: { id: 'slow-1' }, delayMs: 1500 });
      const posted = fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message({ serviceUrl: connector.url, text: 'help' })) });
      await connector.waitFor(() => true);
      bot.child.kill('SIGTERM');
      const res = await posted;
      assert.equal(res.status, 200, 'the running turn completed');
      assert.equal(await bot.exited, 0);
      assert.match(bot.output(), /stopped cleanly/);
    } finally {
      bot.child.kill('SIGKILL');
      await connector.stop();
      removeDir(dataDir);
    }
  });
});

describe('the bot process at start-up', function () {
  this.timeout(60_000);
  afterEach(cleanUp);

  it('says plainly when the port is taken, without a stack trace', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const bot = startBot({ PORT: String(port), DATA_DIR: tempDataDir() });
      assert.equal(await bot.exited, 1);
      assert.match(bot.output(), new RegExp(`The bot could not start: port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.doesNotMatch(bot.output(), /\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});
