/**
 * A real Azurite blob service for tests and benchmarks: started on 127.0.0.1 on a free port, in memory, and
 * stopped by its own process id afterwards. If it cannot start, startAzurite rejects (tests fail, never skip).
 *
 * --skipApiVersionCheck: azurite 3.35.0 (the newest that supports Node 20) does not know the API version that
 * @azure/storage-blob 12.32 sends and would answer every call with 400 InvalidHeaderValue.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const START_ATTEMPTS = 3;

export interface Azurite {
  readonly port: number;
  readonly blobEndpoint: string;
  readonly connectionString: string;
  /** A container name no earlier run used (Azure rules: lowercase letters, digits, single hyphens, 3 to 63). */
  containerName(label?: string): string;
  /** Deletes a container if it exists (test clean-up). */
  deleteContainer(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function azuriteConnectionString(port: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`;
}

function azuriteBlobMain(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * True once the port answers HTTP as Azurite's blob service. Checking the Server header rather than a bare TCP
 * connect means another process that grabbed the port between picking and binding is not mistaken for Azurite.
 */
async function azuriteAnswers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/${AZURITE_ACCOUNT}?comp=list`, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return (response.headers.get('server') ?? '').startsWith('Azurite-Blob');
  } catch {
    return false;
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class AzuriteTimeout extends Error {}

async function startOnce(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      azuriteBlobMain(),
      '--blobHost', '127.0.0.1',
      '--blobPort', String(port),
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
    ],
    // Azurite may write a debug or metadata file into its working directory; keep that out of the project.
    // NODE_OPTIONS from a test run (e.g. --import tsx) would break Azurite's own start-up.
    { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  // mocha --exit (or a hook timeout followed by exit) must not leave an orphaned Azurite behind.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  child.once('error', (error) => (exited = `could not be started (${error.message})`));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Azurite ${exited} on port ${port}: ${output.trim()}`);
    if (await azuriteAnswers(port)) return child;
    await delay(50);
  }
  await killChild(child);
  throw new AzuriteTimeout(`Azurite did not answer on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s: ${output.trim()}`);
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts Azurite on a free port, retrying with another port when it exits early (the port was taken between picking
 * and binding). A start that hangs is not retried, so a broken install fails within one timeout.
 */
export async function startAzurite(): Promise<Azurite> {
  const failures: string[] = [];
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freePort();
    let child: ChildProcess;
    try {
      child = await startOnce(port);
    } catch (error) {
      if (error instanceof AzuriteTimeout) throw error;
      failures.push((error as Error).message);
      continue;
    }
    const connectionString = azuriteConnectionString(port);
    const service = BlobServiceClient.fromConnectionString(connectionString, { retryOptions: { maxTries: 1 } });
    const run = randomBytes(3).toString('hex');
    let counter = 0;
    return {
      port,
      blobEndpoint: `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`,
      connectionString,
      containerName(label = 'test') {
        const clean = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30) || 'test';
        return `${clean}-${run}-${Date.now().toString(36)}-${counter++}`;
      },
      async deleteContainer(name) {
        await service.getContainerClient(name).deleteIfExists();
      },
      stop: () => killChild(child),
    };
  }
  throw new Error(`Azurite failed to start after ${START_ATTEMPTS} attempts:\n${failures.join('\n')}`);
}
