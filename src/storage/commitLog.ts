/**
 * Group commit for a store directory: concurrent writes share one fsync.
 *
 * Every change a store makes to its files (replace a file, append to one, remove a file or directory) is first
 * appended to one journal file, `<directory>/.commit-log`. Changes handed over while the previous group is being
 * synced wait and go out together as the next group: one write and one fdatasync for all of them, however many
 * files they touch. Only then are the files themselves changed (temp file + rename for a replace, so a scan that
 * takes no lock still sees a whole old or a whole new file, but without an fsync each), and only then does the
 * write's promise resolve. So a write is answered only when it is durable: after a power loss it is either on disk
 * already or replayed from the journal when the store next opens.
 *
 * A checkpoint (at most every `checkpointMs`, when the journal passes `maxJournalBytes`, when too many files are
 * dirty, and on close) fsyncs every file and directory changed since the last one, once each however often it
 * changed, and then empties the journal. A file rewritten ten times between checkpoints is fsynced once.
 *
 * Journal format: groups of `G1 <body bytes> <sha256 of body, 16 hex>\n<body>`; a body is records of
 * `<op> <offset> <path bytes> <text bytes>\n<path><text>` with op `w` (replace), `a` (append at offset) or `r`
 * (remove, recursively). Paths are relative to the directory (hash names only, never ids). Replay stops at the
 * first group that is torn or does not match its hash: such a group was never synced, so never acknowledged.
 * Replay is idempotent: a replace rewrites the whole file, an append truncates to its offset first, a remove
 * ignores what is already gone.
 *
 * Callers must not hand over two changes of one file in the same group that depend on each other; the stores
 * guarantee it by holding the partition or conversation lock until a commit resolves.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from './durableFiles.js';
import { ensureDirectory } from './partitionFiles.js';

export const COMMIT_LOG_FILE_NAME = '.commit-log';
export const DEFAULT_CHECKPOINT_MS = 1000;
export const DEFAULT_MAX_JOURNAL_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_DIRTY_PATHS = 2000;
/** fsyncs a checkpoint runs at once (libuv's thread pool has 4 threads by default). */
const CHECKPOINT_PARALLELISM = 4;

export type Change =
  /** Replace `file` whole with `text`. */
  | { readonly op: 'write'; readonly file: string; readonly text: string }
  /** Append `text` to `file`, whose size is `offset` bytes before the append (created when missing). */
  | { readonly op: 'append'; readonly file: string; readonly offset: number; readonly text: string }
  /** Remove a file or a directory tree; nothing when it is already gone. */
  | { readonly op: 'remove'; readonly file: string };

export interface CommitLogOptions {
  checkpointMs?: number;
  maxJournalBytes?: number;
  maxDirtyPaths?: number;
}

export interface CommitLogStats {
  /** Commits handed over. */
  commits: number;
  /** Journal groups written, each with one fdatasync. */
  groups: number;
  /** Checkpoints run. */
  checkpoints: number;
  /** Files and directories fsynced by checkpoints. */
  checkpointSyncs: number;
  /** Records replayed from the journal at open. */
  replayed: number;
}

