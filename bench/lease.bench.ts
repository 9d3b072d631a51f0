/**
 * npx tsx bench/lease.bench.ts
 *
 * What the per-conversation turn lease (src/storage/blob/turnLease.ts) costs a turn, against a real Azurite on
 * 127.0.0.1 (in memory) or your own account when BENCH_AZURE_STORAGE_CONNECTION_STRING is set (a fresh container
 * is created and deleted). Measured, one turn at a time, over ACTIVE conversations x TURNS turns:
 *   - turn without lease   read the conversation state, write it back with its eTag (what a turn costs the store)
 *   - turn with lease      acquire the lease, the same read and write, release
 *   - acquire / release    the lease calls alone (the first turn of a conversation also creates its lease blob)
 * and, with two instances contending for the same conversation, how long the second waits for the first.
 * Figures are printed, never asserted. Environment: BENCH_ACTIVE (default 50), BENCH_TURNS (default 10).
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { BlobContainer, BlobStorage, blobEndpointOf } from '../src/storage/blob/index.js';
import { containerClientFor } from '../src/storage/blob/blobSupport.js';
import { BlobTurnLease } from '../src/storage/blob/turnLease.js';
import { startAzurite, type Azurite } from '../test/support/azurite.js';
import { conversationState, median, percentile } from './support.js';

const ACTIVE = Number(process.env.BENCH_ACTIVE ?? 50);
const TURNS = Number(process.env.BENCH_TURNS ?? 10);
const OWN_ACCOUNT = process.env.BENCH_AZURE_STORAGE_CONNECTION_STRING ?? '';

const conversationKey = (c: number) => `msteams/conversations/a:bench-${c.toString(36).padStart(6, '0')}-personal-chat-id/ConversationState`;

async function timed(into: number[], work: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await work();
  into.push(performance.now() - start);
}

function row(name: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${name.padEnd(24)} ${String(values.length).padStart(6)}  median ${median(sorted).toFixed(2).padStart(7)} ms  p95 ${percentile(sorted, 95).toFixed(2).padStart(7)} ms  p99 ${percentile(sorted, 99).toFixed(2).padStart(7)} ms`;
}

async function main(): Promise<void> {
  let azurite: Azurite | undefined;
  let connectionString = OWN_ACCOUNT;
  if (!connectionString) {
    azurite = await startAzurite();
    connectionString = azurite.connectionString;
  }
  const containerName = `bench-lease-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const client = containerClientFor({ connectionString, containerName });
  const container = new BlobContainer(client);
  const storage = new BlobStorage({ container });
  const lease = new BlobTurnLease({ client, instanceId: 'bench-a', maxWaitMs: 30_000 });
  const other = new BlobTurnLease({ client: containerClientFor({ connectionString, containerName }), instanceId: 'bench-b', maxWaitMs: 30_000 });
  const figures: Record<string, number[]> = { 'turn without lease': [], 'turn with lease': [], 'first acquire': [], acquire: [], release: [], 'contended wait': [] };
  try {
    console.log(
      `Turn lease cost: ${ACTIVE} conversations x ${TURNS} turns, one at a time; Node ${process.version}, ${cpus().length} CPU(s), ` +
        `${azurite ? `Azurite 3.35 in memory on 127.0.0.1:${azurite.port}` : blobEndpointOf(connectionString) ?? 'your account'}`,
    );
    await container.ready();
    for (let c = 0; c < ACTIVE; c++) await storage.write({ [conversationKey(c)]: { ...conversationState(0), eTag: '*' } });
    const turn = async (c: number, n: number) => {
      const key = conversationKey(c);
      const items = await storage.read([key]);
      await storage.write({ [key]: { ...conversationState(n), eTag: items[key]!.eTag } });
    };
    for (let n = 0; n < TURNS; n++) {
      for (let c = 0; c < ACTIVE; c++) {
        await timed(figures['turn without lease']!, () => turn(c, n));
        await timed(figures['turn with lease']!, async () => {
          const start = performance.now();
          const held = await lease.acquire(conversationKey(c));
          figures[n === 0 ? 'first acquire' : 'acquire']!.push(performance.now() - start);
          try {
            await turn(c, n);
          } finally {
            const r = performance.now();
            await held.release();
            figures.release!.push(performance.now() - r);
          }
        });
      }
    }
    // Two instances, one conversation, a 50 ms turn each: how long the second waits.
    for (let i = 0; i < Math.min(20, ACTIVE); i++) {
      const key = conversationKey(i);
      const first = await lease.acquire(key);
      const start = performance.now();
      const waiting = other.acquire(key);
      await new Promise((r) => setTimeout(r, 50));
      await first.release();
      const second = await waiting;
      figures['contended wait']!.push(performance.now() - start - 50);
      await second.release();
    }
    for (const [name, values] of Object.entries(figures)) console.log(row(name, values));
    const withLease = median([...figures['turn with lease']!].sort((a, b) => a - b));
    const without = median([...figures['turn without lease']!].sort((a, b) => a - b));
    console.log(`Lease overhead per turn (median): ${(withLease - without).toFixed(2)} ms (${((withLease / without - 1) * 100).toFixed(0)}%)`);
    console.log('Contended wait: time from the holder\'s release to the waiter holding the lease (polling 25 to 250 ms with jitter).');
  } finally {
    await client.deleteIfExists().catch(() => undefined);
    await azurite?.stop();
  }
}

await main();
