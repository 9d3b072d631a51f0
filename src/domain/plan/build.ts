/**
 * Builds the plan of one migration from its records. The steps and the edges between them come from what the
 * records say (environments that can move, solutions found, mailbox findings, people listed for OneDrive), never
 * from a fixed list; each edge names its reason and source (docs/plan.md lists the rules). Pure and deterministic.
 */
import type { Assessment, EnvironmentAssessment } from '../assessment/types.js';
import { slugify } from '../checklist/text.js';
import { ownerRoleLabel, type OwnerRole } from '../checklist/roles.js';
import { compareFindings, worstVerdict, type Basis, type Finding, type Verdict } from '../findings.js';
import { formatNumber, listText, plural } from '../text.js';
import { PLAN_SOURCES, type PlanSource } from './sources.js';
import {
  PLAN_WORKSTREAM_LABELS, PLAN_WORKSTREAMS, type MigrationPlan, type PlanEdge, type PlanInput, type PlanStep,
  type PlanWorkstream, type PlanWorkstreamView, type StepState, type TenantSide, type WorkstreamStatus,
} from './types.js';

/** Rule ids the plan reads (assessment.md and mailbox.md). Strings on purpose: the ids are the contract. */
export const PLAN_RULES = {
  appsIntoSolutions: ['sol-canvas-non-solution-aware', 'sol-canvas-solution-aware', 'sol-custom-pages', 'sol-power-automate'],
  flows: 'sol-power-automate',
  mailFeatures: 'sol-mailboxes',
  mappingFile: ['mapping-file-required', 'mapping-file-empty', 'dst-licenses-mapped'],
  sysadmin: 'post-move-admin-role',
  licenceOrder: ['exo-license-before-guid', 'exo-previous-mailbox'],
  targetPrepared: ['exo-target-mailuser-missing', 'exo-guid-mismatch', 'exo-x500-missing'],
} as const;

const MOVED_PHASES = new Set(['migrated', 'post-migration', 'completed']);

/** Tie-break between steps that could come next: the kind of step, then environment order. */
const KIND_RANK: Readonly<Record<string, number>> = {
  'identity-create': 0, 'identity-map': 1, 'onedrive-provisioning-off': 2, 'mailbox-check': 3, 'mailbox-prepare': 4,
  'mailbox-licence': 5, 'mailbox-move': 6, 'apps-prepare': 7, 'env-move': 8, sysadmin: 9, 'flows-on': 10,
};

interface Draft extends Omit<PlanStep, 'state' | 'stateReason' | 'after' | 'ownerText'> {
  blocked: string | null;
  rank: number;
}

interface Movable { env: EnvironmentAssessment; key: string; assessment: Assessment }

