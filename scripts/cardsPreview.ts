/**
 * `npm run cards:preview`: renders every card template with every fixture (test/fixtures/cards/<name>.json) through
 * the official Adaptive Cards renderer in headless Chromium, at a phone and a desktop width, and writes PNG files to
 * card-previews/ (git-ignored) so a person can look at them.
 *
 * Cards with collapsible sections are also shot a second time with every section opened ("-expanded"), because a
 * collapsed card hides exactly the text a reviewer needs to read.
 *
 * Chromium: CHROMIUM_PATH, else /usr/bin/chromium. Options: `-- --out <dir>` and `-- --only <template name>`.
 */
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { renderCard, templateNames } from '../src/cards/renderer.js';
import { projectRoot } from '../src/paths.js';

/** A phone in portrait and a Teams desktop chat column. */
export const PREVIEW_WIDTHS = [400, 700] as const;

const require = createRequire(import.meta.url);

interface RenderOutcome {
  warnings: string[];
  toggles: number;
}

function chromiumExecutable(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`No Chromium at ${path}: install chromium or set CHROMIUM_PATH to a Chromium or Chrome binary.`);
  }
  return path;
}

async function preparePage(page: Page): Promise<void> {
  await page.setContent(
    '<!doctype html><html><head><meta charset="utf-8"><style>'
      + 'body { margin: 0; padding: 12px; background: #f0f0f0; }'
      + '#card { background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); overflow: hidden; }'
      + '#card a { color: #4F52B2; }'
      + '</style></head><body><div id="card"></div></body></html>',
  );
  await page.addStyleTag({ path: require.resolve('adaptivecards/dist/adaptivecards.css') });
  await page.addScriptTag({ path: require.resolve('markdown-it/dist/markdown-it.min.js') });
  await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
}

/** Renders the card into #card in the page; returns the renderer's parse and validation warnings. */
async function renderInPage(page: Page, card: object, hostConfig: object): Promise<RenderOutcome> {
  return page.evaluate(
    ({ card, hostConfig }) => {
      // The page's globals come from the UMD bundles added in preparePage; their types are not visible here.
      const g = globalThis as unknown as { AdaptiveCards: any; markdownit: () => { render(text: string): string } };
      const AC = g.AdaptiveCards;
      const md = g.markdownit();
      AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml: string; didProcess: boolean }) => {
        result.outputHtml = md.render(text);
        result.didProcess = true;
      };
      const ctx = new AC.SerializationContext(AC.Versions.v1_5);
      const adaptive = new AC.AdaptiveCard();
      adaptive.hostConfig = new AC.HostConfig(hostConfig);
      adaptive.parse(card, ctx);
      const warnings: string[] = [];
      for (let i = 0; i < ctx.eventCount; i++) warnings.push(ctx.getEventAt(i).message);
      for (const e of adaptive.validateProperties().validationEvents) warnings.push(e.message);
      const host = document.getElementById('card')!;
      host.innerHTML = '';
      host.appendChild(adaptive.render());
      const toggles = JSON.stringify(card).split('"Action.ToggleVisibility"').length - 1;
      return { warnings, toggles };
    },
    { card, hostConfig },
  );
}

/** Opens every collapsed section, including ones nested inside sections that only appear once opened. */
async function expandAll(page: Page): Promise<number> {
  return page.evaluate(() => {
    let clicked = 0;
    for (let round = 0; round < 20; round++) {
      const pending = [...document.querySelectorAll<HTMLElement>('#card .ac-selectable:not([data-preview-opened])')]
        .filter((el) => el.offsetParent !== null);
      if (pending.length === 0) break;
      for (const el of pending) {
        el.setAttribute('data-preview-opened', '1');
        el.click();
        clicked++;
      }
    }
    return clicked;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, only: { type: 'string' } },
    allowPositionals: false,
  });
  const outDir = values.out ?? join(projectRoot, 'card-previews');
  const fixturesDir = join(projectRoot, 'test', 'fixtures', 'cards');
  const hostConfig = JSON.parse(readFileSync(join(projectRoot, 'scripts', 'teamsHostConfig.json'), 'utf8')) as object;
  const names = templateNames().filter((name) => !values.only || name === values.only);
  if (names.length === 0) throw new Error(`No card template called "${values.only}" in cards/.`);
  mkdirSync(outDir, { recursive: true });

  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run'],
  });
  let written = 0;
  let problems = 0;
  try {
    const page = await browser.newPage({ viewport: { width: PREVIEW_WIDTHS[0], height: 800 }, deviceScaleFactor: 1 });
    // Nothing is fetched from the network: the renderer, its CSS and markdown-it come from node_modules.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await preparePage(page);
    for (const name of names) {
      const fixturePath = join(fixturesDir, `${name}.json`);
      if (!existsSync(fixturePath)) {
        console.warn(`skip ${name}: no fixtures at ${relative(projectRoot, fixturePath)}`);
        continue;
      }
      const fixtures = JSON.parse(readFileSync(fixturePath, 'utf8')) as object[];
      for (const [n, data] of fixtures.entries()) {
        const card = renderCard(name, data);
        for (const width of PREVIEW_WIDTHS) {
          // Width of the card itself; the page adds 12 px of margin on each side.
          await page.setViewportSize({ width: width + 24, height: 800 });
          const outcome = await renderInPage(page, card, hostConfig);
          if (outcome.warnings.length > 0) {
            problems += outcome.warnings.length;
            console.warn(`${name} fixture ${n}: ${outcome.warnings.join('; ')}`);
          }
          const file = join(outDir, `${name}-${n}-${width}.png`);
          await page.locator('#card').screenshot({ path: file });
          console.log(relative(projectRoot, file));
          written++;
          if (outcome.toggles > 0 && (await expandAll(page)) > 0) {
            const expanded = join(outDir, `${name}-${n}-${width}-expanded.png`);
            await page.locator('#card').screenshot({ path: expanded });
            console.log(relative(projectRoot, expanded));
            written++;
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`${written} previews written to ${relative(projectRoot, outDir) || '.'}${problems ? `; ${problems} renderer warnings` : ''}`);
  if (problems > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`cards:preview failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
