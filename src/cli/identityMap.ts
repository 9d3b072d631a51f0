/**
 * Command line for the identity map:
 *   npm run --silent identity-map -- <file> [--export usermapping|exchange-batch|exchange-validation|onedrive]
 *     [--source-tenant-id <guid>] [--source-domains a,b] [--destination-domains c]
 * Without --export: the check report as JSON (the people themselves left out). With it: the file on stdout,
 * byte for byte. Exit 0: no errors; 1: errors (nothing exported); 2: the file or the arguments could not be used.
 */
import { argumentsAndFile, isEntryPoint, processFileIo, type FileCliIo } from './runner.js';
import { basename } from 'node:path';
import {
  exportIdentityMap, IDENTITY_EXPORTS, parseExportFormat, readIdentityMap, type IdentityExportFormat,
} from '../domain/identity/index.js';
import { isGuid } from '../domain/powershell.js';

export const USAGE = `Usage: npm run --silent identity-map -- <file> [--export ${IDENTITY_EXPORTS.join('|')}] [--source-tenant-id <guid>] [--source-domains a,b] [--destination-domains c]`;

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_UNREADABLE = 2;

export interface Args {
  file: string;
  export?: IdentityExportFormat;
  sourceTenantId?: string;
  sourceDomains?: string[];
  destinationDomains?: string[];
}

const OPTIONS = ['--export', '--source-tenant-id', '--source-domains', '--destination-domains'] as const;

export function parseArgs(argv: readonly string[]): Args | { error: string } {
  let file: string | undefined;
  const out: Omit<Args, 'file'> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if ((OPTIONS as readonly string[]).includes(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) return { error: `${flag} needs a value.` };
      if (flag === '--export') {
        const format = parseExportFormat(value);
        if (format === null) return { error: `--export must be one of ${IDENTITY_EXPORTS.join(', ')} (got "${value.slice(0, 40)}").` };
        out.export = format;
      } else if (flag === '--source-tenant-id') {
        if (!isGuid(value.trim())) return { error: `--source-tenant-id must be the source tenant's id, a GUID (got "${value.slice(0, 40)}").` };
        out.sourceTenantId = value.trim();
      } else {
        const list = value.split(',').map((d) => d.trim()).filter(Boolean);
        if (flag === '--source-domains') out.sourceDomains = list;
        else out.destinationDomains = list;
      }
    } else if (arg.startsWith('--')) {
      return { error: `Unknown option ${flag}.` };
    } else if (file === undefined) {
      file = arg;
    } else {
      return { error: `Only one file can be read at a time (got "${file}" and "${arg}").` };
    }
  }
  if (file === undefined) return { error: 'Name the identity map file (CSV or .xlsx).' };
  if (out.export === 'onedrive' && out.sourceTenantId === undefined) {
    return { error: 'The onedrive export needs --source-tenant-id <guid> (the source tenant\'s id).' };
  }
  return { file, ...out };
}

export type CliIo = FileCliIo;

export async function main(argv: readonly string[], io: CliIo = processFileIo): Promise<number> {
  const input = await argumentsAndFile(argv, io, parseArgs, USAGE);
  if (!input) return EXIT_UNREADABLE;
  const { args, bytes } = input;
  const report = await readIdentityMap({
    fileName: basename(args.file), bytes, sourceDomains: args.sourceDomains, destinationDomains: args.destinationDomains,
  });
  if (!report.readable) {
    for (const p of report.problems) io.stderr(`${p.message} ${p.fix}\n`);
    return EXIT_UNREADABLE;
  }
  if (args.export === undefined) {
    const { entries: _entries, ...printed } = report;
    io.stdout(`${JSON.stringify(printed, null, 2)}\n`);
    return report.errors > 0 ? EXIT_ERRORS : EXIT_OK;
  }
  const exported = exportIdentityMap(report, args.export, { sourceTenantId: args.sourceTenantId });
  if (!exported.ok) {
    io.stderr(`${exported.message}\n`);
    if (report.errors > 0) {
      for (const p of report.problems.filter((q) => q.severity === 'error').slice(0, 20)) {
        io.stderr(`- ${p.lines.length > 0 ? `line ${p.lines.join(', ')}: ` : ''}${p.message}\n`);
      }
      return EXIT_ERRORS;
    }
    return EXIT_UNREADABLE;
  }
  io.stdout(exported.text);
  return EXIT_OK;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
