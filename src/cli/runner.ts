/**
 * What the one-shot command lines share: the result shape, reading standard input, and running as the entry
 * point (print the result, set the exit code; an unexpected failure prints an id to quote, never a stack).
 */
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function readStdinBytes(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

export async function readStdinText(): Promise<string> {
  return Buffer.from(await readStdinBytes()).toString('utf8');
}

/** Whether the module at `moduleUrl` (its import.meta.url) is the script node was started with. */
export function isEntryPoint(moduleUrl: string): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Runs `run` when the module is the entry point; `what` names the work in the apology ("the assessment"). */
export function runAsMain(moduleUrl: string, what: string, run: () => Promise<CliResult>): void {
  if (!isEntryPoint(moduleUrl)) return;
  void (async () => {
    let result: CliResult;
    try {
      result = await run();
    } catch {
      // Users get an id to quote, never a stack: there is no log sink in a one-shot command beyond stderr.
      result = { code: 1, stdout: '', stderr: `Sorry, ${what} failed unexpectedly (error ${randomUUID()}).\n` };
    }
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
  })();
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'there is no such file',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** The file's bytes, or the one line that says why it could not be read (never the system's error text). */
export async function readNamedFile(
  read: (path: string) => Promise<Uint8Array>,
  file: string,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  try {
    return { ok: true, bytes: await read(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
    return { ok: false, message: `Cannot read "${file}": ${READ_ERRORS[code] ?? 'the file could not be read'}.\n` };
  }
}

/** What the file-checking command lines (check-mapping, identity-map) read and write; tests pass their own. */
export interface FileCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<Uint8Array>;
}

export const processFileIo: FileCliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path),
};

/**
 * The arguments and the bytes of the file they name, or null after saying on stderr why not (a bad argument with
 * the usage line, an unreadable file with readNamedFile's one line).
 */
export async function argumentsAndFile<A extends { file: string }>(
  argv: readonly string[],
  io: FileCliIo,
  parse: (argv: readonly string[]) => A | { error: string },
  usage: string,
): Promise<{ args: A; bytes: Uint8Array } | null> {
  const args = parse(argv);
  if ('error' in args) {
    io.stderr(`${args.error}\n${usage}\n`);
    return null;
  }
  const read = await readNamedFile(io.readFile, args.file);
  if (!read.ok) {
    io.stderr(read.message);
    return null;
  }
  return { args, bytes: read.bytes };
}

/** Where a profile command line reads from: a file, or standard input for "-". */
export interface InputCliIo<T> {
  readFile(path: string): Promise<T>;
  readStdin(): Promise<T>;
}

/** The named input, or the exit-2 result that says in one line why it could not be read. */
export async function readInputOrStdin<T>(input: string, io: InputCliIo<T>): Promise<{ ok: true; value: T } | { ok: false; result: CliResult }> {
  if (input === '-') return { ok: true, value: await io.readStdin() };
  try {
    return { ok: true, value: await io.readFile(input) };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : 'cannot be read';
    return { ok: false, result: { code: 2, stdout: '', stderr: `${input}: ${reason}\n` } };
  }
}

export type OutputFormat = 'json' | 'markdown';

/** The value of `--format` (given as `--format x` or `--format=x`, at args[i]); the problem to report otherwise. */
export function formatOption(args: readonly string[], i: number): { format: OutputFormat; next: number } | { problem: string } {
  const arg = args[i]!;
  const next = arg === '--format' ? i + 1 : i;
  const value = arg === '--format' ? args[next] : arg.slice('--format='.length);
  if (value !== 'json' && value !== 'markdown') {
    return { problem: `--format: expected json or markdown; got ${value === undefined ? 'nothing' : JSON.stringify(value)}` };
  }
  return { format: value, next };
}
