/**
 * Command line for the evidence pack:
 *   npm run --silent evidence -- <migration id> [--data-dir <dir>] [--format markdown|html]
 * Reads the bot's lowdb data directory (DATA_DIR, default ./data) and prints the pack on stdout, byte for byte the
 * files the bot offers in Teams. It only reads: no record is changed. Run it on the bot's host, ideally while the
 * bot is stopped (lowdb has one writer per directory; a read alongside a running bot sees what was last saved).
 * Exit 0: printed; 1: no such migration; 2: the arguments or the data directory could not be used.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { memoryLogger } from '../logging.js';
import { BackgroundTasks } from '../proactive/backgroundTasks.js';
import type { Notifier } from '../proactive/notifier.js';
import { AssessmentRepository } from '../records/assessmentRepository.js';
import { ChecklistRepository } from '../records/checklistRepository.js';
import { MigrationRepository } from '../records/migrationRepository.js';
import { planService } from '../services/planService.js';
import { openLowdbStores, STATE_DIRECTORY_NAME } from '../storage/index.js';

export const USAGE = 'Usage: npm run --silent evidence -- <migration id> [--data-dir <dir>] [--format markdown|html]';
export const EXIT_OK = 0;
export const EXIT_NOT_FOUND = 1;
export const EXIT_UNUSABLE = 2;

export interface Args {
  migrationId: string;
  dataDir: string;
  format: 'markdown' | 'html';
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Args | { error: string } {
  let migrationId: string | undefined;
  let dataDir = env.DATA_DIR || './data';
  let format: Args['format'] = 'markdown';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--data-dir' || flag === '--format') {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return { error: `${flag} needs a value.` };
      if (flag === '--data-dir') dataDir = value;
      else if (value === 'markdown' || value === 'md') format = 'markdown';
      else if (value === 'html') format = 'html';
      else return { error: `--format is markdown or html, not "${value}".` };
    } else if (arg.startsWith('-')) {
      return { error: `Unknown option ${arg}.` };
    } else if (migrationId === undefined) {
      migrationId = arg;
    } else {
      return { error: 'Give one migration id.' };
    }
  }
  if (!migrationId) return { error: 'Give the migration id (m- and 8 characters, from "migrations" in Teams).' };
  return { migrationId, dataDir: resolve(dataDir), format };
}

/** Nothing is sent from the command line: the pack is only read and printed. */
const silentNotifier: Notifier = {
  send: async () => ({ ok: false, reason: 'not-in-conversation' }),
  update: async () => ({ ok: false, reason: 'not-in-conversation' }),
  startThread: async () => ({ ok: false, reason: 'not-in-conversation' }),
  createPersonalConversation: async () => ({ ok: false, reason: 'not-in-conversation' }),
};

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}
const defaultIo: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

export async function main(argv: readonly string[], io: CliIo = defaultIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArgs(argv, env);
  if ('error' in args) {
    io.stderr(`${args.error}\n${USAGE}\n`);
    return EXIT_UNUSABLE;
  }
  if (!existsSync(join(args.dataDir, STATE_DIRECTORY_NAME))) {
    io.stderr(`No bot data in ${args.dataDir} (no ${STATE_DIRECTORY_NAME} folder). Pass --data-dir or set DATA_DIR.\n`);
    return EXIT_UNUSABLE;
  }
  const stores = openLowdbStores({ dataDir: args.dataDir });
  const logger = memoryLogger();
  const background = new BackgroundTasks(logger);
  try {
    const migrations = new MigrationRepository(stores.storage);
    const record = await migrations.getById(args.migrationId.trim().toLowerCase());
    if (!record) {
      io.stderr(`No migration "${args.migrationId}" in ${args.dataDir}.\n`);
      return EXIT_NOT_FOUND;
    }
    const plan = planService({
      migrations, assessments: new AssessmentRepository(stores.storage), checklists: new ChecklistRepository(stores.storage),
      notifier: silentNotifier, background, logger, now: () => new Date(),
    });
    const files = await plan.evidenceFiles(record.tenantId, record.migration.id);
    const file = files?.find((f) => f.format === args.format);
    if (!file) {
      io.stderr(`No migration "${args.migrationId}" in ${args.dataDir}.\n`);
      return EXIT_NOT_FOUND;
    }
    io.stdout(file.content);
    return EXIT_OK;
  } finally {
    await background.close();
    await stores.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
