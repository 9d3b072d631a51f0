/**
 * npx tsx bench/blob.bench.ts
 *
 * Per-operation latency of the blob stores against a real Azurite started on 127.0.0.1 (in memory), or against
 * your own account when BENCH_AZURE_STORAGE_CONNECTION_STRING is set (a fresh container is created and deleted).
 * Operations, one at a time, over ACTIVE conversations x TURNS turns:
 *   - write '*'      a ConversationState of about 1 KB with eTag '*', as BotState saves a turn (one PUT);
 *   - write eTag     a record written with the eTag it was read with (one PUT with If-Match);
 *   - read           one key (one GET);
 *   - transcript     one redacted activity logged (one PUT);
 *   - batch of 3     three records with real eTags in one write (three HEADs, then three PUTs).
 * Figures are printed, never asserted. Environment: BENCH_ACTIVE (default 100), BENCH_TURNS (default 10).
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { BlobContainer, BlobStorage, BlobTranscriptStore, blobEndpointOf } from '../src/storage/blob/index.js';
import { containerClientFor } from '../src/storage/blob/blobSupport.js';
import { startAzurite, type Azurite } from '../test/support/azurite.js';
import { conversationState, percentile } from './support.js';

const ACTIVE = Number(process.env.BENCH_ACTIVE ?? 100);
const TURNS = Number(process.env.BENCH_TURNS ?? 10);
const OWN_ACCOUNT = process.env.BENCH_AZURE_STORAGE_CONNECTION_STRING ?? '';


const conversationKey = (c: number) => `msteams/conversations/a:bench-${c.toString(36).padStart(6, '0')}-personal-chat-id/ConversationState`;
const recordKey = (c: number, n = 0) => `assessments/72f988bf-86f1-41af-91ab-2d7cd011db47/${c.toString(36)}${n}`;


async function timed(into: number[], work: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await work();
  into.push(performance.now() - start);
}

async function main(): Promise<void> {
  let azurite: Azurite | undefined;
  let connectionString = OWN_ACCOUNT;
  if (!connectionString) {
    azurite = await startAzurite();
    connectionString = azurite.connectionString;
  }
  const containerName = `bench-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const container = new BlobContainer(containerClientFor({ connectionString, containerName }));
  const storage = new BlobStorage({ container });
  const transcripts = new BlobTranscriptStore({ container });
  const figures: Record<string, number[]> = { "write '*'": [], 'write eTag': [], read: [], transcript: [], 'batch of 3': [] };
  try {
    console.log(
      `Blob store latency: ${ACTIVE} conversations x ${TURNS} turns, one operation at a time; Node ${process.version}, ` +
        `${cpus().length} CPU(s), ${azurite ? `Azurite 3.35 in memory on 127.0.0.1:${azurite.port}` : blobEndpointOf(connectionString) ?? 'your account'}`,
    );
    await container.ready();
    for (let i = 0; i < 50; i++) await storage.write({ [conversationKey(i % 5)]: { ...conversationState(i), eTag: '*' } });
    for (let c = 0; c < ACTIVE; c++) await storage.write({ [recordKey(c)]: { v: 0 }, [recordKey(c, 1)]: { v: 0 }, [recordKey(c, 2)]: { v: 0 } });

    for (let turn = 0; turn < TURNS; turn++) {
      for (let c = 0; c < ACTIVE; c++) {
        await timed(figures["write '*'"]!, () => storage.write({ [conversationKey(c)]: { ...conversationState(turn), eTag: '*' } }));
        let loaded: Record<string, any> = {};
        await timed(figures.read!, async () => (loaded = await storage.read([recordKey(c)])));
        await timed(figures['write eTag']!, () => storage.write({ [recordKey(c)]: { ...loaded[recordKey(c)], v: turn } }));
        await timed(figures.transcript!, () =>
          transcripts.logActivity({
            type: 'message',
            id: randomUUID(),
            channelId: 'msteams',
            conversation: { id: `a:bench-${c}`, isGroup: false, conversationType: 'personal', name: '' },
            from: { id: '29:bench-user', name: 'Bench' },
            recipient: { id: '28:bot', name: 'Bot' },
            text: `answer ${turn}`,
            timestamp: new Date(),
          }),
        );
        if (turn % 5 === 0) {
          const keys = [recordKey(c), recordKey(c, 1), recordKey(c, 2)];
          const batch = await storage.read(keys);
          await timed(figures['batch of 3']!, () => storage.write(Object.fromEntries(keys.map((k) => [k, { ...batch[k], v: turn }]))));
        }
      }
    }
    console.log(`${'operation'.padEnd(12)} ${'count'.padStart(6)} ${'median ms'.padStart(10)} ${'p99 ms'.padStart(9)} ${'max ms'.padStart(9)}`);
    for (const [name, values] of Object.entries(figures)) {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(
        `${name.padEnd(12)} ${String(sorted.length).padStart(6)} ${percentile(sorted, 50).toFixed(2).padStart(10)} ` +
          `${percentile(sorted, 99).toFixed(2).padStart(9)} ${sorted[sorted.length - 1]!.toFixed(2).padStart(9)}`,
      );
    }
  } finally {
    await storage.close();
    await transcripts.close();
    await BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName).deleteIfExists().catch(() => undefined);
    await azurite?.stop();
  }
}

await main();
