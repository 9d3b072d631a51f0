import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { runCommandsCommand, type CliIo } from '../../../src/cli/commands.js';
import { PROJECT_ROOT } from '../assessment/projectRoot.js';
import { commercial, env } from './support.js';

function io(files: Record<string, string>, stdin = ''): CliIo {
  return {
    readFile: async (path) => {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path]!;
    },
    readStdin: async () => stdin,
  };
}

const valid = JSON.stringify(commercial([env('Sales'), env('Dev', { type: 'developer' })]));

describe('commands command line (in process)', () => {
  it('prints the steps per environment as JSON, blocked environments with their blockers', async () => {
    const result = await runCommandsCommand(['p.json'], io({ 'p.json': valid }));
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    const out = JSON.parse(result.stdout);
    assert.equal(out.route, 'powershell');
    assert.deepEqual(out.environments.map((e: { name: string; steps: unknown[] }) => [e.name, e.steps.length > 0]), [['Sales', true], ['Dev', false]]);
    assert.deepEqual(out.environments[1].blockers, [{ ruleId: 'env-type-unsupported', title: 'Dev is a developer environment, which cannot move' }]);
    for (const step of out.environments[0].steps) {
      assert.deepEqual(Object.keys(step).filter((k) => ['side', 'step', 'purpose'].includes(k)), ['side', 'step', 'purpose']);
    }
  });

  it('--environment, --route and --format select what is printed', async () => {
    const result = await runCommandsCommand(['--route=admin-center', 'p.json', '--environment', 'sales', '--format', 'markdown'], io({ 'p.json': valid }));
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^# Move commands: contoso\.onmicrosoft\.com to fabrikam\.onmicrosoft\.com\n/);
    assert.match(result.stdout, /Route: Power Platform admin center\./);
    assert.doesNotMatch(result.stdout, /## Dev/);
    assert.doesNotMatch(result.stdout, /```/);
  });

  it('--packaging prints the packaging guidance', async () => {
    const profile = JSON.stringify(commercial([env('Sales', { solutions: ['canvas-non-solution-aware'] })]));
    const result = await runCommandsCommand(['-', '--packaging'], io({}, profile));
    assert.equal(result.code, 0);
    assert.equal(JSON.parse(result.stdout).environments[0].entries[0].fallback.route, 'legacy-package');
  });

  const failures: Array<[string, string[], CliIo, RegExp]> = [
    ['bad JSON', ['p.json'], io({ 'p.json': '{"source": ' }), /^profile: not valid JSON/],
    ['missing file', ['nope.json'], io({}), /^nope\.json: file not found\n$/],
    ['no profile', [], io({}), /^missing the profile.*\nusage: /],
    ['unknown route', ['p.json', '--route', 'bash'], io({ 'p.json': valid }), /^--route: expected powershell or admin-center; got "bash"/],
    ['unknown format', ['p.json', '--format=html'], io({ 'p.json': valid }), /^--format: expected json or markdown; got "html"/],
    ['environment without a name', ['p.json', '--environment'], io({ 'p.json': valid }), /^--environment: expected an environment name; got nothing/],
    ['unknown environment', ['p.json', '--environment', 'Prod'], io({ 'p.json': valid }), /^environment: no environment is called "Prod"; the profile has "Sales", "Dev"\n$/],
    ['unknown option', ['p.json', '--verbose'], io({ 'p.json': valid }), /^unknown option "--verbose"/],
    ['a name that cannot be made safe', ['p.json'], io({ 'p.json': JSON.stringify(commercial([env('Sales\nevil'), env('Ops\u0000x')])) }),
      /^environments\[0\]\.name: contains a line break.*\nenvironments\[1\]\.name: contains a line break.*\n$/],
  ];
  for (const [name, args, fakeIo, stderr] of failures) {
    it(`${name}: exits 2, one line per problem on stderr, nothing on stdout`, async () => {
      const result = await runCommandsCommand(args, fakeIo);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, stderr);
    });
  }
});

describe('commands command line (real process)', function () {
  this.timeout(30000);

  function runCli(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/commands.ts', ...args], { cwd: PROJECT_ROOT });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => { stdout += chunk; });
      child.stderr.on('data', (chunk) => { stderr += chunk; });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }

  it('reads standard input and prints the same as in process', async () => {
    const result = await runCli(['-', '--format', 'markdown'], valid);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, (await runCommandsCommand(['-', '--format', 'markdown'], io({}, valid))).stdout);
  });

  it('exits 2 on invalid input with nothing on stdout and no stack', async () => {
    const result = await runCli(['-', '--environment', 'Nope'], valid);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^environment: no environment is called "Nope"/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
