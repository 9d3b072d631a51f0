/**
 * Command line over the move commands and the packaging guidance:
 *   npm run --silent commands -- <profile.json | -> [--environment <name>] [--route powershell|admin-center]
 *                                [--format json|markdown] [--packaging]
 * Prints the steps per environment on stdout and exits 0 (environments that cannot move are listed with their
 * blockers). Invalid input exits 2 with one line per problem on stderr and nothing on stdout.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assess, parseProfileJson } from '../domain/assessment/index.js';
import {
  buildCommandPlan, buildPackagingPlan, COMMAND_ROUTES, renderCommandsMarkdown, renderPackagingMarkdown, type CommandRoute,
} from '../domain/commands/index.js';

export const USAGE = 'usage: npm run --silent commands -- <profile.json | -> [--environment <name>] '
  + '[--route powershell|admin-center] [--format json|markdown] [--packaging]';

export interface CliIo {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

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

async function readInput(input: string, io: CliIo): Promise<string | CliResult> {
  if (input === '-') return io.readStdin();
  try {
    return await io.readFile(input);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : 'cannot be read';
    return { code: 2, stdout: '', stderr: `${input}: ${reason}\n` };
  }
}

const problems = (issues: ReadonlyArray<{ path: string; message: string }>): CliResult => ({
  code: 2, stdout: '', stderr: issues.map((issue) => `${issue.path}: ${issue.message.replace(/[\r\n]+/g, ' ')}\n`).join(''),
});

export async function runCommandsCommand(args: readonly string[], io: CliIo): Promise<CliResult> {
  const parsed = parseArgs(args);
  if ('code' in parsed) return parsed;
  const text = await readInput(parsed.input, io);
  if (typeof text !== 'string') return text;
  const validation = parseProfileJson(text);
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

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  let result: CliResult;
  try {
    result = await runCommandsCommand(process.argv.slice(2), { readFile: (path) => readFile(path, 'utf8'), readStdin });
  } catch {
    result = { code: 1, stdout: '', stderr: `Sorry, the commands could not be generated (error ${randomUUID()}).\n` };
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}

function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();
