import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MAILBOX_CARD_BUDGET, MAILBOX_LOG_TEMPLATE, cardText, fitMailboxLogCard, mailboxLogView, mailboxReadinessView,
  renderMailboxReadinessCard,
} from '../../src/cards/mailboxView.js';
import { cardUtf16Bytes } from '../../src/cards/eligibilityView.js';
import { renderCard } from '../../src/cards/renderer.js';
import { assessMailboxInput, readValidationLog, type ValidationLogReport } from '../../src/domain/mailbox/index.js';
import { projectRoot } from '../../src/paths.js';
import { validateCard } from '../support/cardValidator.js';
import { HEADER, FOOTER, generatedTranscript, mailboxBlock, utf16le } from '../domain/mailbox/transcript.js';

function example(name: string) {
  const outcome = assessMailboxInput(JSON.parse(readFileSync(join(projectRoot, 'examples/mailbox', `${name}.json`), 'utf8')));
  if (!outcome.ok) throw new Error(name);
  return outcome;
}

function texts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock') out.push(String(o.text));
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

function log(input: string | Uint8Array): ValidationLogReport {
  const r = readValidationLog(input);
  if (!r.ok) throw new Error(r.reason);
  return r.report;
}

describe('mailbox readiness card', () => {
  it('blockers first, each with its fix and its dated source; inferred findings marked', () => {
    const { readiness, profile } = example('blocked');
    const view = mailboxReadinessView(readiness, profile);
    assert.deepEqual(view.groups.map((g) => g.heading.replace(/ \(\d+\)$/, '')), ['Blockers', 'Actions', 'Warnings', 'Good to know']);
    for (const g of view.groups) for (const f of g.findings) assert.match(f.sourceText, /^Source: \[[a-z.]+\]\(https:\/\/.+\), page dated \d{4}-\d{2}-\d{2}$/);
    const inferred = view.groups.flatMap((g) => g.findings).filter((f) => f.isInferred);
    assert.equal(inferred.length, 1, 'exo-move-back is inferred');
    assert.match(inferred[0]!.inferredNote, /^Inferred/);
  });

  it('commands grouped by side, target admin first, numbered in run order, copied exactly', () => {
    const { readiness, profile } = example('minimal');
    const view = mailboxReadinessView(readiness, profile);
    assert.deepEqual(view.sides.map((s) => s.heading), ['Target tenant admin: fabrikam.onmicrosoft.com', 'Source tenant admin: contoso.onmicrosoft.com']);
    const card = renderMailboxReadinessCard(readiness, profile);
    const all = texts(card);
    for (const c of readiness.commands) {
      if (c.kind === 'portal') continue;
      assert.ok(all.includes(c.command), `the ${c.side} ${c.step} command appears exactly as generated`);
    }
    assert.ok(all.some((t) => t.startsWith('3. Consent to the migration app')));
    assert.deepEqual(validateCard(card), []);
    assert.ok(cardUtf16Bytes(card) <= MAILBOX_CARD_BUDGET);
  });

  it('escapes Markdown in text but never in a command', () => {
    assert.equal(cardText('first_last@contoso.com *x* [a](b)'), 'first\\_last@contoso.com \\*x\\* \\[a\\](b)');
    const { readiness, profile } = example('ready');
    const view = mailboxReadinessView(readiness, profile);
    const orgrel = view.sides[0]!.steps.find((s) => s.command.includes('$_.DomainNames'));
    assert.ok(orgrel, 'commands keep $_ as it is');
    assert.ok(view.hasFiles);
  });
});

describe('mailbox validation-log card', () => {
  it('counts, organisation findings, causes with Show more', () => {
    const lines = [...HEADER, '>> Error: Expected Migration endpoint not found'];
    for (let i = 0; i < 12; i++) lines.push(...mailboxBlock(`lit${i}@contoso.com`, `lit${i}@fabrikam.com`, ['>> Error: SOURCE mailbox is under Litigation Hold and this is not a supported scenario']));
    lines.push(...mailboxBlock('ok@contoso.com', 'ok@fabrikam.com', ['>> ExchangeGuid match ok']), ...FOOTER);
    const report = log(lines.join('\n'));
    const view = mailboxLogView(report, { label: 'ctmm-users.log' });
    assert.deepEqual(view.counts.map((c) => [c.label, c.value]), [['Ready', '1'], ['Blocked', '12'], ['To check', '0'], ['Lines not read', '0']]);
    assert.equal(view.badge.label, 'Not ready: fix the organisation setup first');
    assert.equal(view.orgFindings[0]!.title, 'No migration endpoint in the target');
    const [cause] = view.causes;
    assert.equal(cause!.headline, '12 mailboxes are on litigation hold:');
    assert.equal(cause!.shown, 'lit0@contoso.com, lit1@contoso.com, lit2@contoso.com, lit3@contoso.com, lit4@contoso.com');
    assert.ok(cause!.hasMore);
    assert.equal(cause!.showLabel, 'Show 7 more');
    assert.match(view.csvNote, /blocked-mailboxes\.csv/);
    const card = renderCard(MAILBOX_LOG_TEMPLATE, view);
    assert.deepEqual(validateCard(card), []);
  });

  it('a log of 5,000 mailboxes fits the Teams budget, every cause still named', () => {
    const report = log(utf16le(generatedTranscript(5000, 2)));
    const fitted = fitMailboxLogCard(report, 'ctmm-users.log');
    assert.ok(fitted.bytes <= MAILBOX_CARD_BUDGET, `${fitted.bytes} bytes`);
    assert.equal(fitted.bytes, cardUtf16Bytes(fitted.card));
    assert.ok(fitted.view.causes.length >= 20);
    assert.deepEqual(validateCard(fitted.card), []);
  });
});
