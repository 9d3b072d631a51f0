/**
 * Command line over the move commands and the packaging guidance:
 *   npm run --silent commands -- <profile.json | -> [--environment <name>] [--route powershell|admin-center]
 *                                [--format json|markdown] [--packaging]
 * Prints the steps per environment on stdout and exits 0 (environments that cannot move are listed with their
 * blockers). Invalid input exits 2 with one line per problem on stderr and nothing on stdout.
 */
import { readFile } from 'node:fs/promises';
import { readInputOrStdin, readStdinText, runAsMain, type CliResult, type InputCliIo } from './runner.js';
import { assess, parseProfileJson } from '../domain/assessment/index.js';
import {
  buildCommandPlan, buildPackagingPlan, COMMAND_ROUTES, renderCommandsMarkdown, renderPackagingMarkdown, type CommandRoute,
} from '../domain/commands/index.js';

export const USAGE = 'usage: npm run --silent commands -- <profile.json | -> [--environment <name>] '
  + '[--route powershell|admin-center] [--format json|markdown] [--packaging]';

export type CliIo = InputCliIo<string>;

export type { CliResult } from './runner.js';

type Format = 'json' | 'markdown';

interface Args {
  input: string;
  format: Format;
  route: CommandRoute;
  environment?: string;
  packaging: boolean;
}

function usageError(problem: string): CliResult {
  return { code: 2, stdout: '', stderr: `${problem}\n${USAGE}\n` };
}

const shown = (value: string | undefined): string => (value === undefined ? 'nothing' : JSON.stringify(value));

function parseArgs(args: readonly string[]): Args | CliResult {
  const parsed: Omit<Args, 'input'> = { format: 'json', route: 'powershell', packaging: false };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
    const option = /^--(format|route|environment)(?:=(.*))?$/s.exec(arg);
    if (option) {
      const value = option[2] ?? args[++i];
      if (option[1] === 'format') {
        if (value !== 'json' && value !== 'markdown') return usageError(`--format: expected json or markdown; got ${shown(value)}`);
        parsed.format = value;
      } else if (option[1] === 'route') {
        if (!(COMMAND_ROUTES as readonly string[]).includes(value ?? '')) {
          return usageError(`--route: expected ${COMMAND_ROUTES.join(' or ')}; got ${shown(value)}`);
        }
        parsed.route = value as CommandRoute;
      } else {
        if (value === undefined || value.trim() === '') return usageError(`--environment: expected an environment name; got ${shown(value)}`);
        parsed.environment = value;
      }
    } else if (arg === '--packaging') {
      parsed.packaging = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      return usageError(`unknown option ${JSON.stringify(arg)}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) {
    return usageError(positional.length === 0 ? 'missing the profile: a JSON file, or - for standard input' : 'give exactly one profile');
  }
  return { input: positional[0], ...parsed };
}

const problems = (issues: ReadonlyArray<{ path: string; message: string }>): CliResult => ({
  code: 2, stdout: '', stderr: issues.map((issue) => `${issue.path}: ${issue.message.replace(/[\r\n]+/g, ' ')}\n`).join(''),
});

export async function runCommandsCommand(args: readonly string[], io: CliIo): Promise<CliResult> {
  const parsed = parseArgs(args);
  if ('code' in parsed) return parsed;
  const read = await readInputOrStdin(parsed.input, io);
  if (!read.ok) return read.result;
  const validation = parseProfileJson(read.value);
  if (!validation.ok) return problems(validation.issues);
  const assessment = assess(validation.profile);
  if (parsed.packaging) {
    const outcome = buildPackagingPlan(validation.profile, assessment, { environment: parsed.environment });
    if (!outcome.ok) return problems(outcome.issues);
    const stdout = parsed.format === 'markdown' ? renderPackagingMarkdown(outcome.plan) : `${JSON.stringify(outcome.plan, null, 2)}\n`;
    return { code: 0, stdout, stderr: '' };
  }
  const outcome = buildCommandPlan(validation.profile, assessment, { route: parsed.route, environment: parsed.environment });
  if (!outcome.ok) return problems(outcome.issues);
  const stdout = parsed.format === 'markdown' ? renderCommandsMarkdown(outcome.plan) : `${JSON.stringify(outcome.plan, null, 2)}\n`;
  return { code: 0, stdout, stderr: '' };
}

runAsMain(import.meta.url, 'generating the commands', () => runCommandsCommand(process.argv.slice(2), { readFile: (path) => readFile(path, 'utf8'), readStdin: readStdinText }));