interface PendingCommit {
  readonly changes: readonly Change[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class CommitLog {
  readonly directory: string;
  readonly stats: CommitLogStats = { commits: 0, groups: 0, checkpoints: 0, checkpointSyncs: 0, replayed: 0 };
  readonly #journalFile: string;
  readonly #checkpointMs: number;
  readonly #maxJournalBytes: number;
  readonly #maxDirtyPaths: number;
  #opening: Promise<void> | undefined;
  #journal: FileHandle | undefined;
  #journalBytes = 0;
  #pending: PendingCommit[] = [];
  #running: Promise<void> | undefined;
  /** Files and directories changed since the last checkpoint (true: a directory). */
  #dirty = new Map<string, boolean>();
  #lastCheckpoint = Date.now();
  #checkpointWanted = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(directory: string, options: CommitLogOptions = {}) {
    this.directory = path.resolve(directory);
    this.#journalFile = path.join(this.directory, COMMIT_LOG_FILE_NAME);
    this.#checkpointMs = options.checkpointMs ?? DEFAULT_CHECKPOINT_MS;
    this.#maxJournalBytes = options.maxJournalBytes ?? DEFAULT_MAX_JOURNAL_BYTES;
    this.#maxDirtyPaths = options.maxDirtyPaths ?? DEFAULT_MAX_DIRTY_PATHS;
  }

  /** Replays what a crash left in the journal (once); every store operation awaits this before touching files. */
  open(): Promise<void> {
    this.#opening ??= this.#replay().catch((error: unknown) => {
      this.#opening = undefined;
      throw error;
    });
    return this.#opening;
  }

  /** Resolves once `changes` are durable (journal synced) and applied to the files, in order. */
  commit(changes: readonly Change[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('CommitLog is closed'));
    if (changes.length === 0) return Promise.resolve();
    try {
      for (const change of changes) this.#relative(change.file);
    } catch (error) {
      return Promise.reject(error);
    }
    this.stats.commits++;
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ changes, resolve, reject });
      this.#kick();
    });
  }

  /** Waits for pending commits, checkpoints and empties the journal. Later commits are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#checkpointWanted = true;
    if (this.#opening) this.#kick();
    while (this.#running) await this.#running;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#journal?.close();
    this.#journal = undefined;
  }

  #relative(file: string): string {
    return relativePath(this.directory, file);
  }

  #kick(): void {
    if (this.#running) return;
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
      if (this.#pending.length > 0) this.#kick();
    });
  }

  async #loop(): Promise<void> {
    try {
      await this.open();
    } catch (error) {
      for (const commit of this.#pending.splice(0)) commit.reject(error);
      return;
    }
    while (this.#pending.length > 0 || this.#checkpointWanted) {
      if (this.#pending.length > 0) await this.#group(this.#pending.splice(0));
      if (this.#checkpointWanted || this.#checkpointDue()) {
        this.#checkpointWanted = false;
        try {
          await this.#checkpoint();
        } catch {
          // The journal stays as it is, so nothing acknowledged is lost; the next checkpoint tries again.
        }
      }
    }
    if (this.#dirty.size > 0 && !this.#timer && !this.#closed) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#checkpointWanted = true;
        this.#kick();
      }, this.#checkpointMs);
      this.#timer.unref();
    }
  }

  #checkpointDue(): boolean {
    return (
      this.#journalBytes >= this.#maxJournalBytes ||
      this.#dirty.size >= this.#maxDirtyPaths ||
      (this.#dirty.size > 0 && Date.now() - this.#lastCheckpoint >= this.#checkpointMs)
    );
  }

  /** One group: journal write + one fdatasync, then the files, then the answers. */
  async #group(commits: PendingCommit[]): Promise<void> {
    const group = encodeGroup(this.directory, commits.flatMap((commit) => commit.changes));
    const journal = this.#journal!;
    try {
      await journal.write(group);
      await journal.datasync();
      this.#journalBytes += group.length;
      this.stats.groups++;
    } catch (error) {
      // Leave no half group in front of the next one; if even that fails, refuse further work.
      try {
        await journal.truncate(this.#journalBytes);
      } catch {
        this.#closed = true;
      }
      for (const commit of commits) commit.reject(error);
      return;
    }
    await Promise.all(
      commits.map(async (commit) => {
        try {
          for (const change of commit.changes) await this.#apply(change, false);
          commit.resolve();
        } catch (error) {
          // The files did not change (or not all of them); the caller treats the write as failed and reloads.
          commit.reject(error);
        }
      }),
    );
  }

  async #apply(change: Change, replaying: boolean): Promise<void> {
    const file = path.resolve(change.file);
    const directory = path.dirname(file);
    if (change.op === 'remove') {
      await rm(file, { recursive: true, force: true });
      this.#dirty.delete(file);
      this.#markDirty(directory, true);
      return;
    }
    await this.#ensureDirectory(directory);
    if (change.op === 'write') {
      const temp = path.join(directory, `.${path.basename(file)}.tmp`);
      await writeFile(temp, change.text, 'utf8');
      await rename(temp, file);
      this.#markDirty(file, false);
      this.#markDirty(directory, true);
      return;
    }
    if (!replaying) {
      const handle = await open(file, 'a');
      try {
        await handle.write(change.text, null, 'utf8');
      } finally {
        await handle.close();
      }
    } else {
      const handle = await open(file, 'a+').then(async (created) => {
        await created.close();
        return open(file, 'r+');
      });
      try {
        await handle.truncate(change.offset);
        await handle.write(change.text, change.offset, 'utf8');
      } finally {
        await handle.close();
      }
    }
    this.#markDirty(file, false);
    if (change.offset === 0) this.#markDirty(directory, true);
  }

  async #ensureDirectory(directory: string): Promise<void> {
    const created = await mkdir(directory, { recursive: true });
    if (created === undefined) return;
    // Each created directory is a new entry in its parent.
    for (let dir = directory; ; dir = path.dirname(dir)) {
      this.#markDirty(path.dirname(dir), true);
      if (dir === path.resolve(created) || dir === this.directory) return;
    }
  }

  #markDirty(file: string, isDirectory: boolean): void {
    this.#dirty.set(file, isDirectory);
  }

  /** fsyncs everything changed since the last checkpoint, then empties the journal. */
  async #checkpoint(): Promise<void> {
    const dirty = [...this.#dirty];
    this.#dirty = new Map();
    try {
      // Files first, then directories: a rename is only worth keeping once the file it names is on disk.
      await runLimited(
        dirty.filter(([, isDirectory]) => !isDirectory).map(([file]) => () => syncFile(file)),
        CHECKPOINT_PARALLELISM,
      );
      await runLimited(
        dirty.filter(([, isDirectory]) => isDirectory).map(([directory]) => () => syncDirectory(directory).catch(ignoreMissing)),
        CHECKPOINT_PARALLELISM,
      );
      this.stats.checkpointSyncs += dirty.length;
      if (this.#journalBytes > 0 && this.#journal) {
        await this.#journal.truncate(0);
        await this.#journal.sync();
        this.#journalBytes = 0;
      }
      this.stats.checkpoints++;
      this.#lastCheckpoint = Date.now();
    } catch (error) {
      for (const [file, isDirectory] of dirty) if (!this.#dirty.has(file)) this.#dirty.set(file, isDirectory);
      throw error;
    }
  }

  async #replay(): Promise<void> {
    await ensureDirectory(this.directory);
    let content: Buffer | undefined;
    try {
      content = await readFile(this.#journalFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (content && content.length > 0) {
      for (const change of decode(content, this.directory)) {
        try {
          await this.#apply(change, true);
          this.stats.replayed++;
        } catch {
          // A change that cannot be applied failed when it was first made too (its write was rejected).
        }
      }
    }
    this.#journal = await open(this.#journalFile, 'a');
    if (content === undefined) await syncDirectory(this.directory);
    if (content && content.length > 0) {
      // Make what was replayed durable and start an empty journal.
      await this.#checkpoint();
      this.#journalBytes = 0;
      await this.#journal.truncate(0);
      await this.#journal.sync();
    }
  }
}

