/**
 * `npm run bench`: the figures of issue 16 in one run, side by side.
 *
 *  1. The stack's ceiling (an echo bot on CloudAdapter + restify) and this bot on real interview turns, each in its own
 *     process, driven over HTTP by 20 conversations at a time, replies delivered to a fake connector in this process:
 *     throughput, p50/p99, server CPU per turn, and the ratio bot/echo (robust to a busy machine: same run, same load).
 *  2. This bot's p99 and start-up time with 0 and with N stored conversations (default 100,000, generated on disk).
 *  3. This bot's memory (RSS) after its turns (default 10,000), before and after a full GC.
 *  4. The largest message of each kind for a 50-environment, every-solution profile, in UTF-16 bytes (how Teams
 *     counts), against the 80 KB budget.
 * Figures only; nothing is asserted.
 *
 * Flags: --turns N (bot turns, default 10000), --echo-turns N (default 5000), --concurrency N (20),
 *        --stored N (default 100000; 0 skips the stored-data run), --stored-turns N (default 2000), --quick
 *        (turns 2000, echo 2000, stored 10000, stored-turns 600), --heapsnapshot DIR (write one after the bot run),
 *        --cpu-prof DIR (each bot process writes a V8 CPU profile there when it stops; NODE_OPTIONS refuses it),
 *        --tsx (run both bots under tsx from the TypeScript sources instead of compiled JS), --no-build (use dist/ as
 *        it is), --node-flags "..." (node flags for both bots instead of the start script's, to compare).
 *
 * By default both bots run as `npm start` runs this one: compiled JS (`tsc -p tsconfig.json` into dist/, as the
 * prestart script does), started by `node` with the flags of the start script in package.json, so neither tsx's
 * compiler nor its source maps count in their memory or CPU. The bench itself (load generator, connector) runs
 * under tsx.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { partitionOfKey, STATE_FILE_FORMAT_VERSION } from '../src/storage/lowdbStorage.js';
import { conversationHash, CONVERSATION_FILE_NAME } from '../src/storage/lowdbTranscriptStore.js';
import { hashName, shardDirectory } from '../src/storage/partitionFiles.js';
import { largestMessages } from './messages.js';
import { conversationState, percentile } from './support.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const quick = args.includes('--quick');
const BOT_TURNS = flag('turns', quick ? 2000 : 10_000);
const ECHO_TURNS = flag('echo-turns', quick ? 2000 : 5000);
const CONCURRENCY = flag('concurrency', 20);
const STORED = flag('stored', quick ? 10_000 : 100_000);
const STORED_TURNS = flag('stored-turns', quick ? 600 : 2000);
const snapshotAt = args.indexOf('--heapsnapshot');
const SNAPSHOT_DIR = snapshotAt >= 0 ? args[snapshotAt + 1] : undefined;
const profileAt = args.indexOf('--cpu-prof');
const PROFILE_DIR = profileAt >= 0 ? path.resolve(args[profileAt + 1] ?? '.') : undefined;
const UNDER_TSX = args.includes('--tsx');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The node flags of `npm start` (the words between `node` and the script in package.json's start script). */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  const words = start.trim().split(/\s+/);
  return words[0] === 'node' ? words.slice(1, -1) : [];
}
const flagsAt = args.indexOf('--node-flags');
const NODE_FLAGS = UNDER_TSX ? [] : flagsAt >= 0 ? (args[flagsAt + 1] ?? '').split(/\s+/).filter(Boolean) : startFlags();

/** Compiles the project as `npm start`'s prestart does (tsc into dist/); returns the compiled bench server. */
function build(): string {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = performance.now();
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.json failed (exit ${result.status})`);
  console.log(`built with tsc into dist/ in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return path.join(ROOT, 'dist', 'bench', 'server.js');
}

/** A whole interview (two environments) and its verdict, as a user types it; then it starts again. */
const INTERVIEW = [
  'check eligibility', 'contoso.onmicrosoft.com', 'skip', 'Europe', 'commercial', '250', 'no',
  'fabrikam.onmicrosoft.com', '66666666-7777-8888-9999-000000000000', 'EUR', 'commercial', 'yes', '300', '1 TB',
  'Contoso Sales', 'production', 'same', 'yes', 'no', 'no', '200 GB', '120', 'yes', 'power automate, marketing', 'yes',
  'Contoso Dev', 'developer', 'same', 'yes', 'no', 'no', '5 GB', '10', 'none', 'no',
  'yes', 'assess',
];

