import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, parseArgs, type CliIo } from '../../../src/cli/checkMapping.js';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

function fakeIo(files: Record<string, string>): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => { io.out += t; },
    stderr: (t: string) => { io.err += t; },
    readFile: async (path: string) => {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return new TextEncoder().encode(files[path]);
    },
  };
  return io;
}

describe('check-mapping command line', () => {
  it('parses the file and both domain lists, in either option form', () => {
    assert.deepEqual(parseArgs(['f.csv', '--source-domains', 'a.com, b.com', '--destination-domains=c.com']),
      { file: 'f.csv', sourceDomains: ['a.com', 'b.com'], destinationDomains: ['c.com'] });
    assert.deepEqual(parseArgs(['--source-domains']), { error: '--source-domains needs a comma-separated list of domains, for example --source-domains contoso.com,contoso.onmicrosoft.com.' });
    assert.deepEqual(parseArgs(['--verbose', 'f.csv']), { error: 'Unknown option --verbose.' });
    assert.deepEqual(parseArgs([]), { error: 'Name the mapping file to check.' });
    assert.ok('error' in parseArgs(['a.csv', 'b.csv']));
  });

  it('prints the JSON report without the rows; exit 0 without errors, 1 with errors', async () => {
    const io = fakeIo({
      'dir/usermapping.csv': 'Source,Destination\na@contoso.com,a@fabrikam.com\n',
      'dir/Mapping.csv': 'a@contoso.com,a@contoso.com\n',
    });
    assert.equal(await main(['dir/usermapping.csv', '--destination-domains', 'fabrikam.com'], io), 0);
    const report = JSON.parse(io.out);
    assert.equal(report.fileName, 'usermapping.csv');
    assert.equal(report.mappedUsers, 1);
    assert.deepEqual(report.destinationDomains, ['fabrikam.com']);
    assert.equal('rows' in report, false);

    io.out = '';
    assert.equal(await main(['dir/Mapping.csv'], io), 1);
    assert.deepEqual(JSON.parse(io.out).problems.map((p: { checkId: string }) => p.checkId), ['map-filename', 'map-same-as-source']);
  });

  it('exit 2 with a plain message when the file cannot be read or the arguments are wrong', async () => {
    const io = fakeIo({});
    assert.equal(await main(['missing.csv'], io), 2);
    assert.equal(io.err, 'Cannot read "missing.csv": there is no such file.\n');
    assert.equal(io.out, '');
    io.err = '';
    assert.equal(await main([], io), 2);
    assert.match(io.err, /Usage: npm run --silent check-mapping -- <file>/);
  });

  it('runs as a process with the documented exit codes', function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'check-mapping-'));
    try {
      const good = join(dir, 'usermapping.csv');
      writeFileSync(good, 'Source,Destination\r\na@contoso.com,a@fabrikam.com\r\n');
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, 'a@contoso.com;a@fabrikam.com\r\n');
      const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/checkMapping.ts', ...args],
        { cwd: projectRoot, encoding: 'utf8' });
      const ok = run(good, '--source-domains', 'contoso.com');
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(JSON.parse(ok.stdout).errors, 0);
      const errors = run(bad);
      assert.equal(errors.status, 1, errors.stderr);
      assert.ok(JSON.parse(errors.stdout).problems.some((p: { checkId: string }) => p.checkId === 'map-separator'));
      const missing = run(join(dir, 'nope.csv'));
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /there is no such file/);
      assert.doesNotMatch(missing.stderr, /at .*\.ts:\d+/);
      const folder = run(dir);
      assert.equal(folder.status, 2);
      assert.match(folder.stderr, /it is a folder, not a file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
