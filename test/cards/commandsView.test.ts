import assert from 'node:assert/strict';
import { assessInput } from '../../src/domain/assessment/index.js';
import { buildCommandPlan, buildPackagingPlan, PACKAGING_KINDS, type CommandPlan } from '../../src/domain/commands/index.js';
import {
  ADMIN_SIDES, COMMANDS_CARD_BUDGET, COMMANDS_CARD_COMMANDS, commandsCards, commandsCommand, fitCommandsCard, packagingCommand,
} from '../../src/cards/commandsView.js';
import { fitPackagingCard, PACKAGING_CARD_BUDGET } from '../../src/cards/packagingView.js';
import { validateCard } from '../support/cardValidator.js';

type Node = Record<string, unknown>;

function walk(node: unknown, visit: (o: Node) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Node);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

function find(card: object, type: string): Node[] {
  const out: Node[] = [];
  walk(card, (o) => { if (o.type === type) out.push(o); });
  return out;
}

const GUID = (n: number): string => `${String(n).padStart(8, '0')}-aaaa-bbbb-cccc-dddddddddddd`;

function profile(environments: Array<Record<string, unknown>>, extra: { cloud?: string; noIds?: boolean } = {}): Record<string, unknown> {
  return {
    source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'NA', ...(extra.cloud ? { cloud: extra.cloud } : {}) },
    destination: {
      tenantDomain: 'fabrikam.onmicrosoft.com', region: 'NA',
      ...(extra.noIds ? {} : { tenantId: '66666666-7777-8888-9999-000000000000' }),
      ...(extra.cloud ? { cloud: extra.cloud } : {}),
    },
    environments,
  };
}

function plans(raw: Record<string, unknown>) {
  const outcome = assessInput(raw);
  if (!outcome.ok) assert.fail(JSON.stringify(outcome.issues));
  const build = (route: 'powershell' | 'admin-center'): CommandPlan => {
    const built = buildCommandPlan(outcome.profile, outcome.assessment, { route });
    if (!built.ok) assert.fail(JSON.stringify(built.issues));
    return built.plan;
  };
  const packaging = buildPackagingPlan(outcome.profile, outcome.assessment);
  if (!packaging.ok) assert.fail(JSON.stringify(packaging.issues));
  return { powershell: build('powershell'), adminCenter: build('admin-center'), packaging: packaging.plan };
}

const sales = { name: 'Sales', id: GUID(1), type: 'sandbox', managedEnvironment: false, linkedToFinanceAndOperations: false, solutions: ['power-automate'] };
const ops = { name: 'Ops', type: 'sandbox', managedEnvironment: false, linkedToFinanceAndOperations: false };
const dev = { name: 'Dev', type: 'developer' };

