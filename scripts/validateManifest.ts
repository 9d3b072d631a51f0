/**
 * Offline validation of the Teams app package source (appPackage/): the manifest against the official JSON
 * schema bundled in @microsoft/app-manifest (no network: the package maps developer.microsoft.com schema URLs
 * to its own copies), plus the invariants this bot relies on, plus the two icons.
 *
 * `npm run validate:manifest [-- <manifest.json>]` prints `OK` or one problem a line (exit 1).
 * Placeholders are filled from the environment when set, otherwise with sample GUIDs, because the schema
 * demands GUIDs where the template holds `${{TEAMS_APP_ID}}` and `${{BOT_ID}}`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';

/** Placeholders the manifest template may hold, in the Teams toolkit's `${{NAME}}` syntax. */
export const MANIFEST_PLACEHOLDERS = ['TEAMS_APP_ID', 'BOT_ID', 'APP_NAME_SUFFIX'] as const;
export type ManifestPlaceholder = (typeof MANIFEST_PLACEHOLDERS)[number];
export type PlaceholderValues = Record<ManifestPlaceholder, string>;

/** Stand-ins used to schema-check the template; obviously fake so they are never mistaken for a registration. */
export const SAMPLE_PLACEHOLDER_VALUES: PlaceholderValues = {
  TEAMS_APP_ID: '00000000-0000-4000-8000-0000000000a1',
  BOT_ID: '00000000-0000-4000-8000-0000000000b1',
  APP_NAME_SUFFIX: '',
};

/** Oldest manifest schema we accept: 1.22 (issue 2). The template uses the newest the validator ships. */
export const MIN_MANIFEST_VERSION = '1.22';
export const COLOR_ICON = { file: 'color.png', size: 192 } as const;
export const OUTLINE_ICON = { file: 'outline.png', size: 32 } as const;
/** Teams shows at most this much of a bot command; the schema allows more, the client truncates. */
export const MAX_COMMAND_TITLE = 32;
export const MAX_COMMAND_DESCRIPTION = 128;
export const REQUIRED_SCOPES = ['personal', 'team'] as const;

export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PLACEHOLDER_PATTERN = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The project root: the nearest folder above this script holding package.json and appPackage/. */
export function findProjectRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'appPackage'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function appPackageDir(root: string = findProjectRoot()): string {
  return join(root, 'appPackage');
}

