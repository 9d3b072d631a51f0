/**
 * npx tsx bench/transcripts.bench.ts
 *
 * Per-write latency of LowdbTranscriptStore.logActivity in one conversation-day as that day grows. The point to
 * prove: logging an activity costs the same whether the day already holds 10 or 10,000 activities, because a write
 * appends one line instead of rewriting the day.
 *
 * One conversation, one UTC day, activities of about 600 bytes (a message with a small card attachment), logged one
 * at a time as a turn would. At each checkpoint the figure is the median and p95 of the WINDOW writes that end
 * there (e.g. writes 991..1,000). The store's write includes its fsync, so the disk sets the floor.
 *
 * Environment: BENCH_CHECKPOINTS (comma-separated, default 10,1000,10000), BENCH_WINDOW (default 10), BENCH_DIR
 * (default: the OS temp dir; put it on the disk you deploy to). Figures are printed, never asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Activity } from 'botbuilder';
import { LowdbTranscriptStore } from '../src/storage/lowdbTranscriptStore.js';
import { percentile } from './support.js';

const CHECKPOINTS = (process.env.BENCH_CHECKPOINTS ?? '10,1000,10000')
  .split(',')
  .map((s) => Number(s.trim()))
  .sort((a, b) => a - b);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 10);
const BASE_DIR = process.env.BENCH_DIR ?? tmpdir();
const DAY_START = Date.UTC(2025, 5, 15, 0, 0, 0);

function activityAt(index: number): Partial<Activity> {
  return {
    type: 'message',
    id: `1:${index}`,
    channelId: 'msteams',
    conversation: { id: '19:bench@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' },
    from: { id: `29:user-${index % 7}`, name: `User ${index % 7}` },
    recipient: { id: '28:bot', name: 'Migration Readiness Bot' },
    // Two activities a second keeps 10,000 of them inside one UTC day.
    timestamp: new Date(DAY_START + index * 500),
    text: `status update ${index}: mailbox wave ${index % 12} is ready for cut-over`,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `Wave ${index % 12}`, wrap: true }] },
      },
    ],
  };
}


async function main(): Promise<void> {
  const directory = await mkdtemp(path.join(BASE_DIR, 'mrb-transcripts-bench-'));
  const store = new LowdbTranscriptStore({ directory });
  const last = CHECKPOINTS[CHECKPOINTS.length - 1]!;
  const rows: string[] = [];
  const window: number[] = [];
  const started = performance.now();
  try {
    for (let count = 1; count <= last; count++) {
      const t0 = performance.now();
      await store.logActivity(activityAt(count));
      const elapsed = performance.now() - t0;
      window.push(elapsed);
      if (window.length > WINDOW) window.shift();
      if (CHECKPOINTS.includes(count)) {
        const sorted = [...window].sort((a, b) => a - b);
        rows.push(
          `${String(count).padStart(7)} activities  median ${percentile(sorted, 50).toFixed(2).padStart(8)} ms  ` +
            `p95 ${percentile(sorted, 95).toFixed(2).padStart(8)} ms  (last ${sorted.length} writes)`,
        );
        console.log(rows[rows.length - 1]);
      }
    }
    const total = (performance.now() - started) / 1000;
    console.log(`logged ${last} activities in one conversation-day in ${total.toFixed(1)} s`);
  } finally {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  }
}

await main();
