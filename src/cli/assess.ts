/**
 * Command line over the eligibility engine:
 *   npm run --silent assess -- <profile.json | -> [--format json|markdown]
 * Prints the assessment on stdout and exits 0 for any verdict; an invalid profile exits 2 with one line per
 * problem on stderr and nothing on stdout.
 */
import { readFile } from 'node:fs/promises';
import { formatOption, readInputOrStdin, readStdinText, runAsMain, type CliResult, type InputCliIo, type OutputFormat } from './runner.js';
import { assess, parseProfileJson, renderMarkdown } from '../domain/assessment/index.js';

export const USAGE = 'usage: npm run --silent assess -- <profile.json | -> [--format json|markdown]';

export type CliIo = InputCliIo<string>;

export type { CliResult } from './runner.js';

type Format = OutputFormat;

function usageError(problem: string): CliResult {
  return { code: 2, stdout: '', stderr: `${problem}\n${USAGE}\n` };
}

function parseArgs(args: readonly string[]): { input: string; format: Format } | CliResult {
  let format: Format = 'json';
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
    }
    if (arg === '--format' || arg.startsWith('--format=')) {
      const option = formatOption(args, i);
      if ('problem' in option) return usageError(option.problem);
      ({ format, next: i } = option);
    } else if (arg.startsWith('-') && arg !== '-') {
      return usageError(`unknown option ${JSON.stringify(arg)}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) {
    return usageError(positional.length === 0 ? 'missing the profile: a JSON file, or - for standard input' : 'give exactly one profile');
  }
  return { input: positional[0], format };
}

export async function runAssessCommand(args: readonly string[], io: CliIo): Promise<CliResult> {
  const parsed = parseArgs(args);
  if ('code' in parsed) return parsed;
  const read = await readInputOrStdin(parsed.input, io);
  if (!read.ok) return read.result;
  const validation = parseProfileJson(read.value);
  if (!validation.ok) {
    return { code: 2, stdout: '', stderr: validation.issues.map((issue) => `${issue.path}: ${issue.message}\n`).join('') };
  }
  const assessment = assess(validation.profile);
  const stdout = parsed.format === 'markdown'
    ? renderMarkdown(assessment, validation.profile)
    : `${JSON.stringify(assessment, null, 2)}\n`;
  return { code: 0, stdout, stderr: '' };
}

runAsMain(import.meta.url, 'the assessment', () => runAssessCommand(process.argv.slice(2), { readFile: (path) => readFile(path, 'utf8'), readStdin: readStdinText }));
