/**
 * Where partitions live on disk. A partition's file name is a SHA-256 of its name, never the raw key text: keys
 * hold user-controlled ids (Teams conversation ids carry ':', ';', '@'), and a hash is safe on every file system
 * and has a fixed length. Files sit in 4,096 shard directories (first three hex digits of the hash), so even a
 * million partitions leave a few hundred entries per directory.
 *
 * Every file is a lowdb database over DurableJsonFile (durableFiles.ts): a temp file next to the target, fsynced,
 * then a rename and a directory fsync, so a power loss leaves either the old or the new JSON. A file that still
 * does not parse is moved aside and its partition starts empty. The temp file name is fixed per target, so callers
 * must never run two writes of one file at once; the stores serialise per partition with a KeyedMutex.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile, readTextIfExists, syncDirectory, type CorruptFileHandler } from './durableFiles.js';

/** Hex digits of the hash used to name the shard directory. */
export const SHARD_PREFIX_LENGTH = 3;

/** The hash partition and transcript files are named by: the stores' shared sha256Hex. */
export { sha256Hex as hashName } from './hashing.js';

export function shardDirectory(root: string, hash: string): string {
  return path.join(root, hash.slice(0, SHARD_PREFIX_LENGTH));
}

export interface OpenedFile<T> {
  readonly db: Low<T>;
  /** False when the file did not exist yet; `db.data` then holds the default data. */
  readonly existed: boolean;
}

/**
 * Opens a lowdb file; a missing file yields `defaultData` and `existed: false`. So does a file that does not parse,
 * after it was moved aside and reported to `onCorrupt`.
 */
export async function openLowFile<T extends object>(
  file: string,
  defaultData: T,
  onCorrupt?: CorruptFileHandler,
): Promise<OpenedFile<T>> {
  const db = new Low<T>(new DurableJsonFile<T>(file, onCorrupt), defaultData);
  await db.read();
  return { db, existed: db.data !== defaultData };
}

/**
 * Reads a JSON file without lowdb, for scans that must not churn the cache. Missing file: undefined. A file that
 * does not parse is also undefined: scans run without the partition's lock, so they leave moving it aside to the
 * locked load.
 */
export async function readJsonIfExists(file: string): Promise<unknown> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/**
 * Creates `directory` and any missing parents. A directory created here is a new entry in its parent, which needs
 * the parent fsynced to survive a power loss, just like a renamed file.
 */
export async function ensureDirectory(directory: string): Promise<void> {
  const firstCreated = await mkdir(directory, { recursive: true });
  if (firstCreated === undefined) return;
  for (let created = path.resolve(directory); ; created = path.dirname(created)) {
    await syncDirectory(path.dirname(created));
    if (created === path.resolve(firstCreated)) return;
  }
}

/**
 * Lists the entries (files or directories) under every shard of `root`, skipping steno's temp files
 * (`.name.tmp`) and anything else hidden. Order is not meaningful.
 */
export async function listShardEntries(root: string): Promise<Array<{ name: string; fullPath: string }>> {
  const shards = await readdirIfExists(root);
  const found: Array<{ name: string; fullPath: string }> = [];
  for (const shard of shards) {
    if (shard.startsWith('.') || shard.length !== SHARD_PREFIX_LENGTH) continue;
    const shardPath = path.join(root, shard);
    for (const name of await readdirIfExists(shardPath)) {
      if (!name.startsWith('.')) found.push({ name, fullPath: path.join(shardPath, name) });
    }
  }
  return found;
}

export async function readdirIfExists(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if (isNotFound(error) || isNotDirectory(error)) return [];
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function isNotDirectory(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOTDIR';
}
