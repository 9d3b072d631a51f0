/**
 * `npm run playground`: opens the Microsoft 365 Agents Playground (a local Teams-like client) against the bot.
 * If the bot is not running yet on BOT_ENDPOINT (default http://127.0.0.1:3978/api/messages), it is started too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startPlayground } from './playgroundProcess.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const endpoint = process.env.BOT_ENDPOINT ?? `http://127.0.0.1:${process.env.PORT ?? '3978'}/api/messages`;
const health = new URL('/healthz', endpoint).toString();

async function reachable(): Promise<boolean> {
  try {
    return (await fetch(health)).ok;
  } catch {
    return false;
  }
}

let bot: ChildProcess | undefined;
if (!(await reachable())) {
  console.log(`No bot answers at ${health}; starting it (npm run dev).`);
  bot = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { stdio: 'inherit', env: process.env });
  const deadline = Date.now() + 30_000;
  while (!(await reachable())) {
    if (bot.exitCode !== null || Date.now() > deadline) {
      console.error('The bot did not start: see its messages above.');
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

const port = process.env.TEAMSAPPTESTER_PORT ? Number(process.env.TEAMSAPPTESTER_PORT) : 56150;
const playground = await startPlayground({
  botEndpoint: endpoint,
  port,
  browser: process.env.TEAMSAPPTESTER_BROWSER === 'none' ? 'none' : 'default',
  stdio: 'inherit',
});
console.log(`Agents Playground: ${playground.url} (bound to 127.0.0.1). Press Ctrl+C to stop.`);

const stop = async (): Promise<void> => {
  await playground.stop();
  if (bot && bot.exitCode === null) bot.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
playground.process.once('exit', () => void stop());
