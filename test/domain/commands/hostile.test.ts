/**
 * Hostile values through every field that reaches a command: the environment name (prompts), the environment
 * ID, the destination tenant ID and the tenant domains (prompts). A value either ends up inside a well-formed
 * single-quoted literal, or the whole request is an input error naming the field.
 */
import assert from 'node:assert/strict';
import { assess, assessInput, type MigrationProfile } from '../../../src/domain/assessment/index.js';
import { buildCommandPlan, commandsForInput, renderCommandsMarkdown } from '../../../src/domain/commands/index.js';
import { LOOKALIKE_DASHES } from '../../../src/domain/powershell.js';
import { DST_ID, ENV_ID, ROUTES, codeOutsideLiterals, commercial, env, plan } from './support.js';

const HOSTILE_NAMES = [
  "Sales'; Remove-Item -Recurse C:\\ ; 'evil",
  'Sales $(Remove-Item C:\\evil)',
  'Sales `$(Remove-Item evil)` ${evil}',
  'Sales \u2018quoted\u2019 \u201ARemove-Item evil\u201B',
  'Sales \u2013 EU \u2014 Remove-Item evil',
  'Sales <script>Remove-Item evil</script> [link](http://evil) *bold* _it_',
  'Sales | Remove-Item evil & calc.exe > out.txt',
  'Sales \u202Elive\u202C Remove-Item evil',
  `Sales ${'x'.repeat(400)} Remove-Item evil`,
  '# Remove-Item evil <# block',
];

const CONTROL = ['Sales\nRemove-Item evil', 'Sales\r\nRemove-Item evil', 'Sales\tevil', 'Sales\u0000evil', 'Sales\u2028evil', 'Sales\u0085evil'];

function assertSafe(command: string): void {
  const code = codeOutsideLiterals(command); // fails on an unterminated literal
  assert.doesNotMatch(code, /Remove-Item|evil|calc|\u202E/, `user text escaped its literal:\n${command}`);
  assert.doesNotMatch(command, LOOKALIKE_DASHES);
  // Labels inside prompts carry nothing that reads as a variable, markup or a placeholder.
  for (const literal of command.match(/'(?:[^']|'')*'/g) ?? []) {
    assert.doesNotMatch(literal, /[$`<>[\]*_{}\u202E]/, literal);
  }
}

describe('move commands: hostile values', () => {
  for (const name of HOSTILE_NAMES) {
    for (const route of ROUTES) {
      it(`environment name ${JSON.stringify(name.slice(0, 40))} (${route}) stays inside its literals`, () => {
        const p = plan(commercial([env(name)]), { route });
        const steps = p.environments[0]!.steps;
        assert.ok(steps.length > 0);
        for (const s of steps) if (s.command) assertSafe(s.command);
        for (const s of steps) for (const text of [s.step, s.purpose, ...(s.clicks ?? [])]) {
          assert.doesNotMatch(text, LOOKALIKE_DASHES);
          assert.doesNotMatch(text, /[`<>*_[\]$\u202E]/, text);
        }
        // The name itself is kept as given in the plan and escaped in Markdown.
        assert.equal(p.environments[0]!.name, name.trim());
        assert.doesNotMatch(renderCommandsMarkdown(p).split('\n').filter((l) => l.startsWith('## ')).join('\n'), /<script>/);
      });
    }
  }

  for (const name of CONTROL) {
    it(`environment name ${JSON.stringify(name)} is an input error naming the field`, () => {
      const outcome = commandsForInput(commercial([env('Other'), env(name)]));
      assert.equal(outcome.ok, false);
      if (outcome.ok) return;
      assert.deepEqual(outcome.issues.map((i) => i.path), ['environments[1].name']);
      assert.match(outcome.issues[0]!.message, /line break or another control character.*rename it/);
    });
  }

  it('a control character in the name of an environment that cannot move is no error: it reaches no command', () => {
    const outcome = commandsForInput(commercial([env('Sales'), env('Dev\nbox', { type: 'developer' })]));
    assert.ok(outcome.ok);
  });

  it('an environment ID or tenant ID that is not a GUID is an input error (validated profile)', () => {
    const raw = commercial([env('Sales', { id: `${ENV_ID}'; Remove-Item evil` })]);
    raw.destination.tenantId = 'fabrikam.onmicrosoft.com';
    const outcome = commandsForInput(raw);
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.deepEqual(outcome.issues.map((i) => i.path).sort(), ['destination.tenantId', 'environments[0].id']);
  });

  it('an ID or a domain that skipped validation (a profile built in code) is still refused or quoted', () => {
    const outcome = assessInput(commercial());
    assert.ok(outcome.ok);
    const profile: MigrationProfile = structuredClone(outcome.profile);
    profile.environments[0]!.id = `${ENV_ID}' ; Remove-Item evil; '`;
    profile.destination.tenantId = `${DST_ID}\nRemove-Item evil`;
    const refused = buildCommandPlan(profile, assess(profile));
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.deepEqual(refused.issues.map((i) => i.path), ['destination.tenantId', 'environments[0].id']);

    const quoted: MigrationProfile = structuredClone(outcome.profile);
    delete quoted.destination.tenantId;
    quoted.destination.tenantDomain = "evil'; Remove-Item C:\\ ;'.com";
    const built = buildCommandPlan(quoted, assess(quoted));
    assert.ok(built.ok);
    if (built.ok) for (const s of built.plan.environments[0]!.steps) if (s.command) assertSafe(s.command);
  });

  it('an unknown route or environment is an input error', () => {
    const outcome = assessInput(commercial());
    assert.ok(outcome.ok);
    const route = buildCommandPlan(outcome.profile, outcome.assessment, { route: 'bash' as never });
    assert.deepEqual(route.ok ? [] : route.issues.map((i) => i.path), ['route']);
    const missing = buildCommandPlan(outcome.profile, outcome.assessment, { environment: 'Nope' });
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.equal(missing.issues[0]!.message, 'no environment is called "Nope"; the profile has "Sales"');
  });
});