export function buildPlan(input: PlanInput): MigrationPlan {
  const { migration } = input;
  const tenantName = (side: TenantSide | null): string | null =>
    side === 'source' ? migration.sourceTenant : side === 'destination' ? migration.destinationTenant : null;
  const ownerText = (owner: OwnerRole, tenant: TenantSide | null): string => {
    const name = tenantName(tenant);
    const where = tenant === null ? '' : name ? ` (${name})` : ` (${tenant} tenant)`;
    return `${ownerRoleLabel(owner)}${where}`;
  };

  // Latest assessment per environment name (case-insensitive), in first-seen order.
  const byEnv = new Map<string, { env: EnvironmentAssessment; assessment: Assessment }>();
  for (const { assessment } of input.assessments) {
    for (const env of assessment.environments) byEnv.set(env.name.toLowerCase(), { env, assessment });
  }
  const envFindings = (m: { env: EnvironmentAssessment; assessment: Assessment }): Finding[] =>
    m.assessment.findings.filter((f) => f.environment !== null && f.environment.toLowerCase() === m.env.name.toLowerCase());

  const usedKeys = new Set<string>();
  const movable: Movable[] = [];
  const excluded: MigrationPlan['excluded'] = [];
  for (const m of byEnv.values()) {
    if (m.env.verdict === 'not-eligible') {
      const blockers = envFindings(m).filter((f) => f.severity === 'blocker').map((f) => f.title);
      const tenantBlockers = m.assessment.findings.filter((f) => f.environment === null && f.severity === 'blocker').map((f) => f.title);
      excluded.push({ environment: m.env.name, reason: listText([...blockers, ...tenantBlockers]) || 'It cannot move as assessed.' });
      continue;
    }
    let key = slugify(m.env.name) || 'environment';
    for (let n = 2; usedKeys.has(key); n++) key = `${slugify(m.env.name) || 'environment'}-${n}`;
    usedKeys.add(key);
    movable.push({ ...m, key });
  }

  const drafts: Draft[] = [];
  const edges: PlanEdge[] = [];
  const add = (d: Omit<Draft, 'rank' | 'blocked' | 'ruleIds' | 'environment'> & Partial<Pick<Draft, 'blocked' | 'ruleIds' | 'environment'>>): void => {
    drafts.push({ environment: null, ruleIds: [], blocked: null, ...d, rank: KIND_RANK[d.id.split(':')[0]] ?? 99 });
  };
  const edge = (from: string, to: string, reason: string, source: PlanSource | Finding | undefined, ruleIds: string[] = [], basis?: Basis): void => {
    const s = source === undefined ? PLAN_SOURCES.environmentMove
      : 'url' in source ? source : { url: source.source, date: source.sourceDate ?? PLAN_SOURCES.environmentMove.date };
    const b = basis ?? (source !== undefined && 'ruleId' in source ? source.basis ?? 'documented' : 'documented');
    edges.push({ from, to, reason, source: s.url, sourceDate: s.date, basis: b, ruleIds });
  };

  const mailbox = input.mailbox ?? null;
  const mailEnvs = movable.filter((m) => envFindings(m).some((f) => f.ruleId === PLAN_RULES.mailFeatures));
  const onedrive = (input.identityMap?.counts.onedrive ?? 0) > 0;
  const anyWork = movable.length > 0 || mailbox !== null;

  // Identities first: every other workstream moves people who must exist and be mapped.
  if (anyWork || input.identityMap) {
    add({ id: 'identity-create', workstream: 'identities', title: 'Create the people who move in the destination tenant (users, or mail users for mailboxes)', owner: 'destination-admin', tenant: 'destination' });
    const map = input.identityMap;
    add({
      id: 'identity-map', workstream: 'identities', title: 'Upload the identity map and fix its errors', owner: 'project-manager', tenant: null,
      blocked: map && (!map.readable || map.errors > 0) ? `The identity map has ${plural(map.readable ? map.errors : 1, 'error')}.` : null,
    });
    edge('identity-create', 'identity-map', 'The identity map names each person\'s target account, so the accounts must exist first.', PLAN_SOURCES.environmentMove);
  }

  if (onedrive) {
    add({ id: 'onedrive-provisioning-off', workstream: 'onedrive', title: 'Turn off OneDrive creation for the new target users', owner: 'destination-admin', tenant: 'destination' });
    edge('identity-create', 'onedrive-provisioning-off',
      `${oneDriveCount(input.identityMap!.counts.onedrive)} listed for OneDrive in the identity map. Microsoft: target users must not have a OneDrive before their data moves, so turn off OneDrive creation for them right after creating them.`,
      PLAN_SOURCES.orchestratorPrerequisites);
  }

  if (mailbox === null && mailEnvs.length > 0) {
    add({ id: 'mailbox-check', workstream: 'mailboxes', title: 'Check mailbox-move readiness (mailbox command)', owner: 'project-manager', tenant: null, ruleIds: [PLAN_RULES.mailFeatures] });
  }
  if (mailbox !== null) {
    const has = (ids: readonly string[]): Finding[] => mailbox.findings.filter((f) => ids.includes(f.ruleId));
    const prepBlockers = has(PLAN_RULES.targetPrepared).filter((f) => f.severity === 'blocker');
    add({
      id: 'mailbox-prepare', workstream: 'mailboxes', title: 'Prepare the target mail users: ExchangeGuid, ArchiveGuid and x500 addresses stamped', owner: 'destination-admin', tenant: 'destination',
      ruleIds: has(PLAN_RULES.targetPrepared).map((f) => f.ruleId).filter(unique),
      blocked: prepBlockers.length > 0 ? `${listText(prepBlockers.map((f) => f.title).filter(unique))}.` : null,
    });
    add({ id: 'mailbox-licence', workstream: 'mailboxes', title: 'Assign the Exchange Online licences to the target users', owner: 'destination-admin', tenant: 'destination', ruleIds: has(PLAN_RULES.licenceOrder).map((f) => f.ruleId).filter(unique) });
    const blockers = mailbox.findings.filter((f) => f.severity === 'blocker');
    add({
      id: 'mailbox-move', workstream: 'mailboxes', title: 'Create the migration batches and move the mailboxes', owner: 'destination-admin', tenant: 'destination',
      blocked: blockers.length > 0 ? `The mailbox check found ${plural(blockers.length, 'blocker')}: ${listText(blockers.map((f) => f.title).filter(unique).slice(0, 3))}.` : null,
    });
    edge('identity-create', 'mailbox-prepare', 'The target mail users must exist before ExchangeGuid and the other attributes can be stamped on them.', PLAN_SOURCES.mailboxMove);
    const early = has(PLAN_RULES.licenceOrder);
    edge('mailbox-prepare', 'mailbox-licence',
      `Assign the Exchange licence only after ExchangeGuid is stamped: a licence on a user without it creates a new, empty mailbox and the move fails.${early.length > 0 ? ` The mailbox check already reports this (${listText(early.map((f) => f.ruleId).filter(unique))}).` : ''}`,
      PLAN_SOURCES.mailboxMove, early.map((f) => f.ruleId).filter(unique));
    edge('mailbox-prepare', 'mailbox-move', 'A mailbox moves only into a prepared target mail user.', PLAN_SOURCES.mailboxMove, has(PLAN_RULES.targetPrepared).map((f) => f.ruleId).filter(unique));
    edge('identity-map', 'mailbox-move', 'The migration batch file lists the target addresses of the people who move: export it from the checked identity map.', PLAN_SOURCES.mailboxMove);
    if (onedrive) {
      edge('onedrive-provisioning-off', 'mailbox-licence',
        'Microsoft\'s pages do not say this in so many words; we infer it: a licence switches on the user\'s services, so turn OneDrive creation off before licensing, or an empty OneDrive may be created.',
        PLAN_SOURCES.orchestratorPrerequisites, [], 'inferred');
    }
  }

  for (const m of movable) {
    const findings = envFindings(m);
    const envMove = `env-move:${m.key}`;
    const supportCases = findings.filter((f) => f.severity === 'support').concat(m.assessment.findings.filter((f) => f.environment === null && f.severity === 'support'));
    add({
      id: envMove, workstream: 'environments', environment: m.env.name, owner: 'source-admin', tenant: 'source',
      title: `Move ${m.env.name}: submit, approve, upload usermapping.csv, validate, migrate`,
      blocked: supportCases.length > 0 ? `Microsoft support must act first: ${listText(supportCases.map((f) => f.title).filter(unique))}.` : null,
    });
    const mapping = [...findings, ...m.assessment.findings.filter((f) => f.environment === null)].filter((f) => (PLAN_RULES.mappingFile as readonly string[]).includes(f.ruleId));
    edge('identity-create', envMove, `Every person in ${m.env.name}'s mapping file must exist and be licensed in the destination tenant before the move.`, PLAN_SOURCES.environmentMove);
    edge('identity-map', envMove, `The move of ${m.env.name} needs its usermapping.csv: export it from the checked identity map; people not in it are not mapped.`,
      mapping[0] ?? PLAN_SOURCES.environmentMove, mapping.map((f) => f.ruleId).filter(unique));

    const apps = findings.filter((f) => (PLAN_RULES.appsIntoSolutions as readonly string[]).includes(f.ruleId)).sort(compareFindings);
    if (apps.length > 0) {
      const id = `apps-prepare:${m.key}`;
      add({ id, workstream: 'apps-flows', environment: m.env.name, owner: 'app-maker', tenant: 'source', ruleIds: apps.map((f) => f.ruleId),
        title: `Put ${m.env.name}'s apps and flows into a custom solution (one-way), export it, then delete the originals` });
      const notInSolution = apps.some((f) => f.ruleId === 'sol-canvas-non-solution-aware' || f.ruleId === 'sol-power-automate');
      edge(id, envMove,
        `${listText(apps.map((f) => f.title))}: apps and flows are exported before the move and imported after it.${notInSolution ? ' Adding an app or flow to a solution cannot be undone.' : ''}`,
        apps[0], apps.map((f) => f.ruleId));
    }
    const mail = findings.find((f) => f.ruleId === PLAN_RULES.mailFeatures);
    if (mail) {
      edge(mailbox === null ? 'mailbox-check' : 'mailbox-move', envMove,
        `${m.env.name} uses mail features: move or set up the mailboxes in the destination first, so mailbox configuration and server-side synchronisation find them after the move.`,
        mail, [mail.ruleId]);
    }
    const sysadmin = findings.find((f) => f.ruleId === PLAN_RULES.sysadmin) ?? m.assessment.findings.find((f) => f.ruleId === PLAN_RULES.sysadmin && f.environment === null);
    const sysId = `sysadmin:${m.key}`;
    add({ id: sysId, workstream: 'environments', environment: m.env.name, owner: 'destination-admin', tenant: 'destination', ruleIds: sysadmin ? [sysadmin.ruleId] : [],
      title: `Give the destination admins the System Administrator role in ${m.env.name}` });
    edge(envMove, sysId, 'After the move, assign the System Administrator role in the destination; an empty environment view means this is missing.', sysadmin ?? PLAN_SOURCES.environmentMove, sysadmin ? [sysadmin.ruleId] : []);
    const flows = findings.find((f) => f.ruleId === PLAN_RULES.flows);
    if (flows) {
      const id = `flows-on:${m.key}`;
      add({ id, workstream: 'apps-flows', environment: m.env.name, owner: 'app-maker', tenant: 'destination', ruleIds: [flows.ruleId],
        title: `Turn ${m.env.name}'s flows back on and fix their connection references` });
      edge(envMove, id, 'Flows arrive turned off; their connections are recreated in the destination and then the flows are turned on.', flows, [flows.ruleId]);
    }
  }

  return assemble(input, drafts, edges, movable, excluded, mailbox, ownerText, byEnv.size);
}

