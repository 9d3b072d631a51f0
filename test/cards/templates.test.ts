import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { renderCard, templateNames } from '../../src/cards/renderer.js';
import { projectRoot } from '../../src/paths.js';
import { validateCard } from '../support/cardValidator.js';

const fixturesDir = join(projectRoot, 'test', 'fixtures', 'cards');

function walk(node: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

describe('card templates', () => {
  const names = templateNames();

  it('there is at least the welcome and help card', () => {
    assert.ok(names.includes('welcome') && names.includes('help'));
  });

  for (const name of names) {
    describe(name, () => {
      it('has fixtures (test/fixtures/cards/<name>.json)', () => {
        assert.ok(existsSync(join(fixturesDir, `${name}.json`)), `add test/fixtures/cards/${name}.json`);
      });

      it('is an Adaptive Card 1.5 template', () => {
        const raw = JSON.parse(readFileSync(join(projectRoot, 'cards', `${name}.json`), 'utf8'));
        assert.equal(raw.type, 'AdaptiveCard');
        assert.equal(raw.version, '1.5');
      });

      it('expands every fixture to a valid card with nothing left unexpanded', function () {
        const path = join(fixturesDir, `${name}.json`);
        if (!existsSync(path)) this.skip();
        const fixtures = JSON.parse(readFileSync(path, 'utf8')) as object[];
        assert.ok(fixtures.length > 0);
        for (const [i, data] of fixtures.entries()) {
          const card = renderCard(name, data);
          assert.doesNotMatch(JSON.stringify(card), /\$\{|"\$data"|"\$when"/, `fixture ${i}`);
          const problems = validateCard(card);
          assert.deepEqual(problems, [], `fixture ${i}: ${JSON.stringify(problems)}`);
          walk(card, (o) => {
            if (o.type === 'TextBlock') assert.notEqual(String(o.text ?? '').trim(), '', `fixture ${i}: empty TextBlock`);
          });
        }
      });
    });
  }
});
