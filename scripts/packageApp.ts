/**
 * `npm run package [-- --out <file.zip>]`: builds the Teams app package, appPackage/build/appPackage.zip by
 * default, with manifest.json (placeholders filled from the environment), color.png and outline.png at the
 * zip root, which is the layout Teams' "Upload a custom app" expects.
 *
 * Values come from the environment, then from a `.env` file in the project root (the environment wins):
 *   TEAMS_APP_ID     required, a GUID: the Teams app's own id (any new GUID; keep it for later uploads)
 *   BOT_ID           required, a GUID: the Azure Bot's Microsoft App ID (falls back to MicrosoftAppId)
 *   APP_NAME_SUFFIX  optional: appended to the short name, e.g. " (dev)", to tell installs apart
 *   APP_WEBSITE_URL, APP_PRIVACY_URL, APP_TERMS_URL  optional https URLs replacing the developer links
 *
 * The filled manifest is schema-checked offline before the zip is written, so Teams never sees a package
 * that fails its own schema. No zip library is installed, hence the small writer below (deflate from
 * node:zlib, CRC-32 in code: zlib.crc32 only arrived in Node 20.15/22.2).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import {
  COLOR_ICON,
  GUID_PATTERN,
  OUTLINE_ICON,
  type PlaceholderValues,
  appPackageDir,
  checkIcons,
  checkManifestInvariants,
  fillPlaceholders,
  findProjectRoot,
  isHttpsUrl,
  validateManifestSchema,
} from './validateManifest.js';

export const DEFAULT_PACKAGE_FILE = join('appPackage', 'build', 'appPackage.zip');
/** Optional environment overrides for the developer links, keyed by manifest field. */
export const DEVELOPER_URL_VARIABLES = {
  websiteUrl: 'APP_WEBSITE_URL',
  privacyUrl: 'APP_PRIVACY_URL',
  termsOfUseUrl: 'APP_TERMS_URL',
} as const;

/** A refusal whose message is meant for the person running the command: it names the variable and the fix. */
export class PackageError extends Error {
  override name = 'PackageError';
}

type Env = Readonly<Record<string, string | undefined>>;

/** The environment over the project's `.env` file, when there is one. */
export function readPackageEnv(root: string = findProjectRoot(), env: Env = process.env): Env {
  const file = join(root, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...definedOnly(env) };
}

