import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runAssessCommand, type CliIo } from '../../../src/cli/assess.js';
import { baseProfile, profileWith } from './fixtures.js';
import { PROJECT_ROOT } from './projectRoot.js';

function io(files: Record<string, string>, stdin = ''): CliIo {
  return {
    readFile: async (path) => {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path];
    },
    readStdin: async () => stdin,
  };
}

const valid = JSON.stringify(baseProfile());

describe('assess command line (in process)', () => {
  it('prints the assessment JSON and exits 0', async () => {
    const result = await runAssessCommand(['p.json'], io({ 'p.json': valid }));
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    const assessment = JSON.parse(result.stdout);
    assert.equal(assessment.verdict, 'eligible');
    assert.ok(result.stdout.endsWith('}\n'));
  });

  it('exits 0 for a not-eligible verdict too', async () => {
    const blocked = JSON.stringify(profileWith((p) => { p.environments[0].type = 'teams'; }));
    const result = await runAssessCommand(['-'], io({}, blocked));
    assert.equal(result.code, 0);
    assert.equal(JSON.parse(result.stdout).verdict, 'not-eligible');
  });

  it('prints markdown with --format markdown or --format=markdown', async () => {
    for (const args of [['p.json', '--format', 'markdown'], ['--format=markdown', 'p.json']]) {
      const result = await runAssessCommand(args, io({ 'p.json': valid }));
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^# Migration readiness: contoso\.onmicrosoft\.com to fabrikam\.onmicrosoft\.com\n/);
    }
  });

  it('an invalid profile exits 2 with one line per problem on stderr and nothing on stdout', async () => {
    const invalid = JSON.stringify(profileWith((p) => {
      p.source.region = 'Mars';
      p.environments.push({ name: 'Dev', type: 'prd' });
    }));
    const result = await runAssessCommand(['p.json'], io({ 'p.json': invalid }));
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^source\.region: expected one of NA, /);
    assert.match(lines[1], /^environments\[1\]\.type: expected one of production, sandbox, default, teams, trial, demo, developer; got "prd"$/);
  });

  const failures: Array<[string, string[], CliIo, RegExp]> = [
    ['bad JSON', ['p.json'], io({ 'p.json': '{"source": ' }), /^profile: not valid JSON/],
    ['missing file', ['nope.json'], io({}), /^nope\.json: file not found\n$/],
    ['no profile argument', [], io({}), /^missing the profile.*\nusage: /],
    ['two profiles', ['a.json', 'b.json'], io({}), /^give exactly one profile\nusage: /],
    ['unknown format', ['p.json', '--format', 'html'], io({ 'p.json': valid }), /^--format: expected json or markdown; got "html"/],
    ['format without value', ['p.json', '--format'], io({ 'p.json': valid }), /^--format: expected json or markdown; got nothing/],
    ['unknown option', ['--verbose', 'p.json'], io({ 'p.json': valid }), /^unknown option "--verbose"/],
  ];
  for (const [name, args, fakeIo, stderr] of failures) {
    it(`${name}: exits 2, explains on stderr, prints nothing on stdout`, async () => {
      const result = await runAssessCommand(args, fakeIo);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, stderr);
    });
  }

  it('contradictory input (a GCC tenant in Europe, an environment in CHN) exits 2 naming the fields', async () => {
    const contradictory = JSON.stringify(profileWith((p) => {
      p.source.cloud = 'gcc';
      p.source.region = 'EUR';
      p.environments[0].region = 'CHN';
    }));
    const result = await runAssessCommand(['-'], io({}, contradictory));
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.ok(lines.some((line) => line.startsWith("source.region: the source tenant's region cannot be EUR")), result.stderr);
    assert.ok(lines.some((line) => line.startsWith('environments[0].region: the region of "Contoso Sales" cannot be CHN')), result.stderr);
  });

  it('--help prints the usage', async () => {
    const result = await runAssessCommand(['--help'], io({}));
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^usage: npm run --silent assess -- <profile\.json \| -> \[--format json\|markdown\]\n$/);
  });
});

describe('assess command line (real process)', function () {
  this.timeout(30000);

  function runCli(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/assess.ts', ...args], { cwd: PROJECT_ROOT });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => { stdout += chunk; });
      child.stderr.on('data', (chunk) => { stderr += chunk; });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }

  it('reads a profile from standard input and prints the same JSON as in process', async () => {
    const text = await readFile(join(PROJECT_ROOT, 'examples/blocked.json'), 'utf8');
    const result = await runCli(['-'], text);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    const inProcess = await runAssessCommand(['-'], io({}, text));
    assert.equal(result.stdout, inProcess.stdout);
  });

  it('exits 2 on an invalid profile, with nothing on stdout', async () => {
    const result = await runCli(['-'], '{"source": {}}');
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^source\.tenantDomain: required/m);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
