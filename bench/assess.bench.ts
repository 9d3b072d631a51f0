/**
 * Time to assess a 50-environment profile (target: under 5 ms). Prints figures; asserts nothing, since wall
 * clock depends on the machine.  npm run bench:assess
 */
import { performance } from 'node:perf_hooks';
import {
  ENVIRONMENT_TYPES, SOLUTION_IDS, assess, renderMarkdown, validateProfile,
} from '../src/domain/assessment/index.js';

const REGIONS = ['NA', 'EUR', 'OCE', 'UK'];

/** A heavy profile: 50 environments of every type, region changes, every solution somewhere, all capacity facts. */
function bigProfile(): unknown {
  return {
    source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'NA', activeLicensedUsers: 5000, customerLockbox: true },
    destination: {
      tenantDomain: 'fabrikam.onmicrosoft.com', region: 'NA', availableLicenses: 3000, paidSubscription: true,
      marketingLicenses: false, availableStorageGb: { database: 500, file: 2000, log: 100 },
    },
    environments: Array.from({ length: 50 }, (_, i) => ({
      name: `Environment ${String(i).padStart(2, '0')}`,
      type: ENVIRONMENT_TYPES[i % ENVIRONMENT_TYPES.length],
      region: REGIONS[i % REGIONS.length],
      storageGb: { database: 10 + i, file: 30 + i, log: 1 },
      mappedUsers: 40 + i,
      solutions: SOLUTION_IDS.filter((_, j) => (i + j) % 3 === 0),
    })),
  };
}

function measure(label: string, runs: number, work: () => unknown): void {
  for (let i = 0; i < 200; i++) work(); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3);
  const mean = (times.reduce((sum, t) => sum + t, 0) / times.length).toFixed(3);
  console.log(`${label.padEnd(44)} median ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${at(1)} ms  mean ${mean} ms  (${runs} runs)`);
}

const input = bigProfile();
const validation = validateProfile(input);
if (!validation.ok) throw new Error('benchmark profile is invalid');
const profile = validation.profile;
const sample = assess(profile);

console.log(`50-environment profile: ${sample.findings.length} findings, verdict ${sample.verdict}; target under 5 ms`);
measure('validate + assess (50 environments)', 2000, () => assess((validateProfile(input) as { profile: typeof profile }).profile));
measure('assess only (50 environments)', 2000, () => assess(profile));
measure('assess + JSON.stringify', 2000, () => JSON.stringify(assess(profile), null, 2));
measure('assess + markdown report', 1000, () => renderMarkdown(assess(profile), profile));
