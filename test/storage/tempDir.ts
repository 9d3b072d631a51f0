/** Temporary data directories for storage tests, removed afterwards. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function makeTempDir(label = 'storage'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `mrb-${label}-`));
}

export async function removeDir(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true });
}
