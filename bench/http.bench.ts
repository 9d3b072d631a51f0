/**
 * `npm run bench:http`: the real app (restify + CloudAdapter + lowdb on disk) answering Teams-shaped messages from
 * many conversations at once, replies delivered to a local fake connector. Prints throughput, latency percentiles
 * and the process's memory before and after. Figures only; nothing is asserted.
 *
 * BENCH_STORAGE=blob runs the same app in blob mode against a local Azurite (in memory): conversation state in
 * blobs with eTag-checked saves, and every message turn holding its conversation's blob lease (the end-to-end turn
 * with the lease; `npm run bench:lease` measures the lease calls alone).
 */
import { FakeConnector } from '../test/support/fakeConnector.js';
import { message } from '../test/support/activities.js';
import { startApp, removeDir, tempDataDir } from '../test/support/appHarness.js';
import { startAzurite, type Azurite } from '../test/support/azurite.js';
import { percentile } from './support.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 500);

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

const connector = new FakeConnector();
await connector.start();
const dataDir = tempDataDir();
const blob = process.env.BENCH_STORAGE === 'blob';
let azurite: Azurite | undefined;
let container = '';
if (blob) {
  azurite = await startAzurite();
  container = azurite.containerName('benchhttp');
}
const h = await startApp(blob
  ? { LOG_LEVEL: 'error', STORAGE_KIND: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite!.connectionString, AZURE_STORAGE_CONTAINER: container }
  : { LOG_LEVEL: 'error' }, dataDir);
const texts = ['help', 'my assessments', 'hello', 'what is this'];

async function one(i: number): Promise<number> {
  const activity = message({ serviceUrl: connector.url, text: texts[i % texts.length]!, conversationId: `a:bench-${i % CONVERSATIONS}`, userId: `29:bench-${i % CONVERSATIONS}` });
  const t0 = performance.now();
  const res = await h.post(activity);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  return performance.now() - t0;
}

// Warm-up: JIT, template cache, first partition files.
for (let i = 0; i < 200; i++) await one(i);
global.gc?.();
const before = process.memoryUsage();

const latencies: number[] = [];
let next = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < TOTAL) latencies.push(await one(next++));
}));
const seconds = (performance.now() - t0) / 1000;
const after = process.memoryUsage();
latencies.sort((a, b) => a - b);

console.log(`HTTP turns (${blob ? 'blob mode on Azurite, turn leases' : 'lowdb'}): ${TOTAL} messages over ${CONVERSATIONS} conversations, ${CONCURRENCY} at a time (bot, connector and load in one process)`);
console.log(`  throughput      ${(TOTAL / seconds).toFixed(0)} turns/s`);
console.log(`  latency         p50 ${percentile(latencies, 50).toFixed(1)} ms   p90 ${percentile(latencies, 90).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   max ${latencies.at(-1)!.toFixed(1)} ms`);
console.log(`  memory (RSS)    ${mb(before.rss)} -> ${mb(after.rss)}   heap used ${mb(before.heapUsed)} -> ${mb(after.heapUsed)}`);
console.log(`  replies seen    ${connector.activities().length}`);

await h.stop();
await connector.stop();
removeDir(dataDir);
if (azurite) {
  await azurite.deleteContainer(container).catch(() => undefined);
  await azurite.stop();
}
