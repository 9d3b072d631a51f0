import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ELIGIBILITY_CARD_BUDGET,
  INFERRED_LABEL,
  MARKETING_ACK_VERB,
  START_OVER_COMMAND,
  cardUtf16Bytes,
  eligibilityCardView,
  fitEligibilityCard,
  formatNumber,
  formatStorage,
  formatUtc,
  marketingCardView,
  sourceText,
  type EligibilityView,
  type SectionView,
} from '../../src/cards/eligibilityView.js';
import { renderCard } from '../../src/cards/renderer.js';
import { projectRoot } from '../../src/paths.js';
import {
  MARKETING_STATE_IDS,
  SEVERITIES,
  VERDICTS,
  type Assessment,
  type EnvironmentAssessment,
  type Finding,
  type MigrationProfile,
  type Severity,
  type Verdict,
} from '../../src/domain/assessment/types.js';
import { validateCard } from '../support/cardValidator.js';

// Inputs are built by hand so these tests do not depend on the engine's wording or rules.

const LEARN = 'https://learn.microsoft.com/power-platform/admin/move-environment-tenant';
const OLD = 'https://github.com/MicrosoftDocs/power-platform/blob/0123456789abcdef/power-platform/admin/move-environment-tenant.md';

function finding(severity: Severity, environment: string | null, ruleId: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    severity,
    environment,
    title: `${ruleId} title${environment ? ` for ${environment}` : ''}`,
    detail: `${ruleId} detail${environment ? ` about ${environment}` : ''}.`,
    source: LEARN,
    guidance: 'current',
    basis: 'documented',
    sourceDate: '2026-02-13',
    ...extra,
  };
}

function verdictOf(findings: Finding[]): Verdict {
  const s = new Set(findings.map((f) => f.severity));
  return s.has('blocker') ? 'not-eligible' : s.has('support') ? 'support-required'
    : s.has('action') || s.has('warning') ? 'eligible-with-actions' : 'eligible';
}

function profileOf(names: string[]): MigrationProfile {
  return {
    source: {
      tenantDomain: 'contoso.onmicrosoft.com', tenantId: '11111111-2222-3333-4444-555555555555', region: 'EUR',
      cloud: 'commercial', activeLicensedUsers: 1200, customerLockbox: true,
    },
    destination: {
      tenantDomain: 'fabrikam.onmicrosoft.com', region: 'NA', paidSubscription: false, availableLicenses: 800,
      availableStorageGb: { database: 50, file: 1536 },
    },
    environments: names.map((name, i) => ({
      name,
      type: i === 1 ? 'developer' : 'production',
      ...(i === 0 ? { region: 'UK' as const } : {}),
      managedEnvironment: false,
      storageGb: 12.5,
      mappedUsers: 640,
      solutions: i === 0 ? ['power-automate', 'marketing'] : [],
    })),
  };
}

/** Two environments: Sales needs support and has actions, Dev is blocked; plus tenant-wide findings. */
function sample(): { profile: MigrationProfile; assessment: Assessment } {
  const profile = profileOf(['Contoso Sales', 'Contoso Dev']);
  const tenant = [
    finding('action', null, 'tenant-id-missing'),
    finding('warning', null, 'dst-licenses-active', { guidance: 'legacy', source: OLD }),
    finding('info', null, 'cutover-downtime'),
  ];
  const sales = [
    finding('support', 'Contoso Sales', 'sol-marketing'),
    finding('action', 'Contoso Sales', 'sol-power-automate'),
    finding('action', 'Contoso Sales', 'env-sandbox-rehearsal', { guidance: 'legacy', source: OLD }),
    finding('warning', 'Contoso Sales', 'sol-component-library'),
    finding('info', 'Contoso Sales', 'mapping-file-required'),
  ];
  const dev = [
    finding('blocker', 'Contoso Dev', 'env-type-unsupported'),
    finding('info', 'Contoso Dev', 'mapping-file-required'),
  ];
  const environments: EnvironmentAssessment[] = [
    { name: 'Contoso Sales', verdict: verdictOf([...tenant, ...sales]), findings: sales },
    { name: 'Contoso Dev', verdict: verdictOf([...tenant, ...dev]), findings: dev },
  ];
  return {
    profile,
    assessment: {
      verdict: 'not-eligible',
      summary: '1 of 2 environments needs Microsoft support; 1 cannot move.',
      environments,
      findings: [...tenant, ...sales, ...dev],
      marketing: MARKETING_STATE_IDS.map((id) => ({ id, text: `State ${id}.` })),
    },
  };
}

