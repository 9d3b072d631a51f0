/**
 * Command line over the mailbox-move engine (docs/mailbox-moves.md):
 *   npm run --silent mailbox -- <profile.json | -> [--format json|markdown]
 *   npm run --silent mailbox -- --log <transcript file | -> [--format json|markdown]
 * Prints the readiness (or the log's reading) on stdout and exits 0 for any verdict; invalid input or an unreadable
 * file exits 2 with one line per problem on stderr and nothing on stdout.
 */
import { readFile } from 'node:fs/promises';
import { formatOption, readInputOrStdin, readStdinBytes, runAsMain, type CliResult, type InputCliIo, type OutputFormat } from './runner.js';
import {
  assessMailboxMove, parseMailboxProfileJson, readValidationLog, renderLogMarkdown, renderMailboxMarkdown,
  type ValidationLogReport,
} from '../domain/mailbox/index.js';

export const USAGE = 'usage: npm run --silent mailbox -- <profile.json | -> [--format json|markdown]\n'
  + '       npm run --silent mailbox -- --log <transcript file | -> [--format json|markdown]';

export type MailboxCliIo = InputCliIo<Uint8Array>;

export type { CliResult } from './runner.js';

type Format = OutputFormat;

function usageError(problem: string): CliResult {
  return { code: 2, stdout: '', stderr: `${problem}\n${USAGE}\n` };
}

interface Args {
  input: string;
  format: Format;
  log: boolean;
}

function parseArgs(args: readonly string[]): Args | CliResult {
  let format: Format = 'json';
  let log = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
    if (arg === '--format' || arg.startsWith('--format=')) {
      const option = formatOption(args, i);
      if ('problem' in option) return usageError(option.problem);
      ({ format, next: i } = option);
    } else if (arg === '--log') {
      log = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      return usageError(`unknown option ${JSON.stringify(arg)}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) {
    const what = log ? 'the validation log: a file, or - for standard input' : 'the profile: a JSON file, or - for standard input';
    return usageError(positional.length === 0 ? `missing ${what}` : `give exactly one ${log ? 'log' : 'profile'}`);
  }
  return { input: positional[0]!, format, log };
}

/** The JSON of a log reading, as the spec gives it (line numbers of unrecognised lines stay internal). */
export function logJson(report: ValidationLogReport): string {
  const { mailboxes, organization, counts, unrecognised } = report;
  return `${JSON.stringify({ mailboxes, organization, counts, unrecognised }, null, 2)}\n`;
}

export async function runMailboxCommand(args: readonly string[], io: MailboxCliIo): Promise<CliResult> {
  const parsed = parseArgs(args);
  if ('code' in parsed) return parsed;
  const read = await readInputOrStdin(parsed.input, io);
  if (!read.ok) return read.result;
  const bytes = read.value;
  if (parsed.log) {
    const reading = readValidationLog(bytes);
    if (!reading.ok) return { code: 2, stdout: '', stderr: `${parsed.input === '-' ? 'log' : parsed.input}: ${reading.reason}\n` };
    return { code: 0, stdout: parsed.format === 'markdown' ? renderLogMarkdown(reading.report) : logJson(reading.report), stderr: '' };
  }
  const validation = parseMailboxProfileJson(new TextDecoder('utf-8').decode(bytes));
  if (!validation.ok) {
    return { code: 2, stdout: '', stderr: validation.issues.map((issue) => `${issue.path}: ${issue.message.replace(/[\r\n]+/g, ' ')}\n`).join('') };
  }
  const readiness = assessMailboxMove(validation.profile);
  const stdout = parsed.format === 'markdown'
    ? renderMailboxMarkdown(readiness, validation.profile)
    : `${JSON.stringify(readiness, null, 2)}\n`;
  return { code: 0, stdout, stderr: '' };
}

runAsMain(import.meta.url, 'the mailbox check', () => runMailboxCommand(process.argv.slice(2), {
      readFile: async (path) => new Uint8Array(await readFile(path)),
      readStdin: readStdinBytes,
    }));