describe('commands cards', () => {
  it('gives one card per admin, each with its own commands as code blocks that copy exactly', () => {
    const { powershell } = plans(profile([sales, ops, dev]));
    const cards = commandsCards(powershell, { assessmentId: 'a1b2c3', environment: 'Sales' });
    assert.deepEqual(cards.map((c) => c.view.side), [...ADMIN_SIDES]);
    const env = powershell.environments[0]!;
    for (const fitted of cards) {
      assert.deepEqual(validateCard(fitted.card), []);
      const own = env.steps.filter((s) => s.side === fitted.view.side && s.command);
      const blocks = find(fitted.card, 'CodeBlock');
      assert.deepEqual(blocks.map((b) => b.codeSnippet), own.map((s) => s.command));
      for (const block of blocks) {
        assert.equal(block.language, 'PowerShell');
        const fallbackLines = find(block.fallback as object, 'TextBlock').map((t) => t.text);
        assert.equal(fallbackLines.join('\n'), block.codeSnippet, 'the fallback shows the same lines');
        assert.ok(find(block.fallback as object, 'TextBlock').every((t) => t.fontType === 'Monospace' && t.wrap === true));
      }
    }
    // The destination card names the source steps only as waits, never their commands.
    const destinationText = JSON.stringify(cards[1]!.card);
    assert.doesNotMatch(destinationText, /SubmitMigrationRequest -EnvironmentName/);
    assert.match(destinationText, /Source admin: Submit the move request/);
  });

  it('the admin-center route shows numbered clicks and no code', () => {
    const { adminCenter } = plans(profile([sales]));
    const { card } = fitCommandsCard(adminCenter, { assessmentId: 'a1b2c3', side: 'destination' });
    assert.equal(find(card, 'CodeBlock').length, 0);
    const clicks = find(card, 'TextBlock').map((t) => String(t.text)).find((t) => t.startsWith('1. Open https://admin.powerplatform.microsoft.com'));
    assert.ok(clicks);
    assert.match(clicks, /\n2\. Select Manage, then Environments\.\n3\. In the banner, select Review moves\./);
  });

  it('every button runs a typed command the bot knows, for this assessment', () => {
    const { powershell, packaging } = plans(profile([sales, ops, dev]));
    const cards = [
      ...commandsCards(powershell, { assessmentId: 'a1b2c3', environment: 'Ops' }).map((c) => c.card),
      fitPackagingCard(packaging, { assessmentId: 'a1b2c3' }).card,
    ];
    const typed: string[] = [];
    for (const card of cards) {
      for (const action of (card.actions as Node[] | undefined) ?? []) {
        assert.equal(action.type, 'Action.Submit');
        typed.push(String((action.data as Node).typed));
      }
      assert.equal(find(card, 'Action.Execute').length, 0);
    }
    assert.ok(typed.length >= 4);
    for (const text of typed) {
      assert.ok(COMMANDS_CARD_COMMANDS.some((c) => text.startsWith(`${c} a1b2c3 `)), text);
    }
    assert.ok(typed.includes(commandsCommand('a1b2c3', 'Sales')));
    assert.ok(typed.includes(commandsCommand('a1b2c3', 'Ops', 'admin-center')));
    assert.ok(typed.includes(packagingCommand('a1b2c3', 'Ops')));
    assert.equal(commandsCommand('a1b2c3', 'Ops', 'admin-center'), 'commands a1b2c3 Ops in admin center');
  });

  it('an environment that cannot move gets a card that says why, with no steps', () => {
    const { powershell } = plans(profile([sales, dev]));
    const { card, view } = fitCommandsCard(powershell, { assessmentId: 'a1b2c3', side: 'source', environment: 'dev' });
    assert.equal(view.canMove, false);
    assert.equal(find(card, 'CodeBlock').length, 0);
    assert.match(JSON.stringify(card), /Dev cannot move: Dev is a developer environment, which cannot move/);
  });

  it('a user\'s "${" stays text', () => {
    const { powershell } = plans(profile([{ ...sales, name: 'Sales ${evil}' }]));
    for (const { card } of commandsCards(powershell, { assessmentId: 'a1b2c3' })) assert.doesNotMatch(JSON.stringify(card), /\$\{/);
  });

  it('50 environments, every kind of app, no IDs, a government cloud: every card of every page fits', function () {
    this.timeout(60000);
    const long = 'Environment with a very long name that goes on and on '.repeat(8);
    const environments = Array.from({ length: 50 }, (_, i) => ({
      name: `${long}${i}`, type: i % 10 === 9 ? 'developer' : 'production', sandboxCopyTested: true,
      managedEnvironment: false, linkedToFinanceAndOperations: false, solutions: [...PACKAGING_KINDS, 'marketing'],
    }));
    const { powershell, adminCenter, packaging } = plans(profile(environments, { cloud: 'gcc', noIds: true }));
    let largest = 0;
    for (const plan of [powershell, adminCenter]) {
      for (const env of plan.environments) {
        for (const side of ADMIN_SIDES) {
          const fitted = fitCommandsCard(plan, { assessmentId: 'a1b2c3', side, environment: env.name });
          assert.ok(fitted.bytes <= COMMANDS_CARD_BUDGET, `${env.name} ${side}: ${fitted.bytes}`);
          assert.equal(fitted.view.isShortened, false, 'fits without shortening');
          largest = Math.max(largest, fitted.bytes);
        }
      }
    }
    for (const env of packaging.environments) {
      const fitted = fitPackagingCard(packaging, { assessmentId: 'a1b2c3', environment: env.name });
      assert.ok(fitted.bytes <= PACKAGING_CARD_BUDGET, `${env.name}: ${fitted.bytes}`);
      largest = Math.max(largest, fitted.bytes);
    }
    assert.ok(largest < 80_000);
  });

  it('falls back to the brief card when the full one is over budget', () => {
    const { powershell } = plans(profile([sales]));
    const fitted = fitCommandsCard(powershell, { assessmentId: 'a1b2c3', side: 'source' }, 20_000);
    assert.equal(fitted.view.isShortened, true);
    assert.ok(fitted.view.steps.every((s) => s.purpose === ''));
    assert.deepEqual(validateCard(fitted.card), []);
  });
});

describe('packaging card', () => {
  it('labels the legacy package as a fallback and cites each entry with its date', () => {
    const { packaging } = plans(profile([{ ...sales, solutions: ['canvas-non-solution-aware', 'gateways'] }]));
    const { card, view } = fitPackagingCard(packaging, { assessmentId: 'a1b2c3' });
    assert.deepEqual(validateCard(card), []);
    assert.deepEqual(view.entries.map((e) => [e.title, e.routeLabel, e.hasFallback]), [
      ['Canvas apps outside solutions', 'Move it in a solution', true],
      ['On-premises data gateways', 'Recreate it', false],
    ]);
    assert.equal(view.entries[0]!.fallbackLabel, 'Fallback: legacy export package');
    assert.match(view.entries[0]!.sourceText, /^Source: \[learn\.microsoft\.com\]\(https:\/\/learn\.microsoft\.com\/.+\) \(2025-07-28, our inference\)$/);
  });
});
