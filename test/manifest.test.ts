import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as zlib from 'node:zlib';
import {
  PackageError,
  buildAppPackage,
  crc32,
  createZip,
  resolvePlaceholderValues,
} from '../scripts/packageApp.js';
import {
  SAMPLE_PLACEHOLDER_VALUES,
  checkColorPixels,
  checkIcons,
  checkManifestInvariants,
  checkOutlinePixels,
  decodePng,
  fillPlaceholders,
  findProjectRoot,
  placeholdersIn,
  validateAppPackageSource,
  validateManifestSchema,
} from '../scripts/validateManifest.js';

const root = findProjectRoot();
const packageDir = join(root, 'appPackage');
const template = readFileSync(join(packageDir, 'manifest.json'), 'utf8');
const raw = JSON.parse(template) as Record<string, any>;
const sampleManifest = (): Record<string, any> => JSON.parse(fillPlaceholders(template, SAMPLE_PLACEHOLDER_VALUES));

const TEAMS_APP_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const BOT_ID = '11111111-2222-4333-8444-555555555555';
const EXPECTED_COMMANDS = [
  'help', 'check eligibility', 'assess with a form', 'my assessments', 'checklist',
  'check mapping file', 'track', 'status', 'plan', 'evidence', 'forget me', 'cancel', 'commands',
];

/** Runs `fn` with fetch replaced by a thrower, so any network use fails loudly; returns the attempted URLs. */
async function withoutNetwork<T>(fn: () => Promise<T>): Promise<{ result: T; attempts: string[] }> {
  const original = globalThis.fetch;
  const attempts: string[] = [];
  globalThis.fetch = (async (input: unknown) => {
    attempts.push(String(input));
    throw new Error(`network is off in this test (fetch ${String(input)})`);
  }) as typeof fetch;
  try {
    return { result: await fn(), attempts };
  } finally {
    globalThis.fetch = original;
  }
}

