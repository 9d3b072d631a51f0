/**
 * npm run bench:storage
 *
 * Per-write latency of LowdbStorage for an empty store and for stores already holding 1,000, 10,000 and
 * 100,000 conversations (each with its user's state, so twice as many partition files). The point to prove: a
 * write costs the same however much is stored, because it rewrites only its own partition file.
 *
 * Every store runs the same turn-like workload: ACTIVE conversations take TURNS turns each, round-robin, one
 * write at a time; a turn writes that conversation's ConversationState (about 1 KB, eTag '*', as BotState
 * does). The first turn of each conversation creates its file, the rest replace it. The stores are measured in
 * interleaved rounds so machine noise falls on all sizes alike. Big stores are seeded by writing partition
 * files directly in the store's real format, which takes seconds rather than minutes.
 *
 * Environment: BENCH_SIZES (comma-separated, default 0,1000,10000,100000), BENCH_DIR (default: the OS temp dir;
 * put it on the disk you deploy to), BENCH_ACTIVE, BENCH_TURNS. Figures are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import {
  LowdbStorage,
  partitionOfKey,
  STATE_FILE_FORMAT_VERSION,
  type StatePartitionFile,
} from '../src/storage/lowdbStorage.js';
import { hashName, shardDirectory } from '../src/storage/partitionFiles.js';
import { conversationState, percentile } from './support.js';

const SIZES = (process.env.BENCH_SIZES ?? '0,1000,10000,100000').split(',').map((s) => Number(s.trim()));
const ACTIVE = Number(process.env.BENCH_ACTIVE ?? 300);
const TURNS = Number(process.env.BENCH_TURNS ?? 10);
const BASE_DIR = process.env.BENCH_DIR ?? tmpdir();
const TARGET_RATIO = 1.5;


function conversationKey(index: number, prefix: string): string {
  return `msteams/conversations/a:${prefix}${index.toString(36).padStart(6, '0')}-personal-chat-id/ConversationState`;
}

function userKey(index: number): string {
  return `msteams/users/29:seeded-user-${index.toString(36).padStart(6, '0')}/UserState`;
}

/** Writes N conversations (and their users) straight to disk in the partition format LowdbStorage reads. */
function seed(directory: string, count: number): void {
  const made = new Set<string>();
  const put = (key: string, value: Record<string, unknown>) => {
    const partition = partitionOfKey(key);
    const hash = hashName(partition);
    const shard = shardDirectory(directory, hash);
    if (!made.has(shard)) {
      mkdirSync(shard, { recursive: true });
      made.add(shard);
    }
    const file: StatePartitionFile = {
      version: STATE_FILE_FORMAT_VERSION,
      partition,
      items: [{ key, eTag: randomUUID(), value }],
    };
    // Same serialisation as lowdb's JSONFile.
    writeFileSync(path.join(shard, `${hash}.json`), JSON.stringify(file, null, 2));
  };
  for (let i = 0; i < count; i++) {
    put(conversationKey(i, 'seeded-'), conversationState(i));
    put(userKey(i), { preferences: { language: 'en' }, welcomedAt: '2025-01-01T00:00:00.000Z' });
  }
}

/**
 * Seeding leaves hundreds of megabytes of dirty pages; let the kernel write them out before measuring so the
 * big stores are not charged for their own seeding. `sync` exists on Linux and macOS; elsewhere this is skipped.
 */
function settleDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // No sync command: figures for big stores may carry some seeding write-back.
  }
}


interface Store {
  size: number;
  directory: string;
  storage: LowdbStorage;
  seedSeconds: number;
  latencies: number[];
}

async function openSeeded(size: number): Promise<Store> {
  const directory = await mkdtemp(path.join(BASE_DIR, 'mrb-bench-storage-'));
  const seedStart = performance.now();
  seed(directory, size);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  return { size, directory, storage: new LowdbStorage({ directory }), seedSeconds, latencies: [] };
}

async function turn(store: Store, conversation: number, turnIndex: number, record: boolean): Promise<void> {
  const change = { [conversationKey(conversation, 'active-')]: { ...conversationState(turnIndex), eTag: '*' } };
  const start = performance.now();
  await store.storage.write(change);
  if (record) store.latencies.push(performance.now() - start);
}

/**
 * All stores are measured in interleaved rounds (each round visits every store, starting with a different one),
 * so a noisy neighbour or a burst of disk write-back hits every size alike instead of whichever ran at the time.
 */
async function measureAll(stores: Store[]): Promise<void> {
  for (const store of stores) {
    for (let i = 0; i < 200; i++) {
      await store.storage.write({ [conversationKey(i % 20, 'warmup-')]: conversationState(i) });
    }
  }
  for (let round = 0; round < TURNS; round++) {
    for (let offset = 0; offset < stores.length; offset++) {
      const store = stores[(round + offset) % stores.length]!;
      for (let c = 0; c < ACTIVE; c++) await turn(store, c, round, true);
    }
  }
}

function pad(text: string, width: number): string {
  return text.padStart(width);
}

async function main(): Promise<void> {
  console.log(
    `LowdbStorage write latency: ${ACTIVE} conversations x ${TURNS} turns = ${ACTIVE * TURNS} writes per store, ` +
      `one at a time; Node ${process.version}, ${cpus().length} CPU(s), files under ${BASE_DIR}`,
  );
  console.log(
    `${pad('stored conversations', 21)} ${pad('median ms', 10)} ${pad('p99 ms', 9)} ${pad('median ratio', 13)} ${pad('p99 ratio', 10)} ${pad('seeded in', 10)}`,
  );
  const stores: Store[] = [];
  try {
    for (const size of SIZES) stores.push(await openSeeded(size));
    settleDisk();
    await measureAll(stores);
    const rows = stores.map((store) => {
      const sorted = [...store.latencies].sort((a, b) => a - b);
      return { size: store.size, median: percentile(sorted, 50), p99: percentile(sorted, 99), seedSeconds: store.seedSeconds };
    });
    const base = rows[0]!;
    for (const row of rows) {
      console.log(
        `${pad(row.size.toLocaleString('en-US'), 21)} ${pad(row.median.toFixed(3), 10)} ${pad(row.p99.toFixed(3), 9)} ` +
          `${pad(`${(row.median / base.median).toFixed(2)}x`, 13)} ${pad(`${(row.p99 / base.p99).toFixed(2)}x`, 10)} ` +
          `${pad(`${row.seedSeconds.toFixed(1)} s`, 10)}`,
      );
    }
    report(rows);
  } finally {
    for (const store of stores) {
      await store.storage.close();
      await rm(store.directory, { recursive: true, force: true });
    }
  }
}

function report(rows: Array<{ size: number; median: number; p99: number }>): void {
  const base = rows[0]!;
  const largest = rows[rows.length - 1]!;
  if (rows.length > 1) {
    const ratio = largest.median / base.median;
    console.log(
      `Median write at ${largest.size.toLocaleString('en-US')} conversations is ${ratio.toFixed(2)}x the ` +
        `${base.size.toLocaleString('en-US')}-conversation store (target: within ${TARGET_RATIO}x): ` +
        `${ratio <= TARGET_RATIO ? 'within target' : 'OVER target'}.`,
    );
  }
}

await main();
