/**
 * Every Action.Execute verb on any card (buttons, select actions, refresh) reaches a handler in the running app:
 * an unhandled verb is "Unable to reach app" in Teams. Verbs are collected from every template expanded with every
 * fixture, so a new card or button is covered without touching this test.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCard, templateNames } from '../../src/cards/renderer.js';
import { projectRoot } from '../../src/paths.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { cardAction } from '../support/activities.js';
import { removeDir } from '../support/appHarness.js';
import { STATUS_REFRESH_VERB, STATUS_SET_VERB } from '../../src/cards/statusView.js';
import { Clock, startStatusApp, type StatusHarness } from './statusHarness.js';

interface FoundAction {
  template: string;
  verb: string;
  data: Record<string, unknown>;
}

function executeActions(node: unknown, template: string, out: FoundAction[]): void {
  if (Array.isArray(node)) {
    for (const n of node) executeActions(n, template, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.type === 'Action.Execute' && typeof o.verb === 'string') {
    out.push({ template, verb: o.verb, data: (o.data as Record<string, unknown> | undefined) ?? {} });
  }
  for (const value of Object.values(o)) executeActions(value, template, out);
}

function allCardActions(): FoundAction[] {
  const found: FoundAction[] = [];
  for (const name of templateNames()) {
    const fixtures = join(projectRoot, 'test', 'fixtures', 'cards', `${name}.json`);
    if (!existsSync(fixtures)) continue;
    for (const data of JSON.parse(readFileSync(fixtures, 'utf8')) as object[]) executeActions(renderCard(name, data), name, found);
  }
  return found;
}

describe('card verbs: every Action.Execute verb on any card has a handler', () => {
  let connector: FakeConnector;
  let h: StatusHarness;

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    h = await startStatusApp({ connector, clock: new Clock(new Date('2026-12-01T09:00:00Z')) });
  });
  after(async () => {
    await h.stop();
    await connector.stop();
    removeDir(h.dataDir);
  });

  it('finds the status card\'s verbs among the cards (the collection works)', () => {
    const verbs = new Set(allCardActions().map((a) => a.verb));
    assert.ok(verbs.has(STATUS_SET_VERB) && verbs.has(STATUS_REFRESH_VERB), [...verbs].join(', '));
  });

  it('routes each verb to a handler, none to the "no longer supported" answer', async () => {
    const seen = new Set<string>();
    for (const action of allCardActions()) {
      if (seen.has(action.verb)) continue;
      seen.add(action.verb);
      const res = await h.post(cardAction({ serviceUrl: connector.url, channel: true, conversationId: '19:general@thread.tacv2;messageid=1', verb: action.verb, data: action.data }));
      await res.arrayBuffer();
      const unknown = h.logger.lines.filter((l) => l.msg === 'unknown card verb' && l.verb === action.verb);
      assert.deepEqual(unknown, [], `${action.template} uses verb "${action.verb}" but no handler is registered`);
    }
    assert.ok(seen.size >= 2);
  });

  it('would notice a verb without a handler', async () => {
    await h.post(cardAction({ serviceUrl: connector.url, verb: 'no.such.verb' }));
    assert.ok(h.logger.lines.some((l) => l.msg === 'unknown card verb' && l.verb === 'no.such.verb'));
  });
});