describe('Teams app manifest', () => {
  it('validates offline against the official schema bundled in @microsoft/app-manifest', async () => {
    const { result, attempts } = await withoutNetwork(() => validateManifestSchema(sampleManifest()));
    assert.deepEqual(result, []);
    assert.deepEqual(attempts, []);
  });

  it('the offline schema check is live: it rejects what Teams would reject', async () => {
    const broken = sampleManifest();
    broken.name.short = 'Migration Readiness for every tenant';
    broken.bots[0].scopes = ['personal', 'groupchat'];
    broken.accentColor = 'blue';
    const { result, attempts } = await withoutNetwork(() => validateManifestSchema(broken));
    assert.deepEqual(attempts, []);
    assert.ok(result.some((e) => e.startsWith('/name/short ')), result.join('\n'));
    assert.ok(result.some((e) => e.startsWith('/bots/0/scopes/1 ')), result.join('\n'));
    assert.ok(result.some((e) => e.startsWith('/accentColor ')), result.join('\n'));
  });

  it('uses a current schema (1.22 or newer) that the validator ships, with $schema and manifestVersion in lock-step', () => {
    const version = raw.manifestVersion as string;
    const [major, minor] = version.split('.').map(Number);
    assert.ok(major! > 1 || (major === 1 && minor! >= 22), `manifestVersion ${version}`);
    assert.equal(raw.$schema, `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
    const schemaRoot = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
    assert.ok(existsSync(join(schemaRoot, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json')));
  });

  it('keeps the ids as placeholders and knows every placeholder it uses', () => {
    assert.equal(raw.id, '${{TEAMS_APP_ID}}');
    assert.equal(raw.bots[0].botId, '${{BOT_ID}}');
    assert.equal(raw.name.short, 'Migration Readiness${{APP_NAME_SUFFIX}}');
    assert.deepEqual(placeholdersIn(template).sort(), ['APP_NAME_SUFFIX', 'BOT_ID', 'TEAMS_APP_ID']);
  });

  it('declares one conversational bot for personal chat, teams and group chats that accepts files', () => {
    assert.equal(raw.bots.length, 1);
    const bot = raw.bots[0];
    assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.equal(bot.supportsFiles, true);
    assert.equal(bot.isNotificationOnly, false);
  });

  it('lists every bot command, short titles, each with a description', () => {
    const lists = raw.bots[0].commandLists as { scopes: string[]; commands: { title: string; description: string }[] }[];
    assert.deepEqual(lists.map((l) => l.scopes.join()).sort(), ['groupChat', 'personal', 'team']);
    const titles = new Set(lists.flatMap((l) => l.commands.map((c) => c.title)));
    assert.deepEqual([...titles].sort(), [...EXPECTED_COMMANDS].sort());
    for (const list of lists) {
      assert.equal(new Set(list.commands.map((c) => c.title)).size, list.commands.length, 'a title twice in one list');
      for (const c of list.commands) {
        assert.ok(c.title.length <= 32, c.title);
        assert.ok(c.description.length >= 10 && c.description.length <= 128, `${c.title}: ${c.description}`);
      }
    }
  });

  it('works in shared and private channels (both tenants\' admins see one card there)', () => {
    assert.equal(raw.supportsChannelFeatures, 'tier1');
  });

  it('has https developer links, names within the limits, an accent colour and the package version', () => {
    for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
      assert.equal(new URL(raw.developer[key]).protocol, 'https:', key);
    }
    assert.equal(sampleManifest().name.short, 'Migration Readiness');
    assert.ok(raw.name.full.length <= 100 && raw.description.short.length <= 80);
    assert.match(raw.accentColor, /^#[0-9A-Fa-f]{6}$/);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(raw.version, pkg.version, 'manifest version follows package.json (Teams needs it raised for each upload)');
  });

  it('passes its own invariant checks, which catch each kind of breakage', () => {
    assert.deepEqual(checkManifestInvariants(sampleManifest(), template), []);
    const cases: [string, (m: Record<string, any>) => void, RegExp][] = [
      ['no files', (m) => { m.bots[0].supportsFiles = false; }, /supportsFiles/],
      ['notification only', (m) => { m.bots[0].isNotificationOnly = true; }, /isNotificationOnly/],
      ['no team scope', (m) => { m.bots[0].scopes = ['personal']; }, /lacks "team"/],
      ['schema drift', (m) => { m.manifestVersion = '1.29'; }, /lock-step/],
      ['old schema', (m) => {
        m.manifestVersion = '1.17';
        m.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json';
      }, /older than 1\.22/],
      ['http link', (m) => { m.developer.privacyUrl = 'http://example.com/privacy'; }, /privacyUrl must be an https URL/],
      ['long title', (m) => { m.bots[0].commandLists[0].commands[0].title = 'x'.repeat(33); }, /longer than 32/],
      ['no team commands', (m) => { m.bots[0].commandLists = m.bots[0].commandLists.filter((l: { scopes: string[] }) => !l.scopes.includes('team')); }, /no list for the "team" scope/],
    ];
    for (const [label, mutate, expected] of cases) {
      const m = sampleManifest();
      mutate(m);
      const problems = checkManifestInvariants(m);
      assert.ok(problems.some((p) => expected.test(p)), `${label}: ${problems.join('; ') || 'no problem reported'}`);
    }
    const committedIds = template.replace('${{BOT_ID}}', BOT_ID);
    assert.ok(checkManifestInvariants(sampleManifest(), committedIds).some((p) => p.includes('bots[0].botId')));
    assert.ok(checkManifestInvariants(sampleManifest(), `${template} `.replace('"version"', '"x": "${{SECRET}}", "version"'))
      .some((p) => p.includes('${{SECRET}}')));
  });

  it('npm run validate:manifest logic reports the committed package source clean', async () => {
    const { problems } = await validateAppPackageSource(join(packageDir, 'manifest.json'));
    assert.deepEqual(problems, []);
  });
});

// ---------------------------------------------------------------------------------------------------------

/** Width and height straight from the IHDR chunk (bytes 16..23), independent of the decoder under test. */
function ihdrSize(png: Buffer): [number, number] {
  assert.equal(png.toString('latin1', 1, 4), 'PNG');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/** A tiny RGBA PNG encoder for test images; row filters cycle 0..4 to exercise every decoder path. */
function encodePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const stride = width * 4;
  const rows: Buffer[] = [];
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const line = Buffer.alloc(stride);
    for (let x = 0; x < width; x++) line.set(pixel(x, y), x * 4);
    const filter = y % 5;
    const out = Buffer.alloc(stride + 1);
    out[0] = filter;
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? line[i - 4]! : 0;
      const b = prev[i]!;
      const c = i >= 4 ? prev[i - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a
        : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      out[i + 1] = (line[i]! - predictor) & 0xff;
    }
    rows.push(out);
    prev = line;
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('Teams app icons', () => {
  it('color.png is 192x192 and outline.png is 32x32', () => {
    assert.deepEqual(ihdrSize(readFileSync(join(packageDir, 'color.png'))), [192, 192]);
    assert.deepEqual(ihdrSize(readFileSync(join(packageDir, 'outline.png'))), [32, 32]);
  });

  it('outline.png is white on transparent: only alpha varies, something is drawn, the rest is clear', () => {
    const image = decodePng(readFileSync(join(packageDir, 'outline.png')));
    let visible = 0;
    let clear = 0;
    for (let i = 0; i < image.rgba.length; i += 4) {
      if (image.rgba[i + 3] === 0) { clear++; continue; }
      visible++;
      assert.deepEqual([...image.rgba.subarray(i, i + 3)], [255, 255, 255], `pixel ${i / 4}`);
    }
    assert.ok(visible > 100 && clear > 100, `${visible} visible, ${clear} clear pixels`);
  });

  it('color.png is a full-colour, opaque square (Teams crops the corners itself)', () => {
    const image = decodePng(readFileSync(join(packageDir, 'color.png')));
    const colours = new Set<number>();
    for (let i = 0; i < image.rgba.length; i += 4) {
      assert.equal(image.rgba[i + 3], 255, `pixel ${i / 4} is not opaque`);
      colours.add((image.rgba[i]! << 16) | (image.rgba[i + 1]! << 8) | image.rgba[i + 2]!);
    }
    assert.ok(colours.size > 50, `${colours.size} colours`);
    assert.deepEqual(checkIcons(packageDir), []);
  });

  it('the PNG decoder reads every row filter back exactly', () => {
    const pixel = (x: number, y: number): [number, number, number, number] => [(x * 37 + y) & 255, (y * 53) & 255, (x ^ y) & 255, (x * y) & 255];
    const image = decodePng(encodePng(13, 11, pixel));
    assert.equal(image.width, 13);
    for (let y = 0; y < 11; y++) {
      for (let x = 0; x < 13; x++) assert.deepEqual([...image.rgba.subarray((y * 13 + x) * 4, (y * 13 + x) * 4 + 4)], pixel(x, y));
    }
  });

  it('the icon checks reject a grey outline, an empty one, an opaque one and a colourless colour icon', () => {
    const grey = decodePng(encodePng(32, 32, (x) => (x < 8 ? [200, 200, 200, 255] : [0, 0, 0, 0])));
    assert.match(checkOutlinePixels(grey).join(), /not white, first at \(0,0\) is rgba\(200,200,200,255\)/);
    assert.match(checkOutlinePixels(decodePng(encodePng(32, 32, () => [255, 255, 255, 0]))).join(), /empty/);
    assert.match(checkOutlinePixels(decodePng(encodePng(32, 32, () => [255, 255, 255, 255]))).join(), /no transparent background/);
    assert.deepEqual(checkOutlinePixels(decodePng(encodePng(32, 32, (x) => [255, 255, 255, x * 8]))), []);
    assert.match(checkColorPixels(decodePng(encodePng(8, 8, (x) => [x * 30, x * 30, x * 30, 255]))).join(), /no colour/);
  });
});

// ---------------------------------------------------------------------------------------------------------

interface UnzippedEntry { name: string; method: number; data: Buffer }

/** Reads a zip back from its central directory, inflating and checking each entry's CRC and sizes. */
function unzip(zip: Buffer): UnzippedEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  assert.equal(at + zip.readUInt32LE(end + 12), end, 'central directory does not end at the end record');
  const entries: UnzippedEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    assert.equal(zip.readUInt32LE(local), 0x04034b50, `${name}: no local header`);
    assert.equal(zip.toString('utf8', local + 30, local + 30 + zip.readUInt16LE(local + 26)), name);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressed);
    const data = method === 8 ? zlib.inflateRawSync(body) : method === 0 ? Buffer.from(body) : assert.fail(`method ${method}`);
    assert.equal(data.length, size, `${name}: size`);
    // Cross-check against Node's own CRC where this Node has it (20.15+, 22.2+), else the table version.
    const check = typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? zlib.crc32(data) >>> 0 : crc32(data);
    assert.equal(check, crc, `${name}: CRC`);
    entries.push({ name, method, data });
    at += 46 + skip;
  }
  return entries;
}

describe('Teams app package (npm run package)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mrb-package-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('crc32 matches the standard check values', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
    assert.equal(crc32(Buffer.from('The quick brown fox jumps over the lazy dog')), 0x414fa339);
  });

  it('createZip round-trips stored and deflated entries, including UTF-8 names', () => {
    const text = Buffer.from('migration '.repeat(200));
    const noise = randomBytes(300); // incompressible, so it must be stored
    const entries = unzip(createZip([{ name: 'a.txt', data: text }, { name: 'dir/ünï.bin', data: noise }, { name: 'empty', data: new Uint8Array(0) }]));
    assert.deepEqual(entries.map((e) => e.name), ['a.txt', 'dir/ünï.bin', 'empty']);
    assert.equal(entries[0]!.method, 8);
    assert.equal(entries[1]!.method, 0);
    assert.ok(entries[0]!.data.equals(text) && entries[1]!.data.equals(noise) && entries[2]!.data.length === 0);
    assert.throws(() => createZip([{ name: '../evil', data: text }]), /unsafe/);
    assert.throws(() => createZip([{ name: 'a', data: text }, { name: 'a', data: text }]), /duplicate/);
  });

  it('writes manifest.json, color.png and outline.png at the zip root with the placeholders filled', async () => {
    const outFile = join(dir, 'appPackage.zip');
    const result = await buildAppPackage({ root, outFile, env: { TEAMS_APP_ID, BOT_ID, APP_NAME_SUFFIX: ' (dev)' } });
    assert.equal(result.outFile, outFile);
    const entries = unzip(readFileSync(outFile));
    assert.deepEqual(entries.map((e) => e.name).sort(), ['color.png', 'manifest.json', 'outline.png']);
    const manifestText = entries.find((e) => e.name === 'manifest.json')!.data.toString('utf8');
    assert.doesNotMatch(manifestText, /\$\{\{/);
    const manifest = JSON.parse(manifestText);
    assert.equal(manifest.id, TEAMS_APP_ID);
    assert.equal(manifest.bots[0].botId, BOT_ID);
    assert.equal(manifest.name.short, 'Migration Readiness (dev)');
    for (const icon of ['color.png', 'outline.png']) {
      assert.ok(entries.find((e) => e.name === icon)!.data.equals(readFileSync(join(packageDir, icon))), icon);
    }
    const { result: errors } = await withoutNetwork(() => validateManifestSchema(manifest));
    assert.deepEqual(errors, []);
    assert.ok(result.notes.some((n) => n.includes('APP_WEBSITE_URL')), 'example.com links are pointed out');
  });

  it('is byte-for-byte reproducible and readable by another zip reader', async function () {
    const env = { TEAMS_APP_ID, BOT_ID };
    await buildAppPackage({ root, outFile: join(dir, 'one.zip'), env });
    await buildAppPackage({ root, outFile: join(dir, 'two.zip'), env });
    assert.ok(readFileSync(join(dir, 'one.zip')).equals(readFileSync(join(dir, 'two.zip'))));
    const python = spawnSync('python3', ['-m', 'zipfile', '-t', join(dir, 'one.zip')], { encoding: 'utf8' });
    if (python.error) this.skip();
    assert.equal(python.status, 0, python.stderr);
  });

  it('takes BOT_ID from MicrosoftAppId and developer links from the environment', async () => {
    const outFile = join(dir, 'p.zip');
    const result = await buildAppPackage({
      root, outFile,
      env: { TEAMS_APP_ID, MicrosoftAppId: BOT_ID, APP_PRIVACY_URL: 'https://contoso.example.org/privacy' },
    });
    const manifest = result.manifest as Record<string, any>;
    assert.equal(manifest.bots[0].botId, BOT_ID);
    assert.equal(manifest.developer.privacyUrl, 'https://contoso.example.org/privacy');
    assert.equal(manifest.name.short, 'Migration Readiness');
  });

  it('refuses with a message naming the variable that is missing or wrong, and writes nothing', async () => {
    const outFile = join(dir, 'never.zip');
    const cases: [Record<string, string>, RegExp][] = [
      [{ BOT_ID }, /^TEAMS_APP_ID is not set/],
      [{ TEAMS_APP_ID }, /^BOT_ID \(or MicrosoftAppId\) is not set/],
      [{ TEAMS_APP_ID: 'my-app', BOT_ID }, /^TEAMS_APP_ID is "my-app", which is not a GUID/],
      [{ TEAMS_APP_ID, MicrosoftAppId: '1234' }, /^MicrosoftAppId is "1234", which is not a GUID/],
      [{ TEAMS_APP_ID, BOT_ID, APP_TERMS_URL: 'http://contoso.com/terms' }, /^APP_TERMS_URL is "http:\/\/contoso.com\/terms"; it accepts an https:\/\/ URL/],
      [{ TEAMS_APP_ID, BOT_ID, APP_NAME_SUFFIX: ' (a very long suffix)' }, /APP_NAME_SUFFIX " \(a very long suffix\)" makes the short name too long/],
    ];
    for (const [env, expected] of cases) {
      await assert.rejects(buildAppPackage({ root, outFile, env }), (e: unknown) => {
        assert.ok(e instanceof PackageError, String(e));
        assert.match(e.message, expected);
        return true;
      });
    }
    assert.equal(existsSync(outFile), false);
    assert.deepEqual(resolvePlaceholderValues({ TEAMS_APP_ID: ` ${TEAMS_APP_ID} `, BOT_ID }).TEAMS_APP_ID, TEAMS_APP_ID);
  });

  it('the npm run package command writes the zip and explains a refusal without a stack trace', () => {
    const script = join(root, 'scripts', 'packageApp.ts');
    const hermetic = { APP_NAME_SUFFIX: '', APP_WEBSITE_URL: '', APP_PRIVACY_URL: '', APP_TERMS_URL: '' };
    const run = (env: Record<string, string>, outFile: string) => spawnSync(
      process.execPath, ['--import', 'tsx', script, '--out', outFile],
      // Empty values win over a developer's .env, keeping the run hermetic.
      { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...hermetic, ...env } },
    );
    const ok = run({ TEAMS_APP_ID, BOT_ID }, join(dir, 'cli.zip'));
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /wrote .*cli\.zip/);
    assert.deepEqual(unzip(readFileSync(join(dir, 'cli.zip'))).map((e) => e.name).sort(), ['color.png', 'manifest.json', 'outline.png']);

    const refused = run({ TEAMS_APP_ID: 'not-a-guid', BOT_ID }, join(dir, 'refused.zip'));
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /TEAMS_APP_ID is "not-a-guid", which is not a GUID/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /);
    assert.equal(existsSync(join(dir, 'refused.zip')), false);
  });
});
