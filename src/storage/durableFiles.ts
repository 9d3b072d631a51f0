/**
 * Writes that survive a power loss, and reads that survive the files a power loss leaves behind.
 *
 * steno (lowdb's writer) writes a temp file and renames it over the target, but never fsyncs: after a power loss
 * the rename can be on disk while the temp file's data is not, leaving an empty or truncated target. Here the temp
 * file is fsynced before the rename, and the directory after it (POSIX needs that for the rename itself to be
 * durable; Windows cannot open a directory for sync, so that step is skipped there). Appends are fsynced too.
 *
 * A file that no longer parses is moved aside as `<name>.corrupt-<epoch ms>` (kept for whoever wants to look, never
 * read again), reported once through `onCorrupt` without any of its content, and the caller starts empty: one
 * damaged conversation must not make every later turn of it, and even onTurnError's state reset, fail.
 */
import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/** Suffix of a file moved aside because it did not parse. */
export const CORRUPT_FILE_MARKER = '.corrupt-';

export interface CorruptFileEvent {
  /** The file that did not parse. */
  readonly file: string;
  /** Where it was moved. */
  readonly movedTo: string;
}

export type CorruptFileHandler = (event: CorruptFileEvent) => void;

/** Replaces `file` with `text`: temp file, fsync, rename, fsync of the directory. */
export async function writeFileDurably(file: string, text: string): Promise<void> {
  const directory = path.dirname(file);
  // Same naming as steno's temp files, which directory scans already skip.
  const temp = path.join(directory, `.${path.basename(file)}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await syncDirectory(directory);
}

/** Appends `text` to `file` (created if missing) and fsyncs it before resolving. */
export async function appendFileDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'a');
  try {
    await handle.appendFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or a new file in `directory` durable where the platform allows it. */
export async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
  } catch (error) {
    if (isUnsupportedDirectorySync(error)) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isUnsupportedDirectorySync(error)) throw error;
  } finally {
    await handle.close();
  }
}

/** Moves a file that did not parse out of the way and reports it; resolves to the new name. */
export async function quarantineCorruptFile(file: string, onCorrupt?: CorruptFileHandler): Promise<string> {
  const movedTo = `${file}${CORRUPT_FILE_MARKER}${Date.now()}`;
  await rename(file, movedTo);
  onCorrupt?.({ file, movedTo });
  return movedTo;
}

/** Reads a file as text; undefined when it does not exist. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * lowdb adapter with the durable write above. A file that does not parse (empty or torn by a crash) is moved aside
 * and read as missing, so lowdb falls back to the default data.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly onCorrupt?: CorruptFileHandler,
  ) {}

  async read(): Promise<T | null> {
    const text = await readTextIfExists(this.file);
    if (text === undefined) return null;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      await quarantineCorruptFile(this.file, this.onCorrupt);
      return null;
    }
  }

  write(data: T): Promise<void> {
    return writeFileDurably(this.file, JSON.stringify(data, null, 2));
  }
}

function isUnsupportedDirectorySync(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // Windows: EISDIR/EPERM/EACCES opening a directory; some file systems: EINVAL or ENOTSUP on fsync of one.
  return code === 'EISDIR' || code === 'EPERM' || code === 'EACCES' || code === 'EINVAL' || code === 'ENOTSUP' || code === 'EBADF';
}
