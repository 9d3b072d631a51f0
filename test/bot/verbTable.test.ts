/** Every Action.Execute verb a card view model offers has a handler in the running app's verb table. */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';
import { removeDir, startApp, type Harness } from '../support/appHarness.js';

describe('bot: verb table', () => {
  let h: Harness;
  before(async () => {
    h = await startApp();
  });
  after(async () => {
    await h.stop();
    removeDir(h.dataDir);
  });

  it('has a handler for every *_VERB the card view models export, and nothing unexpected', async () => {
    const dir = join(projectRoot, 'src', 'cards');
    const verbs = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const module = (await import(join(dir, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) if (/_VERB$/.test(name) && typeof value === 'string') verbs.add(value);
    }
    assert.ok(verbs.size >= 7, `found the card verbs: ${[...verbs].join(', ')}`);
    const handled = h.app.bot.verbNames();
    assert.deepEqual([...verbs].filter((v) => !handled.includes(v)), [], 'card verbs without a handler');
    assert.deepEqual(handled.filter((v) => !verbs.has(v)), [], 'handlers for verbs no card offers');
  });
});