function oneDriveCount(n: number): string {
  return n === 1 ? '1 person is' : `${formatNumber(n)} people are`;
}

function unique<T>(value: T, index: number, list: readonly T[]): boolean {
  return list.indexOf(value) === index;
}

function assemble(input: PlanInput, drafts: Draft[], edges: PlanEdge[], movable: Movable[], excluded: MigrationPlan['excluded'],
  mailbox: PlanInput['mailbox'], ownerText: (o: OwnerRole, t: TenantSide | null) => string, environments: number): MigrationPlan {
  const { migration } = input;
  const ids = new Set(drafts.map((d) => d.id));
  const kept = edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  const envOrder = new Map(movable.map((m, i) => [m.env.name, i]));
  const order = topoOrder(drafts, kept, (d) => [d.rank, d.environment === null ? -1 : envOrder.get(d.environment) ?? 0]);

  // Done: what the records show, plus what the caller reports.
  const done = new Set(input.doneSteps ?? []);
  const map = input.identityMap;
  if (map && map.readable && map.errors === 0 && map.counts.people > 0) done.add('identity-map');
  if (migration.phase !== null && MOVED_PHASES.has(migration.phase)) {
    const tracked = migration.environment?.toLowerCase() ?? null;
    for (const m of movable) {
      if (tracked === null ? movable.length === 1 : m.env.name.toLowerCase() === tracked) {
        done.add(`env-move:${m.key}`);
        if (migration.phase === 'completed') done.add(`sysadmin:${m.key}`);
      }
    }
  }

  const before = new Map<string, string[]>();
  for (const e of kept) before.set(e.to, [...(before.get(e.to) ?? []), e.from]);
  const position = new Map(order.map((d, i) => [d.id, i]));
  const titleOf = new Map(drafts.map((d) => [d.id, d.title]));
  const steps: PlanStep[] = order.map((d) => {
    const after = (before.get(d.id) ?? []).filter(unique).sort((a, b) => position.get(a)! - position.get(b)!);
    const open = after.filter((a) => !done.has(a));
    let state: StepState;
    let stateReason = '';
    if (done.has(d.id)) state = 'done';
    else if (d.blocked !== null) {
      state = 'blocked';
      stateReason = d.blocked;
    } else if (open.length > 0) {
      state = 'waiting';
      stateReason = `Waits for: ${listText(open.map((o) => lowerFirst(titleOf.get(o)!)))}.`;
    } else state = 'ready';
    const { blocked: _b, rank: _r, ...rest } = d;
    return { ...rest, ownerText: ownerText(d.owner, d.tenant), state, stateReason, after };
  });

  const edgeOrder = (e: PlanEdge): [number, number] => [position.get(e.to)!, position.get(e.from)!];
  kept.sort((a, b) => edgeOrder(a)[0] - edgeOrder(b)[0] || edgeOrder(a)[1] - edgeOrder(b)[1]);

  const workstreams: PlanWorkstreamView[] = [];
  for (const ws of PLAN_WORKSTREAMS) {
    const mine = steps.filter((s) => s.workstream === ws);
    const view = workstreamView(ws, mine, steps, input, mailbox, movable, excluded, environments);
    if (view !== null) {
      const next = mine.find((s) => s.state !== 'done') ?? null;
      view.next = next ? { stepId: next.id, title: next.title, owner: next.owner, tenant: next.tenant, ownerText: next.ownerText } : null;
      if (next && next.state === 'waiting') {
        const outside = next.after.filter((a) => !done.has(a) && steps.find((s) => s.id === a)!.workstream !== ws);
        for (const a of outside) {
          const s = steps.find((x) => x.id === a)!;
          view.waitsFor.push(`${PLAN_WORKSTREAM_LABELS[s.workstream]}: ${lowerFirst(s.title)} (${s.ownerText})`);
        }
      }
      if (mine.length > 0 && mine.every((s) => s.state === 'done')) view.status = 'done';
      workstreams.push(view);
    }
  }

  return {
    migrationId: migration.id,
    name: migration.name,
    sourceTenant: migration.sourceTenant,
    destinationTenant: migration.destinationTenant,
    workstreams,
    steps,
    edges: kept,
    checklist: input.checklist ?? null,
    excluded,
  };
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function statusOf(verdict: Verdict): WorkstreamStatus {
  return verdict === 'not-eligible' ? 'blocked' : verdict === 'support-required' ? 'support' : verdict === 'eligible-with-actions' ? 'actions' : 'ready';
}

function workstreamView(ws: PlanWorkstream, mine: PlanStep[], _all: PlanStep[], input: PlanInput, mailbox: PlanInput['mailbox'],
  movable: Movable[], excluded: MigrationPlan['excluded'], environments: number): PlanWorkstreamView | null {
  const base = { id: ws, label: PLAN_WORKSTREAM_LABELS[ws], waitsFor: [] as string[], next: null };
  switch (ws) {
    case 'identities': {
      if (mine.length === 0) return null;
      const map = input.identityMap;
      if (!map) return { ...base, verdict: null, status: 'not-checked', countsText: 'No identity map yet.', waitsFor: ['the identity map (upload a CSV or .xlsx, or paste it)'] };
      const c = map.counts;
      const counts = `${plural(c.people, 'person', 'people')} mapped (${formatNumber(c.environments)} for environments, ${formatNumber(c.mailboxes)} for mailboxes, ${formatNumber(c.onedrive)} for OneDrive); ${plural(map.errors, 'error')}, ${plural(map.warnings, 'warning')}.`;
      return { ...base, verdict: null, status: !map.readable || map.errors > 0 ? 'blocked' : map.warnings > 0 ? 'actions' : 'ready', countsText: counts };
    }
    case 'onedrive':
      if (mine.length === 0) return null;
      return { ...base, verdict: null, status: 'not-checked', countsText: `${plural(input.identityMap!.counts.onedrive, 'person', 'people')} listed for OneDrive. This product does not check OneDrive readiness; the plan orders its provisioning step.` };
    case 'mailboxes': {
      if (mine.length === 0) return null;
      // The people a clean identity map lists for mailboxes: the batch file's count, beside the check's own.
      const map = input.identityMap;
      const listed = map && map.readable && map.errors === 0 ? map.counts.mailboxes : null;
      const mapped = listed === null ? '' : `${formatNumber(listed)} ${listed === 1 ? 'person' : 'people'} listed for mailboxes in the identity map`;
      if (!mailbox) return { ...base, verdict: null, status: 'not-checked', countsText: `Mail features are used, but mailbox-move readiness has not been checked${mapped ? `; ${mapped}` : ''}.`, waitsFor: ['the mailbox-move readiness check'] };
      const sev = (s: string): number => mailbox.findings.filter((f) => f.severity === s).length;
      const parts: string[] = [];
      if (mailbox.counts?.mailboxes !== undefined) parts.push(plural(mailbox.counts.mailboxes, 'mailbox', 'mailboxes'));
      if (mapped) parts.push(mapped);
      if (mailbox.counts?.blocked !== undefined) parts.push(`${formatNumber(mailbox.counts.blocked)} blocked`);
      parts.push(plural(sev('blocker'), 'blocker'), plural(sev('action'), 'action'), plural(sev('warning'), 'warning'));
      return { ...base, verdict: mailbox.verdict, status: statusOf(mailbox.verdict), countsText: `${parts.join(', ')}.` };
    }
    case 'apps-flows': {
      if (mine.length === 0) return null;
      const envs = mine.filter((s) => s.id.startsWith('apps-prepare:')).length;
      return { ...base, verdict: 'eligible-with-actions', status: 'actions', countsText: `${plural(envs, 'environment')} with apps or flows to prepare before the move.` };
    }
    case 'environments': {
      if (input.assessments.length === 0) return null;
      const verdict = worstVerdict(input.assessments.map((a) => a.assessment.verdict));
      const blocked = excluded.length > 0 ? `; ${formatNumber(excluded.length)} cannot move (${listText(excluded.map((e) => e.environment))})` : '';
      const view: PlanWorkstreamView = {
        ...base, verdict, status: movable.length === 0 ? 'blocked' : statusOf(worstVerdict(movable.map((m) => m.env.verdict))),
        countsText: `${formatNumber(movable.length)} of ${plural(environments, 'environment')} can move${blocked}.`,
      };
      return view;
    }
  }
}

/** Kahn's algorithm; among steps whose predecessors are placed, the lowest key comes first. */
function topoOrder(drafts: Draft[], edges: PlanEdge[], key: (d: Draft) => number[]): Draft[] {
  const indegree = new Map(drafts.map((d) => [d.id, 0]));
  const next = new Map<string, string[]>();
  for (const e of edges) {
    indegree.set(e.to, indegree.get(e.to)! + 1);
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  }
  const byId = new Map(drafts.map((d) => [d.id, d]));
  const cmp = (a: Draft, b: Draft): number => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  const ready = drafts.filter((d) => indegree.get(d.id) === 0);
  const out: Draft[] = [];
  while (ready.length > 0) {
    ready.sort(cmp);
    const d = ready.shift()!;
    out.push(d);
    for (const to of next.get(d.id) ?? []) {
      indegree.set(to, indegree.get(to)! - 1);
      if (indegree.get(to) === 0) ready.push(byId.get(to)!);
    }
  }
  // The rules never make a cycle; if one ever did, the rest keep their natural order rather than vanish.
  if (out.length < drafts.length) out.push(...drafts.filter((d) => !out.includes(d)).sort(cmp));
  return out;
}