/** One journal group holding `changes` (paths inside `directory`). Exported for crash tests. */
export function encodeGroup(directory: string, changes: readonly Change[]): Buffer {
  const body = Buffer.concat(changes.map((change) => encode(relativePath(directory, change.file), change)));
  return Buffer.concat([Buffer.from(`G1 ${body.length} ${digest(body)}\n`), body]);
}

function relativePath(directory: string, file: string): string {
  const relative = path.relative(directory, path.resolve(file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error('CommitLog: a change outside the store directory');
  }
  return relative.split(path.sep).join('/');
}

function encode(relative: string, change: Change): Buffer {
  const op = change.op === 'write' ? 'w' : change.op === 'append' ? 'a' : 'r';
  const offset = change.op === 'append' ? change.offset : 0;
  const text = change.op === 'remove' ? '' : change.text;
  const pathBytes = Buffer.byteLength(relative);
  const textBytes = Buffer.byteLength(text);
  return Buffer.from(`${op} ${offset} ${pathBytes} ${textBytes}\n${relative}${text}`, 'utf8');
}

/** The changes of every whole, matching group, in order; stops at the first torn or mismatching one. */
export function decode(content: Buffer, directory: string): Change[] {
  const changes: Change[] = [];
  let at = 0;
  while (at < content.length) {
    const newline = content.indexOf(0x0a, at);
    if (newline < 0) break;
    const match = /^G1 (\d+) ([0-9a-f]{16})$/.exec(content.subarray(at, newline).toString('latin1'));
    if (!match) break;
    const length = Number(match[1]);
    const body = content.subarray(newline + 1, newline + 1 + length);
    if (body.length !== length || digest(body) !== match[2]) break;
    let position = 0;
    const groupChanges: Change[] = [];
    let valid = true;
    while (position < body.length) {
      const end = body.indexOf(0x0a, position);
      const fields = end < 0 ? undefined : /^([war]) (\d+) (\d+) (\d+)$/.exec(body.subarray(position, end).toString('latin1'));
      if (!fields) {
        valid = false;
        break;
      }
      const pathBytes = Number(fields[3]);
      const textBytes = Number(fields[4]);
      const relative = body.subarray(end! + 1, end! + 1 + pathBytes).toString('utf8');
      const text = body.subarray(end! + 1 + pathBytes, end! + 1 + pathBytes + textBytes).toString('utf8');
      position = end! + 1 + pathBytes + textBytes;
      const file = path.join(directory, ...relative.split('/'));
      if (relative.split('/').includes('..')) {
        valid = false;
        break;
      }
      if (fields[1] === 'w') groupChanges.push({ op: 'write', file, text });
      else if (fields[1] === 'a') groupChanges.push({ op: 'append', file, offset: Number(fields[2]), text });
      else groupChanges.push({ op: 'remove', file });
    }
    if (!valid) break;
    changes.push(...groupChanges);
    at = newline + 1 + length;
  }
  return changes;
}

function digest(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

async function syncFile(file: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    // Removed or replaced by a directory since: a later change (or checkpoint) covers it.
    if (ignorable(error)) return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function ignorable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}

function ignoreMissing(error: unknown): void {
  if (!ignorable(error)) throw error;
}

async function runLimited(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++]!;
        try {
          await task();
        } catch (error) {
          errors.push(error);
        }
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
}
