import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../../../src/cli/identityMap.js';
import { xlsx } from './xlsxFixture.js';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const TENANT = '11111111-2222-3333-4444-555555555555';

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/identityMap.ts', ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('identity-map command line (real process)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'identity-cli-'));
    writeFileSync(join(dir, 'people.csv'), 'Source,Target,TargetEmail,Workstreams\r\nada@contoso.com,ada@fabrikam.onmicrosoft.com,ada@fabrikam.com,\r\nbob@contoso.com,bob@fabrikam.onmicrosoft.com,,mailboxes\r\n');
    writeFileSync(join(dir, 'bad.csv'), 'Source,Target\nada@contoso.com,ada@contoso.com\n');
    writeFileSync(join(dir, 'people.xlsx'), xlsx([['Source', 'Target'], ['ada@contoso.com', 'ada@fabrikam.com']]));
    writeFileSync(join(dir, 'binary.csv'), new Uint8Array([0, 159, 146, 150, 0, 0]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parses its arguments', () => {
    assert.deepEqual(parseArgs(['f.csv', '--export=onedrive', '--source-tenant-id', TENANT]), { file: 'f.csv', export: 'onedrive', sourceTenantId: TENANT });
    assert.ok('error' in parseArgs(['f.csv', '--export', 'excel']));
    assert.ok('error' in parseArgs(['f.csv', '--export', 'onedrive']));
    assert.ok('error' in parseArgs(['f.csv', '--source-tenant-id', 'contoso']));
    assert.ok('error' in parseArgs([]));
  });

  it('prints the check report as JSON without the people; exit 0', () => {
    const r = run([join(dir, 'people.csv')]);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.fileName, 'people.csv');
    assert.deepEqual(report.counts, { people: 2, environments: 1, mailboxes: 2, onedrive: 1 });
    assert.equal('entries' in report, false);
  });

  it('prints an export byte for byte; the onedrive map with the tenant id', () => {
    const batch = run([join(dir, 'people.csv'), '--export', 'exchange-batch']);
    assert.equal(batch.status, 0, batch.stderr);
    assert.equal(batch.stdout, 'EmailAddress\r\nada@fabrikam.com\r\nbob@fabrikam.onmicrosoft.com\r\n');
    const od = run([join(dir, 'people.csv'), '--export', 'onedrive', '--source-tenant-id', TENANT]);
    assert.equal(od.stdout, `User,${TENANT},ada@contoso.com,ada@fabrikam.onmicrosoft.com,ada@fabrikam.com,User\r\n`);
    const fromExcel = run([join(dir, 'people.xlsx'), '--export', 'usermapping']);
    assert.equal(fromExcel.status, 0, fromExcel.stderr);
    assert.equal(fromExcel.stdout, 'Source,Destination\r\nada@contoso.com,ada@fabrikam.com\r\n');
  });

  it('exit 1 with errors (nothing exported), 2 when unreadable or misused', () => {
    const checked = run([join(dir, 'bad.csv')]);
    assert.equal(checked.status, 1);
    assert.equal(JSON.parse(checked.stdout).errors, 1);
    const bad = run([join(dir, 'bad.csv'), '--export', 'usermapping']);
    assert.equal(bad.status, 1);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /nothing is exported from a map with errors/);
    const binary = run([join(dir, 'binary.csv')]);
    assert.equal(binary.status, 2);
    assert.equal(binary.stdout, '');
    assert.equal(run([join(dir, 'missing.csv')]).status, 2);
    const usage = run(['--export', 'nope']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /Usage: npm run --silent identity-map/);
  });
});