const OPTIONS = { assessmentId: 'a1b2c3', createdAt: '2026-11-22T18:03:41.512Z' };

function walk(node: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

function byId(card: object, id: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  walk(card, (o) => {
    if (o.id === id) found = o;
  });
  assert.ok(found, `no element with id ${id}`);
  return found;
}

function texts(node: unknown): string[] {
  const out: string[] = [];
  walk(node, (o) => {
    if ((o.type === 'TextBlock' || o.type === 'TextRun') && typeof o.text === 'string') out.push(o.text);
    if (typeof o.title === 'string' && typeof o.value === 'string') out.push(`${o.title}: ${o.value}`);
  });
  return out;
}

/** Renders through the real template and proves the result is a valid Adaptive Card 1.5. */
function render(view: object, name = 'eligibility'): Record<string, unknown> {
  const card = renderCard(name, view);
  assert.deepEqual(validateCard(card), []);
  return card;
}

describe('eligibility card view', () => {
  it('shows the overall verdict as a badge with words, colour and a shape', () => {
    const expected: Record<Verdict, [string, string, string]> = {
      eligible: ['Eligible', 'Good', 'good'],
      'eligible-with-actions': ['Eligible with actions', 'Warning', 'warning'],
      'support-required': ['Microsoft support required', 'Accent', 'accent'],
      'not-eligible': ['Not eligible', 'Attention', 'attention'],
    };
    const icons = new Set<string>();
    for (const verdict of VERDICTS) {
      const { profile, assessment } = sample();
      const view = eligibilityCardView(profile, { ...assessment, verdict }, OPTIONS);
      assert.deepEqual([view.badge.label, view.badge.color, view.badge.style], expected[verdict]);
      icons.add(view.badge.icon);
      const card = render(view);
      const badge = (card.body as Array<Record<string, unknown>>).find((e) => e.type === 'Container' && e.style === expected[verdict][2]);
      assert.ok(badge, `${verdict}: no ${expected[verdict][2]} container`);
      assert.deepEqual(texts(badge), [`${view.badge.icon}  ${expected[verdict][0]}`]);
    }
    assert.equal(icons.size, VERDICTS.length, 'each verdict has its own shape, not colour alone');
  });

  it('says the summary, the route between the two tenants and what to do next', () => {
    const { profile, assessment } = sample();
    const all = texts(render(eligibilityCardView(profile, assessment, OPTIONS))).join('\n');
    assert.match(all, /1 of 2 environments needs Microsoft support; 1 cannot move\./);
    assert.match(all, /From: contoso\.onmicrosoft\.com, Europe \(EUR\)/);
    assert.match(all, /To: fabrikam\.onmicrosoft\.com, United States \(NA\)/);
    assert.match(all, /What to do next:.*Open the sections marked "Not eligible"/);
  });

  it('gives one section per environment with its verdict and counts per severity', () => {
    const { profile, assessment } = sample();
    const view = eligibilityCardView(profile, assessment, OPTIONS);
    assert.deepEqual(view.environments.map((e) => e.title), ['Contoso Sales', 'Contoso Dev']);
    const [sales, dev] = view.environments;
    assert.equal(sales.subtitle, 'Production · United Kingdom (UK)');
    assert.equal(sales.verdict.label, 'Microsoft support required');
    assert.equal(sales.counts.map((r) => r.text).join(''), '1 for Microsoft support · 2 actions · 1 warning · 1 note');
    assert.equal(dev.verdict.label, 'Not eligible');
    assert.equal(dev.subtitle, 'Developer · Europe (EUR)');
    assert.equal(dev.counts.map((r) => r.text).join(''), '1 blocker · 1 note');
    assert.equal(dev.counts[0].color, 'Attention');
  });

  it('groups findings by severity in the order blocker, support, action, warning, with info apart', () => {
    const { profile, assessment } = sample();
    // Shuffled input: the card must not rely on the engine's order.
    const sales = assessment.environments[0];
    sales.findings = [...sales.findings].reverse();
    const view = eligibilityCardView(profile, assessment, OPTIONS);
    const [salesView] = view.environments;
    assert.deepEqual(salesView.groups.map((g) => g.severity), ['support', 'action', 'warning']);
    assert.deepEqual(salesView.groups[1].findings.map((f) => f.title).sort(), [
      'env-sandbox-rehearsal title for Contoso Sales', 'sol-power-automate title for Contoso Sales',
    ]);
    assert.deepEqual(salesView.info.map((f) => f.title), ['mapping-file-required title for Contoso Sales']);
    const order: readonly Severity[] = SEVERITIES.filter((s) => s !== 'info');
    for (const section of [view.tenantSection, ...view.environments]) {
      const positions = section.groups.map((g) => order.indexOf(g.severity));
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    }
  });

  it('gives each finding its detail, a source link by host, and a note when only older guidance states it', () => {
    const { profile, assessment } = sample();
    const view = eligibilityCardView(profile, assessment, OPTIONS);
    const actions = view.environments[0].groups.find((g) => g.severity === 'action')!.findings;
    const rehearsal = actions.find((f) => f.title.startsWith('env-sandbox-rehearsal'))!;
    const flows = actions.find((f) => f.title.startsWith('sol-power-automate'))!;
    assert.equal(flows.detailText, 'sol-power-automate detail about Contoso Sales.');
    assert.equal(flows.sourceText, `Source: [learn.microsoft.com](${LEARN}), page dated 2026-02-13`);
    assert.equal(flows.isInferred, false);
    assert.equal(flows.inferredLabel, '');
    assert.equal(flows.hasLegacyNote, false);
    assert.equal(rehearsal.hasLegacyNote, true);
    assert.match(rehearsal.legacyNote, /older Microsoft guidance/);
    assert.match(rehearsal.sourceText, /^Source: \[older revision of the Microsoft page \(github\.com\)\]\(https:\/\/github\.com\/MicrosoftDocs\//);
    const card = render(view);
    const all = texts(card).join('\n');
    assert.match(all, /sol-power-automate detail about Contoso Sales\./);
    assert.equal(all.split('older Microsoft guidance').length - 1, 2, 'one note per legacy finding');
  });

  it('marks an inferred finding visibly, above its title, at every level of detail', () => {
    const { profile, assessment } = sample();
    const marketing = assessment.findings.find((f) => f.ruleId === 'sol-marketing')!;
    marketing.basis = 'inferred';
    marketing.sourceDate = '2026-08-13';
    for (const detail of ['full', 'brief'] as const) {
      const view = eligibilityCardView(profile, assessment, { ...OPTIONS, detail });
      const support = view.environments[0].groups.find((g) => g.severity === 'support')!.findings[0];
      assert.equal(support.isInferred, true);
      assert.equal(support.inferredLabel, INFERRED_LABEL);
      assert.match(support.sourceText, /, page dated 2026-08-13$/);
      const all = texts(render(view));
      const label = all.indexOf(INFERRED_LABEL);
      assert.ok(label >= 0, `${detail}: the label is on the card`);
      assert.equal(all[label + 1], support.title, `${detail}: the label comes right before the title`);
      assert.equal(all.filter((t) => t === INFERRED_LABEL).length, 1, `${detail}: only the inferred finding is labelled`);
    }
  });

  it('shows tenant-wide findings once, in their own section, and explains a verdict they cause', () => {
    const { profile, assessment } = sample();
    // An engine that also copied tenant-wide findings into each environment must not make them appear twice.
    assessment.environments[1].findings.push(assessment.findings[0]);
    const view = eligibilityCardView(profile, assessment, OPTIONS);
    assert.equal(view.hasTenantSection, true);
    assert.deepEqual(view.tenantSection.groups.map((g) => g.severity), ['action', 'warning']);
    const all = texts(render(view)).join('\n');
    assert.equal(all.split('tenant-id-missing title').length - 1, 1);

    // Dev's own findings are only info, but a tenant-wide action makes it "eligible after actions".
    const clean = sample();
    clean.assessment.environments[1] = {
      name: 'Contoso Dev', verdict: 'eligible-with-actions', findings: [finding('info', 'Contoso Dev', 'mapping-file-required')],
    };
    const dev = eligibilityCardView(clean.profile, clean.assessment, OPTIONS).environments[1];
    assert.equal(dev.hasVerdictNote, true);
    assert.match(dev.verdictNote, /whole migration/);
    assert.equal(eligibilityCardView(clean.profile, clean.assessment, OPTIONS).environments[0].hasVerdictNote, false);
  });

  it('keeps every section collapsed behind a toggle with unique ids, and notes collapsed inside', () => {
    const { profile, assessment } = sample();
    const card = render(eligibilityCardView(profile, assessment, OPTIONS));
    const ids: string[] = [];
    const toggles: string[][] = [];
    walk(card, (o) => {
      if (typeof o.id === 'string') ids.push(o.id);
      if (o.type === 'Action.ToggleVisibility') toggles.push(o.targetElements as string[]);
    });
    assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
    for (const targets of toggles) for (const id of targets) assert.ok(ids.includes(id), `toggle targets missing ${id}`);
    for (const key of ['tenant', 'env-1', 'env-2']) {
      assert.equal(byId(card, `${key}-details`).isVisible, false, `${key} details start collapsed`);
      assert.equal(byId(card, `${key}-details-show`).isVisible, undefined);
      assert.equal(byId(card, `${key}-details-hide`).isVisible, false);
      assert.equal(byId(card, `${key}-info`).isVisible, false, `${key} notes start collapsed`);
    }
    // Collapsed text is still on the card (Teams toggles it locally, without a round trip).
    assert.match(texts(byId(card, 'env-2-details')).join('\n'), /env-type-unsupported detail about Contoso Dev/);
    assert.equal(byId(card, 'inputs').isVisible, false);
  });

  it('shows notes without a second toggle when a section has nothing else', () => {
    const { profile, assessment } = sample();
    assessment.environments[1].findings = [finding('info', 'Contoso Dev', 'mapping-file-required')];
    const card = render(eligibilityCardView(profile, assessment, OPTIONS));
    assert.equal(byId(card, 'env-2-info').isVisible, true);
    let infoToggle = false;
    walk(card, (o) => {
      if (o.id === 'env-2-info-show') infoToggle = true;
    });
    assert.equal(infoToggle, false);
  });

  it('lists the inputs it was based on, with unknown facts said as unknown', () => {
    const { profile, assessment } = sample();
    delete profile.environments[1].managedEnvironment;
    const view = eligibilityCardView(profile, assessment, OPTIONS);
    const source = Object.fromEntries(view.sourceFacts.map((f) => [f.title, f.value]));
    const destination = Object.fromEntries(view.destinationFacts.map((f) => [f.title, f.value]));
    assert.deepEqual(source, {
      'Source tenant': 'contoso.onmicrosoft.com', 'Tenant ID': '11111111-2222-3333-4444-555555555555',
      Region: 'Europe (EUR)', Cloud: 'Commercial cloud', 'Active licensed users': '1,200', 'Customer Lockbox': 'On',
    });
    assert.equal(destination['Tenant ID'], 'Not given');
    assert.equal(destination['Paid subscription'], 'No');
    assert.equal(destination['Marketing licences'], 'Unknown', 'asked about because Contoso Sales has Marketing');
    assert.equal(destination['Free storage'], '50 GB database, 1,536 GB file');
    const dev = Object.fromEntries(view.environments[1].facts.map((f) => [f.title, f.value]));
    assert.equal(dev['Managed Environment'], 'Unknown');
    assert.equal(dev.Region, 'Europe (EUR), as the source tenant');
    assert.equal(dev.Dataverse, 'Not given (taken as yes)');
    assert.equal(dev['Storage used'], '12.5 GB');
    assert.equal(dev.Solutions, 'None');
    const sales = Object.fromEntries(view.environments[0].facts.map((f) => [f.title, f.value]));
    assert.equal(sales.Solutions, 'Power Automate flows; Dynamics 365 Marketing (Customer Insights - Journeys)');

    const noMarketing = sample();
    noMarketing.profile.environments[0].solutions = [];
    noMarketing.assessment.marketing = null;
    const titles = eligibilityCardView(noMarketing.profile, noMarketing.assessment, OPTIONS).destinationFacts.map((f) => f.title);
    assert.ok(!titles.includes('Marketing licences'));
  });

  it('ends with next steps as typed commands and the assessment id with its time in UTC', () => {
    const { profile, assessment } = sample();
    const card = render(eligibilityCardView(profile, assessment, { assessmentId: 'a1b2c3', createdAt: new Date(Date.UTC(2026, 10, 22, 18, 3, 59)) }));
    const actions = card.actions as Array<{ type: string; title: string; data: { typed: string } }>;
    assert.deepEqual(actions.map((a) => [a.type, a.title, a.data.typed]), [
      ['Action.Submit', 'Move commands', 'commands a1b2c3'],
      ['Action.Submit', 'Get the checklist', 'checklist a1b2c3'],
      ['Action.Submit', 'Apps and flows', 'packaging a1b2c3'],
      ['Action.Submit', 'Export report', 'export a1b2c3'],
      ['Action.Submit', 'Start over', START_OVER_COMMAND],
    ]);
    const body = card.body as Array<Record<string, unknown>>;
    assert.equal(body[body.length - 1].text, 'Assessment a1b2c3 · 2026-11-22 18:03 UTC');
  });

  it('offers Move commands only when an environment can move, and Apps and flows only when one lists solutions', () => {
    const titles = (profile: MigrationProfile, assessment: Assessment): string[] =>
      (render(eligibilityCardView(profile, assessment, OPTIONS)).actions as Array<{ title: string }>).map((a) => a.title);

    // Sales has no blocker (support and actions only): it can move, so both buttons show.
    const both = sample();
    assert.deepEqual(titles(both.profile, both.assessment).filter((t) => ['Move commands', 'Apps and flows'].includes(t)), ['Move commands', 'Apps and flows']);

    // A blocker for the whole migration stops every environment: no Move commands, packaging still explained.
    const tenantBlocked = sample();
    const blocker = finding('blocker', null, 'region-mismatch');
    tenantBlocked.assessment.findings.push(blocker);
    assert.deepEqual(titles(tenantBlocked.profile, tenantBlocked.assessment), ['Get the checklist', 'Apps and flows', 'Export report', 'Start over']);

    // Sales blocked too, and nothing listed to package: neither button.
    const none = sample();
    none.assessment.findings.push(finding('blocker', 'Contoso Sales', 'env-type-unsupported'));
    none.assessment.environments[0]!.findings.push(finding('blocker', 'Contoso Sales', 'env-type-unsupported'));
    none.profile.environments[0]!.solutions = [];
    assert.deepEqual(titles(none.profile, none.assessment), ['Get the checklist', 'Export report', 'Start over']);
  });

  it('mentions the Marketing card only when there is Marketing, naming the environments', () => {
    const { profile, assessment } = sample();
    const view = eligibilityCardView(profile, assessment, OPTIONS);
    assert.equal(view.hasMarketing, true);
    assert.match(view.marketingNote, /^Contoso Sales uses Marketing: a separate card/);
    assessment.findings = assessment.findings.filter((f) => f.ruleId !== 'sol-marketing');
    assert.match(eligibilityCardView(profile, assessment, OPTIONS).marketingNote, /^An environment uses Marketing/);
    assessment.marketing = null;
    const without = eligibilityCardView(profile, assessment, OPTIONS);
    assert.equal(without.hasMarketing, false);
    assert.ok(!texts(render(without)).some((t) => t.includes('Marketing:')));
  });

  it('keeps a user value containing "${" from breaking the card', () => {
    const { profile, assessment } = sample();
    profile.environments[0].name = 'Sales ${oops}';
    assessment.environments[0].name = 'Sales ${oops}';
    const card = render(eligibilityCardView(profile, assessment, OPTIONS));
    assert.ok(texts(card).some((t) => t.startsWith('Sales $\u200B{oops}')));
  });
});

describe('eligibility card size', () => {
  function many(n: number): { profile: MigrationProfile; assessment: Assessment } {
    const names = Array.from({ length: n }, (_, i) => `Contoso Environment ${i + 1}`);
    const profile = profileOf(names);
    const long = 'A long explanation that names the environment and says what to do. '.repeat(6);
    const environments = names.map((name, i): EnvironmentAssessment => {
      const findings = [
        finding(i % 3 === 0 ? 'blocker' : 'action', name, 'env-type-unsupported', { detail: long }),
        finding('action', name, 'sol-power-automate', { detail: long }),
        finding('warning', name, 'sol-component-library', { detail: long, basis: i % 2 === 0 ? 'inferred' : 'documented' }),
        finding('info', name, 'mapping-file-required', { detail: long }),
      ];
      return { name, verdict: verdictOf(findings), findings };
    });
    return {
      profile,
      assessment: {
        verdict: 'not-eligible', summary: `${n} environments.`, environments,
        findings: environments.flatMap((e) => e.findings), marketing: null,
      },
    };
  }

  it('uses the full card while it fits', () => {
    const { profile, assessment } = many(1);
    const fitted = fitEligibilityCard(profile, assessment, OPTIONS);
    assert.equal(fitted.view.detail, 'full');
    assert.equal(fitted.view.isShortened, false);
    assert.ok(fitted.bytes <= ELIGIBILITY_CARD_BUDGET);
    assert.equal(fitted.bytes, cardUtf16Bytes(fitted.card));
  });

  it('steps down to shorter levels, then fewer environments (least eligible first), and says so', () => {
    const figures: string[] = [];
    for (const n of [6, 12, 50]) {
      const { profile, assessment } = many(n);
      const full = cardUtf16Bytes(renderCard('eligibility', eligibilityCardView(profile, assessment, OPTIONS)));
      const fitted = fitEligibilityCard(profile, assessment, OPTIONS);
      figures.push(`${n} environments: full ${full} B -> ${fitted.view.detail}, ${fitted.view.environments.length} shown, ${fitted.bytes} B`);
      assert.ok(full > ELIGIBILITY_CARD_BUDGET, `${n}: the sample must be too big for a full card`);
      assert.ok(fitted.bytes <= ELIGIBILITY_CARD_BUDGET, `${n}: ${fitted.bytes} bytes`);
      assert.deepEqual(validateCard(fitted.card), []);
      assert.equal(fitted.view.isShortened, true);
      assert.match(texts(fitted.card).join('\n'), /too long for one card in Teams/);
      if (fitted.view.hasMoreEnvironments) {
        const hidden = n - fitted.view.environments.length;
        assert.match(fitted.view.moreEnvironmentsText, new RegExp(`^${hidden} more environments are not shown here`));
        const shownVerdicts = fitted.view.environments.map((e) => VERDICTS.indexOf(verdictByLabel(e)));
        assert.deepEqual(shownVerdicts, [...shownVerdicts].sort((a, b) => b - a), 'least eligible first');
      }
    }
    console.log(`      ${figures.join('\n      ')}`);
  });

  it('finds the largest number of environments that fits a small budget', () => {
    const { profile, assessment } = many(12);
    const budget = 16_000;
    const fitted = fitEligibilityCard(profile, assessment, OPTIONS, budget);
    assert.equal(fitted.view.detail, 'headlines');
    assert.ok(fitted.bytes <= budget);
    const shown = fitted.view.environments.length;
    assert.ok(shown > 0 && shown < 12);
    const oneMore = renderCard('eligibility', eligibilityCardView(profile, assessment, { ...OPTIONS, detail: 'headlines', maxEnvironments: shown + 1 }));
    assert.ok(cardUtf16Bytes(oneMore) > budget, 'one more environment would not fit');
  });
});

const VERDICT_BY_LABEL: Readonly<Record<string, Verdict>> = {
  Eligible: 'eligible', 'Eligible with actions': 'eligible-with-actions',
  'Microsoft support required': 'support-required', 'Not eligible': 'not-eligible',
};

function verdictByLabel(section: SectionView): Verdict {
  return VERDICT_BY_LABEL[section.verdict.label];
}

describe('marketing card view', () => {
  it('lists the post-migration state in order and asks for an acknowledgement with Action.Execute', () => {
    const { assessment } = sample();
    const view = marketingCardView(assessment, { assessmentId: 'a1b2c3' });
    assert.deepEqual(view.items.map((i) => i.text), MARKETING_STATE_IDS.map((id) => `State ${id}.`));
    assert.deepEqual(view.items.map((i) => i.number), MARKETING_STATE_IDS.map((_, i) => String(i + 1)));
    assert.match(view.intro, /^Contoso Sales uses Marketing\./);
    const card = render(view, 'marketing');
    assert.deepEqual(card.actions, [{
      type: 'Action.Execute', title: 'I acknowledge this', verb: MARKETING_ACK_VERB, style: 'positive', data: { assessmentId: 'a1b2c3' },
    }]);
    assert.equal(MARKETING_ACK_VERB, 'marketing.acknowledge');
    assert.ok(!texts(card).some((t) => t.includes('Acknowledged by')));
  });

  it('shows who acknowledged and when instead of the button', () => {
    const { assessment } = sample();
    const view = marketingCardView(assessment, {
      assessmentId: 'a1b2c3', acknowledgement: { by: 'Megan Bowen', at: '2026-11-23T09:15:30Z' },
    });
    const card = render(view, 'marketing');
    assert.deepEqual(card.actions ?? [], []);
    assert.ok(texts(card).includes('✓ Acknowledged by Megan Bowen on 2026-11-23 09:15 UTC'));
  });

  it('refuses an assessment without Marketing', () => {
    const { assessment } = sample();
    assert.throws(() => marketingCardView({ ...assessment, marketing: null }, { assessmentId: 'x' }), /no Marketing/);
  });
});

describe('card formatting helpers', () => {
  it('formats numbers, storage and times the same way on every machine', () => {
    assert.equal(formatNumber(1234567.891), '1,234,567.89');
    assert.equal(formatNumber(800), '800');
    assert.equal(formatStorage(1536), '1,536 GB');
    assert.equal(formatStorage({ log: 2 }), '2 GB log');
    assert.equal(formatStorage({}), 'Unknown');
    assert.equal(formatStorage(undefined), 'Unknown');
    assert.equal(formatUtc('2026-01-02T03:04:05+02:00'), '2026-01-02 01:04 UTC');
    assert.equal(formatUtc('not a date'), 'not a date');
  });

  it('links sources by host and never lets a URL break the markdown link', () => {
    assert.equal(sourceText('https://www.example.org/a_(b)'), 'Source: [example.org](https://www.example.org/a_%28b%29)');
    assert.equal(sourceText('javascript:alert(1)'), 'Source: javascript:alert(1)');
    assert.equal(sourceText('see the docs'), 'Source: see the docs');
  });
});

describe('card fixtures', () => {
  // The fixtures feed the template test and the previews; they must keep the shape the builders produce.
  function shape(value: unknown): unknown {
    if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape((value as Record<string, unknown>)[k])]));
    }
    return typeof value;
  }

  function sameShape(actual: unknown, expected: unknown, path: string): void {
    if (Array.isArray(expected)) {
      assert.ok(Array.isArray(actual), `${path} should be an array`);
      if (expected.length > 0) actual.forEach((item, i) => sameShape(item, expected[0], `${path}[${i}]`));
      return;
    }
    if (expected && typeof expected === 'object') {
      assert.ok(actual && typeof actual === 'object' && !Array.isArray(actual), `${path} should be an object`);
      assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path} keys`);
      for (const k of Object.keys(expected)) sameShape((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
      return;
    }
    assert.equal(typeof actual, expected, path);
  }

  function fixtures(name: string): unknown[] {
    return JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'cards', `${name}.json`), 'utf8')) as unknown[];
  }

  it('eligibility fixtures have the shape of eligibilityCardView output', () => {
    const { profile, assessment } = sample();
    const reference: EligibilityView = eligibilityCardView(profile, assessment, OPTIONS);
    const list = fixtures('eligibility');
    assert.ok(list.length >= 4);
    list.forEach((fixture, i) => sameShape(fixture, shape(reference), `fixture ${i}`));
    const verdicts = new Set(list.map((f) => (f as EligibilityView).badge.label));
    assert.equal(verdicts.size, VERDICTS.length, 'the previews show every verdict');
  });

  it('marketing fixtures have the shape of marketingCardView output, pending and acknowledged', () => {
    const { assessment } = sample();
    const reference = marketingCardView(assessment, { assessmentId: 'x', acknowledgement: { by: 'A', at: new Date(0) } });
    const list = fixtures('marketing');
    list.forEach((fixture, i) => sameShape(fixture, shape(reference), `fixture ${i}`));
    assert.deepEqual(new Set(list.map((f) => (f as { acknowledged: boolean }).acknowledged)), new Set([true, false]));
  });
});
