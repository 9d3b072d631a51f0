/**
 * Command line for the mapping file checker:
 *   npm run --silent check-mapping -- <file> [--source-domains a,b] [--destination-domains c]
 * Prints the report as JSON (the rows themselves left out). Exit 0: no errors; 1: errors; 2: the file or the
 * arguments could not be used.
 */
import { argumentsAndFile, isEntryPoint, processFileIo, type FileCliIo } from './runner.js';
import { basename } from 'node:path';
import { checkMappingFile } from '../domain/mapping/index.js';

export const USAGE = 'Usage: npm run --silent check-mapping -- <file> [--source-domains a,b] [--destination-domains c]';

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_UNREADABLE = 2;

interface Args { file: string; sourceDomains?: string[]; destinationDomains?: string[] }

export function parseArgs(argv: readonly string[]): Args | { error: string } {
  let file: string | undefined;
  const domains: { sourceDomains?: string[]; destinationDomains?: string[] } = {};
  const options: Record<string, 'sourceDomains' | 'destinationDomains'> = {
    '--source-domains': 'sourceDomains',
    '--destination-domains': 'destinationDomains',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = options[flag];
    if (key) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
        return { error: `${flag} needs a comma-separated list of domains, for example ${flag} contoso.com,contoso.onmicrosoft.com.` };
      }
      domains[key] = value.split(',').map((d) => d.trim()).filter(Boolean);
    } else if (arg.startsWith('--')) {
      return { error: `Unknown option ${flag}.` };
    } else if (file === undefined) {
      file = arg;
    } else {
      return { error: `Only one file can be checked at a time (got "${file}" and "${arg}").` };
    }
  }
  if (file === undefined) return { error: 'Name the mapping file to check.' };
  return { file, ...domains };
}

export type CliIo = FileCliIo;

/** Run the command; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processFileIo): Promise<number> {
  const input = await argumentsAndFile(argv, io, parseArgs, USAGE);
  if (!input) return EXIT_UNREADABLE;
  const { args, bytes } = input;
  const report = checkMappingFile({
    fileName: basename(args.file),
    bytes,
    sourceDomains: args.sourceDomains,
    destinationDomains: args.destinationDomains,
  });
  const { rows: _rows, ...printed } = report;
  io.stdout(`${JSON.stringify(printed, null, 2)}\n`);
  return report.errors > 0 ? EXIT_ERRORS : EXIT_OK;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
