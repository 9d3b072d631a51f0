import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runMailboxCommand, type MailboxCliIo } from '../../../src/cli/mailbox.js';
import { PROJECT_ROOT } from '../assessment/projectRoot.js';
import { HEADER, FOOTER, mailboxBlock, utf16le } from './transcript.js';

const enc = (text: string) => new TextEncoder().encode(text);

function io(files: Record<string, Uint8Array | string>, stdin: Uint8Array | string = ''): MailboxCliIo {
  return {
    readFile: async (path) => {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      const f = files[path]!;
      return typeof f === 'string' ? enc(f) : f;
    },
    readStdin: async () => (typeof stdin === 'string' ? enc(stdin) : stdin),
  };
}

const LOG = [...HEADER,
  ...mailboxBlock('ada@contoso.com', 'ada@fabrikam.com', ['>> Error: SOURCE mailbox is under Litigation Hold and this is not a supported scenario']),
  ...mailboxBlock('bob@contoso.com', 'bob@fabrikam.com', ['>> ExchangeGuid match ok']),
  'junk line', ...FOOTER].join('\r\n');

function runCli(args: string[], stdin: string | Uint8Array): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/mailbox.ts', ...args], { cwd: PROJECT_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('mailbox command line (in process)', () => {
  it('prints the readiness JSON of a profile and exits 0, for any verdict', async () => {
    for (const name of ['ready', 'blocked', 'minimal']) {
      const text = await readFile(join(PROJECT_ROOT, `examples/mailbox/${name}.json`));
      const result = await runMailboxCommand(['p.json'], io({ 'p.json': new Uint8Array(text) }));
      assert.equal(result.code, 0, name);
      assert.equal(result.stderr, '');
      const readiness = JSON.parse(result.stdout);
      assert.deepEqual(Object.keys(readiness), ['verdict', 'summary', 'findings', 'commands', 'files']);
    }
  });

  it('--format markdown prints the report with commands in code blocks', async () => {
    const text = await readFile(join(PROJECT_ROOT, 'examples/mailbox/ready.json'));
    const result = await runMailboxCommand(['--format', 'markdown', '-'], io({}, new Uint8Array(text)));
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^# Mailbox move readiness: contoso\.onmicrosoft\.com to fabrikam\.onmicrosoft\.com\n/);
    assert.match(result.stdout, /### Target tenant admin[\s\S]*### Source tenant admin/);
    assert.match(result.stdout, /```powershell\nNew-MigrationBatch /);
  });

  it('--log reads a UTF-16 transcript into mailboxes, organisation, counts and unrecognised lines', async () => {
    const result = await runMailboxCommand(['--log', 'ctmm.log'], io({ 'ctmm.log': utf16le(LOG) }));
    assert.equal(result.code, 0);
    const out = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(out), ['mailboxes', 'organization', 'counts', 'unrecognised']);
    assert.deepEqual(out.mailboxes.map((m: { source: string; target: string }) => [m.source, m.target]), [['ada@contoso.com', 'ada@fabrikam.com'], ['bob@contoso.com', 'bob@fabrikam.com']]);
    assert.equal(out.mailboxes[0].findings[0].hold, 'litigation');
    assert.deepEqual(out.counts, { mailboxes: 2, ready: 1, blocked: 1, errors: 1, warnings: 0, unrecognised: 1 });
    assert.deepEqual(out.unrecognised, ['junk line']);
  });

  it('--log --format markdown groups by cause', async () => {
    const result = await runMailboxCommand(['--log', '-', '--format=markdown'], io({}, LOG));
    assert.equal(result.code, 0);
    assert.match(result.stdout, /1 mailbox is on litigation hold: ada@contoso\.com\./);
  });

  const failures: Array<[string, string[], MailboxCliIo, RegExp]> = [
    ['invalid profile', ['p.json'], io({ 'p.json': '{"source": {}, "mailboxes": 0}' }), /^source\.tenantId: required.*\nsource\.initialDomain: required.*\ntarget: required.*\nmailboxes: expected a whole number, 1 or more; got 0\n$/s],
    ['bad JSON', ['p.json'], io({ 'p.json': '{"source": ' }), /^profile: not valid JSON/],
    ['missing file', ['nope.json'], io({}), /^nope\.json: file not found\n$/],
    ['not a log', ['--log', 'x.csv'], io({ 'x.csv': 'SourceUser,TargetUser\n' }), /^x\.csv: This is not a log of Microsoft's validation script/],
    ['no input', [], io({}), /^missing the profile.*\nusage: /],
    ['two inputs', ['a', 'b'], io({}), /^give exactly one profile\nusage: /],
    ['unknown option', ['--verbose', 'p.json'], io({}), /^unknown option "--verbose"/],
    ['bad format', ['p.json', '--format', 'html'], io({}), /^--format: expected json or markdown; got "html"/],
  ];
  for (const [name, args, fakeIo, stderr] of failures) {
    it(`${name}: exits 2, one line per problem on stderr, nothing on stdout`, async () => {
      const result = await runMailboxCommand(args, fakeIo);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, stderr);
    });
  }
});

describe('mailbox command line (real process)', function () {
  this.timeout(30000);

  it('reads a profile from standard input and prints the same JSON as in process', async () => {
    const text = await readFile(join(PROJECT_ROOT, 'examples/mailbox/blocked.json'), 'utf8');
    const result = await runCli(['-'], text);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    const inProcess = await runMailboxCommand(['-'], io({}, text));
    assert.equal(result.stdout, inProcess.stdout);
  });

  it('reads the example log file', async () => {
    const result = await runCli(['--log', 'examples/mailbox/validation-sample.log'], '');
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout);
    assert.ok(out.counts.mailboxes >= 3);
  });

  it('exits 2 on invalid input with nothing on stdout and no stack', async () => {
    const result = await runCli(['-'], '{"source": {}}');
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^source\.tenantId: required/m);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