// ------------------------------------------------------------------------------------------ fake connector

/** Answers like the Bot Connector and records nothing (a recording connector would grow with the run). */
async function startConnector(): Promise<{ url: string; server: Server; replies: () => number; largest: () => number }> {
  let replies = 0;
  let largest = 0;
  let counter = 0;
  const server = createServer((req, res) => {
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    req.on('end', () => {
      replies++;
      largest = Math.max(largest, size);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"reply-${++counter}"}`);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, replies: () => replies, largest: () => largest };
}

// ------------------------------------------------------------------------------------------ bot processes

interface Running {
  child: ChildProcess;
  port: number;
  startMs: number;
  request<T>(type: string, extra?: object): Promise<T>;
  stop(): Promise<void>;
}

const reported = new Set<string>();
async function startServer(mode: 'echo' | 'bot', dataDir?: string): Promise<Running> {
  const child = fork(SERVER, [mode], {
    execArgv: [...(UNDER_TSX ? ['--import', 'tsx'] : NODE_FLAGS), '--expose-gc', ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
    env: { ...process.env, BENCH_DATA_DIR: dataDir ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (message: any) => void>();
  child.on('message', (message: any) => {
    const resolve = waiting.get(message.type);
    waiting.delete(message.type);
    resolve?.(message);
  });
  const next = <T>(type: string): Promise<T> => new Promise((resolve) => waiting.set(type, resolve as (m: any) => void));
  const ready = await next<{ port: number; startMs: number; execArgv: string[]; nodeOptions: string }>('ready');
  if (!reported.has(mode)) {
    reported.add(mode);
    console.log(`${mode} process: node ${ready.execArgv.join(' ')}${ready.nodeOptions ? ` (NODE_OPTIONS ${ready.nodeOptions})` : ''}`);
  }
  return {
    child,
    port: ready.port,
    startMs: ready.startMs,
    request: <T>(type: string, extra: object = {}) => {
      const answer = next<T>(type);
      child.send({ type, ...extra });
      return answer;
    },
    async stop() {
      const stopped = next('stopped');
      child.send({ type: 'stop' });
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      // Let it exit on its own (a CPU profile is written at exit), then make sure it is gone.
      const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      child.kill();
    },
  };
}

// ------------------------------------------------------------------------------------------ load

interface LoadResult {
  turns: number;
  seconds: number;
  latencies: number[];
  cpuMs: number;
  memory: NodeJS.MemoryUsage;
  memoryAfterGc: NodeJS.MemoryUsage;
  /** Storage write calls and items written during the measured turns (the bot only). */
  writes: { calls: number; items: number };
}

function activity(serviceUrl: string, conversation: string, text: string): object {
  return {
    type: 'message',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${conversation}`, name: 'Megan Bowen', aadObjectId: '11111111-0000-0000-0000-000000000001' },
    recipient: { id: '28:bot-app-id', name: 'Migration Readiness' },
    conversation: { id: `a:${conversation}`, conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    channelData: { tenant: { id: '72f988bf-86f1-41af-91ab-2d7cd011db47' } },
    locale: 'en-US',
    text,
  };
}

/** `turns` turns from `concurrency` conversations, each sending its next line once the previous one is answered. */
async function load(server: Running, serviceUrl: string, turns: number, concurrency: number, label: string, warmup: number): Promise<LoadResult> {
  const url = `http://127.0.0.1:${server.port}/api/messages`;
  const turn = async (conversation: string, text: string): Promise<number> => {
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(serviceUrl, conversation, text)) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${label}: status ${res.status} for "${text}"`);
    return performance.now() - started;
  };
  const run = async (count: number, record: number[] | undefined): Promise<void> => {
    let issued = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        const conversation = `${label}-${worker}-${randomUUID().slice(0, 8)}`;
        for (let step = 0; issued < count; step++) {
          issued++;
          const ms = await turn(conversation, INTERVIEW[step % INTERVIEW.length]!);
          record?.push(ms);
        }
      }),
    );
  };
  await run(warmup, undefined);
  const before = await server.request<{ cpu: NodeJS.CpuUsage; writes: LoadResult['writes'] }>('usage');
  const latencies: number[] = [];
  const started = performance.now();
  await run(turns, latencies);
  const seconds = (performance.now() - started) / 1000;
  const after = await server.request<{ cpu: NodeJS.CpuUsage; memory: NodeJS.MemoryUsage; memoryAfterGc: NodeJS.MemoryUsage; writes: LoadResult['writes'] }>('usage');
  latencies.sort((a, b) => a - b);
  const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
  const writes = { calls: after.writes.calls - before.writes.calls, items: after.writes.items - before.writes.items };
  return { turns, seconds, latencies, cpuMs, memory: after.memory, memoryAfterGc: after.memoryAfterGc, writes };
}

// ------------------------------------------------------------------------------------------ stored data

/** Writes `count` conversations as a bot that has run a while leaves them: state, user state and a transcript day. */
function seedStore(dataDir: string, count: number): void {
  const stateDir = path.join(dataDir, 'state');
  const transcriptDir = path.join(dataDir, 'transcripts');
  const made = new Set<string>();
  const ensure = (dir: string) => {
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
  };
  const today = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const id = `a:seeded-${i.toString(36).padStart(6, '0')}`;
    for (const [key, value] of [
      [`msteams/conversations/${id}/ConversationState`, conversationState(i)],
      [`msteams/users/29:seeded-${i}/UserState`, { welcomedAt: today }],
    ] as const) {
      const partition = partitionOfKey(key);
      const hash = hashName(partition);
      const shard = shardDirectory(stateDir, hash);
      ensure(shard);
      writeFileSync(path.join(shard, `${hash}.json`), JSON.stringify({ version: STATE_FILE_FORMAT_VERSION, partition, items: [{ key, eTag: randomUUID(), value }] }));
    }
    const hash = conversationHash('msteams', id);
    const dir = path.join(shardDirectory(transcriptDir, hash), hash);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, CONVERSATION_FILE_NAME), JSON.stringify({ version: 1, channelId: 'msteams', conversationId: id, created: today }));
    writeFileSync(path.join(dir, `${today.slice(0, 10)}.jsonl`), `${JSON.stringify({ type: 'message', id: `m${i}`, text: 'hello', timestamp: today })}\n`);
  }
}

// ------------------------------------------------------------------------------------------ report

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const pad = (text: string, width: number): string => text.padEnd(width);
const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;

function figures(result: LoadResult): { rate: number; p50: number; p99: number; cpu: number } {
  return {
    rate: result.turns / result.seconds,
    p50: percentile(result.latencies, 50),
    p99: percentile(result.latencies, 99),
    cpu: result.cpuMs / result.turns,
  };
}

const cpus = os.cpus();
console.log(`npm run bench - ${new Date().toISOString()}`);
console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${mb(os.totalmem())} RAM, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; Node ${process.version}, ${os.platform()} ${os.release()}`);
const SERVER = UNDER_TSX ? path.join(ROOT, 'bench', 'server.ts') : args.includes('--no-build') ? path.join(ROOT, 'dist', 'bench', 'server.js') : build();
console.log(`bots run as: ${UNDER_TSX ? 'TypeScript under tsx (--tsx)' : `compiled JS, node ${[...NODE_FLAGS, 'dist/bench/server.js'].join(' ')} (${flagsAt >= 0 ? 'flags from --node-flags' : 'the flags of npm start'})`}`);
console.log(`turns: echo ${ECHO_TURNS}, bot ${BOT_TURNS}, ${CONCURRENCY} conversations at a time; stored-data run ${STORED} conversations, ${STORED_TURNS} turns\n`);

const connector = await startConnector();
const work = mkdtempSync(path.join(os.tmpdir(), 'mrb-bench-'));
try {
  // 1. Echo vs bot.
  const echo = await startServer('echo');
  const echoResult = await load(echo, connector.url, ECHO_TURNS, CONCURRENCY, 'echo', 500);
  await echo.stop();

  const botDir = path.join(work, 'bot');
  const bot = await startServer('bot', botDir);
  const botStartMs = bot.startMs;
  const botResult = await load(bot, connector.url, BOT_TURNS - 500, CONCURRENCY, 'bot', 500);
  if (SNAPSHOT_DIR) {
    const { file } = await bot.request<{ file: string }>('heapsnapshot', { file: path.resolve(SNAPSHOT_DIR, `bot-${Date.now()}.heapsnapshot`) });
    console.log(`heap snapshot: ${file}`);
  }
  await bot.stop();

  const e = figures(echoResult);
  const b = figures(botResult);
  console.log('Turns over HTTP (server CPU per turn; the load generator and connector run in this process)');
  console.log(row([pad('', 34), 'turns/s', 'p50', 'p99', 'CPU per turn']));
  console.log(row([pad('echo bot (the stack\'s ceiling)', 34), e.rate.toFixed(0), ms(e.p50), ms(e.p99), ms(e.cpu)]));
  console.log(row([pad('this bot, real interview turns', 34), b.rate.toFixed(0), ms(b.p50), ms(b.p99), ms(b.cpu)]));
  console.log(`ratio bot/echo: throughput ${(b.rate / e.rate).toFixed(2)} (target 0.5, goal 0.7); CPU per turn ${(b.cpu / e.cpu).toFixed(1)}x`);
  console.log(`bot storage writes per turn: ${(botResult.writes.calls / botResult.turns).toFixed(2)} calls, ${(botResult.writes.items / botResult.turns).toFixed(2)} items\n`);

  const heap = (m: NodeJS.MemoryUsage) => `heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)}`;
  console.log(`Memory after ${BOT_TURNS} bot turns: RSS ${mb(botResult.memory.rss)} (${heap(botResult.memory)}); after a full GC RSS ${mb(botResult.memoryAfterGc.rss)} (${heap(botResult.memoryAfterGc)}); echo bot after ${ECHO_TURNS + 500}: RSS ${mb(echoResult.memory.rss)} (${heap(echoResult.memory)}) (target under 250 MB)\n`);

  // 2. Stored data.
  const emptyDir = path.join(work, 'empty');
  const empty = await startServer('bot', emptyDir);
  const emptyStart = empty.startMs;
  const emptyResult = await load(empty, connector.url, STORED_TURNS, CONCURRENCY, 'empty', 200);
  await empty.stop();
  if (STORED > 0) {
    const storedDir = path.join(work, 'stored');
    const seedStarted = performance.now();
    seedStore(storedDir, STORED);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const stored = await startServer('bot', storedDir);
    const storedResult = await load(stored, connector.url, STORED_TURNS, CONCURRENCY, 'stored', 200);
    await stored.stop();
    const p99Empty = percentile(emptyResult.latencies, 99);
    const p99Stored = percentile(storedResult.latencies, 99);
    console.log(`Stored data (${STORED_TURNS} turns each; ${STORED} conversations seeded in ${seedSeconds.toFixed(0)} s)`);
    console.log(row([pad('', 34), 'p50', 'p99', 'start-up']));
    console.log(row([pad('0 stored conversations', 34), ms(percentile(emptyResult.latencies, 50)), ms(p99Empty), ms(emptyStart)]));
    console.log(row([pad(`${STORED} stored conversations`, 34), ms(percentile(storedResult.latencies, 50)), ms(p99Stored), ms(stored.startMs)]));
    console.log(`p99 stored/empty: ${(p99Stored / p99Empty).toFixed(2)}x; start-up is process start to listening (module loading included), first retention pass running\n`);
  }
  console.log(`Start-up (process start to listening): echo ${ms(echo.startMs)}, bot ${ms(botStartMs)}\n`);

  // 4. Messages.
  console.log('Largest message of each kind, 50 environments with every solution (UTF-16 bytes, budget 80 KB = 81,920)');
  for (const m of largestMessages()) {
    console.log(`  ${pad(m.kind, 62)} ${String(m.bytes).padStart(8)}  ${m.bytes <= 80 * 1024 ? 'within' : 'OVER'}${m.note ? `  (${m.note})` : ''}`);
  }
  console.log(`  largest request the connector received during the runs: ${connector.largest()} bytes (UTF-8)`);
} finally {
  connector.server.closeAllConnections();
  connector.server.close();
  rmSync(work, { recursive: true, force: true });
}
