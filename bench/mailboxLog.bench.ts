/**
 * npm run bench:mailbox — time to read back a validation-script log of 5,000 mailboxes (about 25,000 lines), in
 * UTF-8 and in UTF-16 LE (what Windows PowerShell 5.1 writes), plus grouping by cause and the blocked-mailbox CSV.
 * Target: well under one second. Prints figures only; nothing here asserts a wall-clock limit.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { blockedMailboxesCsv, groupByCause, readValidationLog } from '../src/domain/mailbox/index.js';
import { generatedTranscript, utf16le, utf8 } from '../test/domain/mailbox/transcript.js';
import { median, percentile } from './support.js';

const MAILBOXES = 5_000;
const RUNS = 21;
const TARGET_MS = 1000;

const text = generatedTranscript(MAILBOXES, 10);
const inputs: Array<[string, Uint8Array]> = [['utf-8', utf8(text)], ['utf-16le', utf16le(text)]];

console.log(`validation log: ${MAILBOXES.toLocaleString('en')} mailboxes, ${text.split('\r\n').length.toLocaleString('en')} lines; `
  + `${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}; node ${process.version}`);
for (const [name, bytes] of inputs) {
  readValidationLog(bytes); // warm-up: the figures are the steady state, not the JIT's first pass
  const times: number[] = [];
  let heapGrowth = 0;
  for (let run = 0; run < RUNS; run++) {
    const before = process.memoryUsage().heapUsed;
    const start = performance.now();
    const reading = readValidationLog(bytes);
    if (!reading.ok) throw new Error(reading.reason);
    groupByCause(reading.report);
    blockedMailboxesCsv(reading.report);
    times.push(performance.now() - start);
    heapGrowth = Math.max(heapGrowth, process.memoryUsage().heapUsed - before);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  console.log(`${name.padEnd(9)} ${(bytes.length / 1024 / 1024).toFixed(2)} MB: median ${median(times).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, `
    + `peak heap growth ${(heapGrowth / 1024 / 1024).toFixed(1)} MB; target < ${TARGET_MS} ms: ${p95 < TARGET_MS ? 'met' : 'NOT met'}`);
}
