/**
 * npm run bench:mapping — time to check (and correct) a 100,000-line usermapping.csv. Target: under one second.
 * Prints figures only; nothing here asserts a wall-clock limit.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { checkMappingFile, normaliseMappingFile } from '../src/domain/mapping/index.js';
import { median } from './support.js';

const LINES = 100_000;
const RUNS = 7;
const TARGET_MS = 1000;

/** A realistic file: the documented header, CRLF, a space after some commas, and a mistake every 1,000 lines. */
function makeFile(): Uint8Array {
  const lines = ['Source,Destination'];
  for (let i = 1; i <= LINES; i++) {
    if (i % 1000 === 0) lines.push(`user${i}@contoso.com;user${i}@fabrikam.com`);
    else if (i % 1000 === 500) lines.push(`user${i - 2}@contoso.com,other${i}@fabrikam.com`);
    else if (i % 2 === 0) lines.push(`user${i}@contoso.com, user${i}@fabrikam.com`);
    else lines.push(`first.last${i}@contoso.com,first.last${i}@fabrikam.onmicrosoft.com`);
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}


const bytes = makeFile();
const domains = { sourceDomains: ['contoso.com'], destinationDomains: ['fabrikam.com', 'fabrikam.onmicrosoft.com'] };
// One warm-up run so the figures are the steady state, not the JIT's first pass.
checkMappingFile({ fileName: 'usermapping.csv', bytes, ...domains });

const checkMs: number[] = [];
const checkCpuMs: number[] = [];
const normaliseMs: number[] = [];
let report = checkMappingFile({ fileName: 'usermapping.csv', bytes, ...domains });
for (let run = 0; run < RUNS; run++) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  report = checkMappingFile({ fileName: 'usermapping.csv', bytes, ...domains });
  const t1 = performance.now();
  const used = process.cpuUsage(cpu);
  // CPU time moves far less than wall-clock time when other work shares the machine.
  checkCpuMs.push((used.user + used.system) / 1000);
  normaliseMappingFile(report);
  const t2 = performance.now();
  checkMs.push(t1 - t0);
  normaliseMs.push(t2 - t1);
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
const mb = (bytes.length / 1024 / 1024).toFixed(1);
process.stdout.write([
  `mapping file: ${LINES.toLocaleString('en-US')} lines, ${mb} MB; ${report.problems.length} problems, ${report.mappedUsers.toLocaleString('en-US')} users mapped`,
  `checkMappingFile     median ${fmt(median(checkMs))}  (min ${fmt(Math.min(...checkMs))}, max ${fmt(Math.max(...checkMs))}, ${RUNS} runs)`,
  `checkMappingFile CPU median ${fmt(median(checkCpuMs))}  (process CPU time, includes GC threads)`,
  `normaliseMappingFile median ${fmt(median(normaliseMs))}  (min ${fmt(Math.min(...normaliseMs))}, max ${fmt(Math.max(...normaliseMs))})`,
  `target: check under ${TARGET_MS} ms (median wall-clock) -> ${median(checkMs) < TARGET_MS ? 'met' : 'NOT met'}; machine load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
  '',
].join('\n'));