/** Names of the `${{NAME}}` placeholders in a text, each once, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1]!))];
}

/**
 * Replaces every `${{NAME}}` with its value. The placeholders sit inside JSON strings, so values are
 * JSON-escaped; an unknown placeholder is an error rather than being left for Teams to reject.
 */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER_PATTERN, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the manifest uses the placeholder \${{${name}}}, which has no value`);
    return JSON.stringify(value).slice(1, -1);
  });
}

/** Schema problems of a (filled) manifest, as the validator words them; [] when valid. Never fetches. */
export async function validateManifestSchema(manifest: unknown): Promise<string[]> {
  // The generated types are far stricter than JSON.parse output; the schema itself is the real check.
  type Manifest = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
  return AppManifestUtils.validateAgainstSchema(manifest as Manifest);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const compareVersions = (a: string, b: string): number => {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
};

/**
 * The rules this bot needs beyond the schema. `template` is the unfilled manifest text: the ids must stay
 * placeholders in source control so no registration's ids are committed.
 */
export function checkManifestInvariants(manifest: unknown, template?: string): string[] {
  const problems: string[] = [];
  if (!isObject(manifest)) return ['the manifest is not a JSON object'];

  const version = typeof manifest.manifestVersion === 'string' ? manifest.manifestVersion : '';
  const schemaUrl = typeof manifest.$schema === 'string' ? manifest.$schema : '';
  const schemaVersion = /\/json-schemas\/teams\/v(\d+\.\d+)\/MicrosoftTeams\.schema\.json$/.exec(schemaUrl)?.[1];
  if (!schemaVersion) problems.push(`$schema is not a Teams manifest schema URL: "${schemaUrl}"`);
  else if (schemaVersion !== version) {
    problems.push(`$schema is for v${schemaVersion} but manifestVersion is "${version}"; keep them in lock-step`);
  }
  if (!/^\d+\.\d+$/.test(version) || compareVersions(version, MIN_MANIFEST_VERSION) < 0) {
    problems.push(`manifestVersion "${version}" is older than ${MIN_MANIFEST_VERSION}`);
  }

  if (template !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(template);
    } catch {
      raw = undefined;
      problems.push('the manifest template is not valid JSON');
    }
    if (isObject(raw)) {
      if (raw.id !== '${{TEAMS_APP_ID}}') problems.push('id must be the placeholder ${{TEAMS_APP_ID}}');
      const rawBots = Array.isArray(raw.bots) ? raw.bots : [];
      if (!isObject(rawBots[0]) || rawBots[0].botId !== '${{BOT_ID}}') {
        problems.push('bots[0].botId must be the placeholder ${{BOT_ID}}');
      }
    }
    const unknown = placeholdersIn(template).filter((p) => !(MANIFEST_PLACEHOLDERS as readonly string[]).includes(p));
    if (unknown.length) problems.push(`unknown placeholders: ${unknown.map((p) => `\${{${p}}}`).join(', ')}`);
  }

  const bots = Array.isArray(manifest.bots) ? manifest.bots : [];
  const bot = bots[0];
  if (bots.length !== 1 || !isObject(bot)) {
    problems.push('the manifest must declare exactly one bot');
    return problems;
  }
  const scopes = Array.isArray(bot.scopes) ? bot.scopes : [];
  for (const scope of REQUIRED_SCOPES) {
    if (!scopes.includes(scope)) problems.push(`bots[0].scopes lacks "${scope}"`);
  }
  if (bot.supportsFiles !== true) problems.push('bots[0].supportsFiles must be true (mapping files are uploaded in chat)');
  if (bot.isNotificationOnly !== false) problems.push('bots[0].isNotificationOnly must be false (the bot converses)');

  const lists = Array.isArray(bot.commandLists) ? bot.commandLists : [];
  for (const scope of REQUIRED_SCOPES) {
    if (!lists.some((l) => isObject(l) && Array.isArray(l.scopes) && l.scopes.includes(scope))) {
      problems.push(`bots[0].commandLists has no list for the "${scope}" scope`);
    }
  }
  lists.forEach((list, i) => {
    const commands = isObject(list) && Array.isArray(list.commands) ? list.commands : [];
    const seen = new Set<string>();
    commands.forEach((c, j) => {
      const at = `bots[0].commandLists[${i}].commands[${j}]`;
      const title = isObject(c) && typeof c.title === 'string' ? c.title : '';
      const description = isObject(c) && typeof c.description === 'string' ? c.description : '';
      if (!title.trim()) problems.push(`${at} has no title`);
      if (title.length > MAX_COMMAND_TITLE) problems.push(`${at}.title "${title}" is longer than ${MAX_COMMAND_TITLE}`);
      if (!description.trim()) problems.push(`${at} ("${title}") has no description`);
      if (description.length > MAX_COMMAND_DESCRIPTION) {
        problems.push(`${at}.description is longer than ${MAX_COMMAND_DESCRIPTION} characters`);
      }
      if (seen.has(title.toLowerCase())) problems.push(`${at}.title "${title}" is listed twice`);
      seen.add(title.toLowerCase());
    });
  });

  const developer = isObject(manifest.developer) ? manifest.developer : {};
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    const url = developer[key];
    if (typeof url !== 'string' || !isHttpsUrl(url)) problems.push(`developer.${key} must be an https URL`);
  }

  const icons = isObject(manifest.icons) ? manifest.icons : {};
  if (icons.color !== COLOR_ICON.file) problems.push(`icons.color must be "${COLOR_ICON.file}"`);
  if (icons.outline !== OUTLINE_ICON.file) problems.push(`icons.outline must be "${OUTLINE_ICON.file}"`);
  return problems;
}

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// PNG: just enough decoding (8-bit, non-interlaced, no palette) to check the icons' sizes and colours.

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

export interface PngImage extends PngHeader {
  /** RGBA, 4 bytes a pixel, row by row. */
  rgba: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Reads the IHDR chunk, which the PNG standard requires to come first. */
export function readPngHeader(png: Uint8Array): PngHeader {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file');
  if (buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG without a leading IHDR chunk');
  return {
    width: buf.readUInt32BE(16),
    height: buf.readUInt32BE(20),
    bitDepth: buf[24]!,
    colorType: buf[25]!,
    interlace: buf[28]!,
  };
}

export function decodePng(png: Uint8Array): PngImage {
  const header = readPngHeader(png);
  const channels = CHANNELS[header.colorType];
  if (header.bitDepth !== 8 || channels === undefined || header.interlace !== 0) {
    throw new Error(
      `unsupported PNG layout (bit depth ${header.bitDepth}, colour type ${header.colorType}, interlace ${header.interlace})`,
    );
  }
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const { width, height } = header;
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('PNG image data is truncated');

  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`PNG row ${y} has an unknown filter ${filter}`);
      }
      out[x] = (line[x]! + predictor) & 0xff;
    }
  }

  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = pixels.subarray(i * channels, (i + 1) * channels);
    const [r, g, b, alpha] =
      channels === 1 ? [p[0]!, p[0]!, p[0]!, 255]
      : channels === 2 ? [p[0]!, p[0]!, p[0]!, p[1]!]
      : channels === 3 ? [p[0]!, p[1]!, p[2]!, 255]
      : [p[0]!, p[1]!, p[2]!, p[3]!];
    rgba.set([r, g, b, alpha], i * 4);
  }
  return { ...header, rgba };
}

/**
 * Problems with the two icons in `dir`. Teams wants color.png 192x192 in full colour and outline.png
 * 32x32 drawn in white on a transparent background (it tints the outline itself).
 */
export function checkIcons(dir: string): string[] {
  const problems: string[] = [];
  for (const icon of [COLOR_ICON, OUTLINE_ICON]) {
    const path = join(dir, icon.file);
    if (!existsSync(path)) {
      problems.push(`${icon.file} is missing`);
      continue;
    }
    let image: PngImage;
    try {
      const png = readFileSync(path);
      const { width, height } = readPngHeader(png);
      if (width !== icon.size || height !== icon.size) {
        problems.push(`${icon.file} is ${width}x${height}; Teams wants ${icon.size}x${icon.size}`);
        continue;
      }
      image = decodePng(png);
    } catch (error) {
      problems.push(`${icon.file}: ${(error as Error).message}`);
      continue;
    }
    problems.push(...(icon === OUTLINE_ICON ? checkOutlinePixels(image) : checkColorPixels(image)).map((p) => `${icon.file} ${p}`));
  }
  return problems;
}

/** Every visible pixel pure white (only alpha varies), and something actually drawn. */
export function checkOutlinePixels(image: PngImage): string[] {
  let visible = 0;
  let transparent = 0;
  let offWhite = 0;
  let firstOffWhite = '';
  for (let i = 0; i < image.width * image.height; i++) {
    const [r, g, b, a] = image.rgba.subarray(i * 4, i * 4 + 4);
    if (a === 0) {
      transparent++;
      continue;
    }
    visible++;
    if (r !== 255 || g !== 255 || b !== 255) {
      if (!offWhite) firstOffWhite = `(${i % image.width},${Math.floor(i / image.width)}) is rgba(${r},${g},${b},${a})`;
      offWhite++;
    }
  }
  const problems: string[] = [];
  if (offWhite) problems.push(`has ${offWhite} visible pixels that are not white, first at ${firstOffWhite}`);
  if (!visible) problems.push('is empty (fully transparent)');
  if (!transparent) problems.push('has no transparent background');
  return problems;
}

/** A full-colour icon: something other than white, black and grey in it. */
export function checkColorPixels(image: PngImage): string[] {
  for (let i = 0; i < image.width * image.height; i++) {
    const [r, g, b, a] = image.rgba.subarray(i * 4, i * 4 + 4);
    if (a! > 0 && (r !== g || g !== b)) return [];
  }
  return ['has no colour in it'];
}

// ---------------------------------------------------------------------------------------------------------

export interface SourceValidation {
  manifest: unknown;
  problems: string[];
}

/**
 * Validates appPackage/ as committed: the template filled with `values` (sample GUIDs by default) against
 * the schema, our invariants, and the icons next to it.
 */
export async function validateAppPackageSource(
  manifestPath: string = join(appPackageDir(), 'manifest.json'),
  values: PlaceholderValues = SAMPLE_PLACEHOLDER_VALUES,
): Promise<SourceValidation> {
  const template = readFileSync(manifestPath, 'utf8');
  let manifest: unknown;
  try {
    manifest = JSON.parse(fillPlaceholders(template, values));
  } catch (error) {
    return { manifest: undefined, problems: [`${manifestPath}: ${(error as Error).message}`] };
  }
  const problems = [
    ...(await validateManifestSchema(manifest)).map((e) => `schema: ${e}`),
    ...checkManifestInvariants(manifest, template),
    ...checkIcons(dirname(manifestPath)),
  ];
  return { manifest, problems };
}

async function main(): Promise<void> {
  const manifestPath = resolve(process.argv[2] ?? join(appPackageDir(), 'manifest.json'));
  const values: PlaceholderValues = { ...SAMPLE_PLACEHOLDER_VALUES };
  for (const name of MANIFEST_PLACEHOLDERS) {
    const fromEnv = process.env[name]?.trim();
    if (fromEnv) values[name] = fromEnv;
  }
  const { problems } = await validateAppPackageSource(manifestPath, values);
  console.log(problems.length ? problems.join('\n') : `OK ${manifestPath}`);
  process.exitCode = problems.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`validate:manifest failed: ${(error as Error).message ?? String(error)}`);
    process.exitCode = 1;
  });
}
