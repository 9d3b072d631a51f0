/**
 * Shared parts of the reliability tests: the round-2 gate, a real bot process (node + tsx on src/index.ts, port 0,
 * hermetic environment), and a scripted interview whose user answers the question card they last saw, as a person
 * in Teams does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { projectRoot } from '../../src/paths.js';
import type { FakeConnector } from '../support/fakeConnector.js';

/**
 * The round-1 gate: every reliability test now runs in `npm test` (round 2 wired the fixes in). Kept for a future
 * test of behaviour not built yet: it runs only with RELIABILITY_PENDING=1.
 */
export const PENDING_ENABLED = process.env.RELIABILITY_PENDING === '1';
export const pendingIt = (title: string, fn: Mocha.Func): Mocha.Test =>
  (PENDING_ENABLED ? it : it.skip)(`${title} [pending fix: RELIABILITY_PENDING=1]`, fn);

export interface BotProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Every setting the bot knows set empty, so neither the shell nor a .env file changes what the test sees. */
export function hermeticEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const known = Object.keys(parseEnv(readFileSync(join(projectRoot, '.env.example'), 'utf8')));
  const blank = Object.fromEntries(known.map((k) => [k, '']));
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...blank, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TYPING_DELAY_MS: '0', REMINDER_CHECK_SECONDS: '0', ...env };
}

export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: projectRoot, env: hermeticEnv({ ...env, LOG_LEVEL: 'info' }), stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.stdout!.on('data', (d) => (out = (out + d).slice(-200_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-200_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    process.removeListener('exit', killOnExit);
    resolve(code);
  }));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/api\/messages"/.exec(out);
    if (m) {
      return {
        child, url: m[1]!, output: () => out, exited,
        kill: async (signal = 'SIGKILL') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`bot did not start (exit ${child.exitCode}):\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One environment's interview, answered by question key (the `q` every question card's buttons carry). Pairs of
 * consecutive questions that take the same text (licences/storage 300, managed/F&O no, storage/users 150) let two
 * answers sent at the same instant be checked without depending on which one runs first.
 */
export const INTERVIEW_ANSWERS: Readonly<Record<string, string>> = {
  'source.tenantDomain|0': 'contoso.onmicrosoft.com',
  'source.tenantId|0': '11111111-2222-3333-4444-555555555555',
  'source.region|0': 'Europe',
  'source.cloud|0': 'commercial',
  'source.activeLicensedUsers|0': '250',
  'source.customerLockbox|0': 'no',
  'destination.tenantDomain|0': 'fabrikam.onmicrosoft.com',
  'destination.tenantId|0': '66666666-7777-8888-9999-000000000000',
  'destination.region|0': 'Europe',
  'destination.cloud|0': 'commercial',
  'destination.paidSubscription|0': 'yes',
  'destination.availableLicenses|0': '300',
  'destination.availableStorageGb|0': '300',
  'env.name|0': 'Contoso Sales',
  'env.type|0': 'production',
  'env.region|0': 'same',
  'env.hasDataverse|0': 'yes',
  'env.managedEnvironment|0': 'no',
  'env.linkedToFinanceAndOperations|0': 'no',
  'env.storageGb|0': '150',
  'env.mappedUsers|0': '150',
  'env.sandboxCopyTested|0': 'yes',
  'env.solutions|0': 'power automate',
  'env.another|0': 'no',
};
export const INTERVIEW_ORDER = Object.keys(INTERVIEW_ANSWERS);

/** The question key of a question card, 'review' for the review card, undefined for anything else. */
export function cardKind(activity: any): string | undefined {
  const content = activity?.attachments?.[0]?.content;
  if (!content) return undefined;
  const json = JSON.stringify(content);
  if (/Review your answers/.test(json)) return 'review';
  const key = /"q":"([^"]+)"/.exec(json)?.[1];
  // The first question has no Back or Skip button, so its card carries no key.
  if (!key && /Which tenant are the environments in now/.test(json)) return 'source.tenantDomain|0';
  return key;
}

/** Cards the connector received in one conversation, in arrival order. */
export function cardsIn(connector: FakeConnector, conversationId: string): Array<{ kind: string; activity: any }> {
  return connector.requests
    .filter((r) => r.method === 'POST' && /\/activities/.test(r.url) && r.body?.type === 'message' && r.body?.conversation?.id === conversationId)
    .map((r) => ({ kind: cardKind(r.body), activity: r.body }))
    .filter((c): c is { kind: string; activity: any } => c.kind !== undefined);
}

/** The review card's content (what a person checks before assessing), for comparing two conversations. */
export function reviewContent(activity: any): string {
  return JSON.stringify(activity.attachments[0].content);
}

export function postActivity(url: string, activity: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), signal });
}
