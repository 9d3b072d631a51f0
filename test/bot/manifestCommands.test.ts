import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';
import { startApp, removeDir, type Harness } from '../support/appHarness.js';

describe('manifest command lists', () => {
  let h: Harness;
  before(async () => {
    h = await startApp();
  });
  after(async () => {
    await h.stop();
    removeDir(h.dataDir);
  });

  it('every command Teams suggests is one the running bot understands in that scope', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'appPackage', 'manifest.json'), 'utf8'));
    const lists = manifest.bots[0].commandLists as Array<{ scopes: Array<'personal' | 'team'>; commands: Array<{ title: string }> }>;
    const missing: string[] = [];
    for (const list of lists) {
      for (const scope of list.scopes) {
        for (const { title } of list.commands) {
          if (!h.app.bot.commands.match(title, scope)) missing.push(`${scope}: ${title}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  it('help text has no angle-bracket placeholders (Teams drops them as unknown HTML tags)', () => {
    const texts = h.app.bot.commands.all().flatMap((c) => [c.usage, c.description]);
    assert.deepEqual(texts.filter((t) => /<[^>]*>/.test(t)), []);
  });

  it('help lists no command twice in a scope', () => {
    for (const scope of ['personal', 'team'] as const) {
      const usages = h.app.bot.commands.listed(scope).map((c) => c.usage);
      assert.deepEqual(usages.filter((u, i) => usages.indexOf(u) !== i), [], scope);
    }
  });
});