function definedOnly(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Placeholder values from the environment, or a PackageError naming the variable that is missing or wrong. */
export function resolvePlaceholderValues(env: Env): PlaceholderValues {
  const guid = (name: string, fallback?: string): string => {
    const value = (env[name] ?? '').trim() || (fallback ? (env[fallback] ?? '').trim() : '');
    const source = (env[name] ?? '').trim() ? name : fallback;
    if (!value) {
      const also = fallback ? ` (or ${fallback})` : '';
      throw new PackageError(`${name}${also} is not set. Set it in the environment or in .env to a GUID such as 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b.`);
    }
    if (!GUID_PATTERN.test(value)) {
      throw new PackageError(`${source} is "${value}", which is not a GUID. It accepts the form 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b.`);
    }
    return value;
  };
  return {
    TEAMS_APP_ID: guid('TEAMS_APP_ID'),
    BOT_ID: guid('BOT_ID', 'MicrosoftAppId'),
    APP_NAME_SUFFIX: env.APP_NAME_SUFFIX ?? '',
  };
}

export interface BuildOptions {
  /** Project root holding appPackage/; found from this script by default. */
  root?: string;
  /** Where to write the zip; relative paths are taken from the root. */
  outFile?: string;
  /** Variables to read; `readPackageEnv()` by default. */
  env?: Env;
}

export interface BuildResult {
  outFile: string;
  manifest: Record<string, unknown>;
  entries: string[];
  bytes: number;
  /** Advice that does not stop the build, e.g. developer links still on example.com. */
  notes: string[];
}

export async function buildAppPackage(options: BuildOptions = {}): Promise<BuildResult> {
  const root = options.root ?? findProjectRoot();
  const env = options.env ?? readPackageEnv(root);
  const sourceDir = appPackageDir(root);
  const outFile = resolve(root, options.outFile ?? DEFAULT_PACKAGE_FILE);

  const values = resolvePlaceholderValues(env);
  const template = readFileSync(join(sourceDir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(fillPlaceholders(template, values)) as Record<string, unknown>;

  const notes: string[] = [];
  const developer = (manifest.developer ?? {}) as Record<string, unknown>;
  for (const [field, variable] of Object.entries(DEVELOPER_URL_VARIABLES)) {
    const value = (env[variable] ?? '').trim();
    if (!value) continue;
    if (!isHttpsUrl(value)) throw new PackageError(`${variable} is "${value}"; it accepts an https:// URL.`);
    developer[field] = value;
  }
  if (Object.values(developer).some((u) => typeof u === 'string' && /^https:\/\/(www\.)?example\.com\//.test(u))) {
    notes.push(
      `developer links still point at example.com; set ${Object.values(DEVELOPER_URL_VARIABLES).join(', ')} before publishing beyond your own tenant.`,
    );
  }

  const problems = [
    ...(await validateManifestSchema(manifest)).map((e) => `schema: ${e}`),
    ...checkManifestInvariants(manifest),
    ...checkIcons(sourceDir),
  ];
  if (problems.length) {
    const hint = values.APP_NAME_SUFFIX && problems.some((p) => p.includes('/name/short'))
      ? `\nAPP_NAME_SUFFIX "${values.APP_NAME_SUFFIX}" makes the short name too long (30 characters at most).`
      : '';
    throw new PackageError(`the app package would not pass Teams validation:\n${problems.join('\n')}${hint}`);
  }

  const entries: ZipEntry[] = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: COLOR_ICON.file, data: readFileSync(join(sourceDir, COLOR_ICON.file)) },
    { name: OUTLINE_ICON.file, data: readFileSync(join(sourceDir, OUTLINE_ICON.file)) },
  ];
  const zip = createZip(entries);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, zip);
  return { outFile, manifest, entries: entries.map((e) => e.name), bytes: zip.length, notes };
}

// ---------------------------------------------------------------------------------------------------------
// Zip writer (PKWARE APPNOTE 6.3: local headers, central directory, end record; no zip64, no encryption).

export interface ZipEntry {
  /** Path inside the zip, forward slashes. */
  name: string;
  data: Uint8Array;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, the zip and PNG one). */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** 1980-01-01 00:00, the DOS epoch: a fixed stamp keeps the zip byte-for-byte reproducible. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
const FLAG_UTF8 = 0x0800;
const VERSION_NEEDED = 20;

export function createZip(entries: readonly ZipEntry[]): Buffer {
  const names = new Set<string>();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (!entry.name || entry.name.startsWith('/') || entry.name.includes('\\') || entry.name.split('/').includes('..')) {
      throw new Error(`unsafe zip entry name "${entry.name}"`);
    }
    if (names.has(entry.name)) throw new Error(`duplicate zip entry "${entry.name}"`);
    names.add(entry.name);

    const data = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    const deflated = deflateRawSync(data, { level: 9 });
    // Already-compressed data (PNG) often grows when deflated again; store it as is then.
    const method = deflated.length < data.length ? METHOD_DEFLATE : METHOD_STORE;
    const body = method === METHOD_DEFLATE ? deflated : data;
    const name = Buffer.from(entry.name, 'utf8');
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : FLAG_UTF8;
    const crc = crc32(data);
    if (data.length > 0xfffffffe || offset > 0xfffffffe) throw new Error('zip64 is not supported');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION_NEEDED, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal and external attributes: all 0
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  if (entries.length > 0xffff) throw new Error('too many zip entries');
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// ---------------------------------------------------------------------------------------------------------

function parseArgs(argv: readonly string[]): { outFile?: string } {
  const out: { outFile?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out' && argv[i + 1]) out.outFile = resolve(argv[++i]!);
    else if (arg.startsWith('--out=')) out.outFile = resolve(arg.slice('--out='.length));
    else throw new PackageError(`unknown argument "${arg}"; the only option is --out <file.zip>.`);
  }
  return out;
}

async function main(): Promise<void> {
  const { outFile } = parseArgs(process.argv.slice(2));
  const result = await buildAppPackage({ outFile });
  for (const note of result.notes) console.log(`note: ${note}`);
  console.log(`wrote ${result.outFile} (${result.bytes} bytes: ${result.entries.join(', ')})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    const message = error instanceof PackageError ? error.message : `unexpected failure: ${(error as Error).message ?? String(error)}`;
    console.error(`npm run package: ${message}`);
    process.exitCode = 1;
  });
}
