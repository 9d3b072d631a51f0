/**
 * What every Agents Playground end-to-end suite shares: the real app on a temporary data dir, the Playground in
 * front of it, headless Chromium on the Playground's page, and the two ways a person writes (a personal chat
 * message, a channel post with the bot mentioned). Suites skip without a browser unless REQUIRE_E2E is set.
 */
import type { Browser, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../scripts/playgroundProcess.js';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { removeDir, startApp, tempDataDir, type Harness } from './appHarness.js';
import { launchBrowser, skipWithoutBrowser } from './browser.js';

/** The tenant and signed-in user of the Playground's built-in mock data. */
export const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';
export const PLAYGROUND_USER = { aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };
/** The welcome card's title, shown once the Playground has installed the bot in the personal chat. */
export const WELCOME_TITLE = 'Tenant-to-tenant migration readiness for Power Platform';

export interface PlaygroundSession {
  h: Harness;
  playground: Playground;
  browser: Browser;
  page: Page;
}

export interface PlaygroundSuiteOptions {
  /** Settings for the app (e.g. STATUS_API_TOKEN). */
  env?: Record<string, string>;
  /** The page's height (the width is 1280). */
  height?: number;
  /** Runs against the started app before the Playground opens (records written in the Playground's tenant). */
  seed?: (h: Harness) => Promise<void>;
  /** Where the page starts: the personal chat after its welcome card, the team's General channel, or as loaded. */
  open?: 'welcome' | 'channel' | 'none';
}

/** Mocha before/after for the suite; the returned session is filled in by `before`. */
export function playgroundPerSuite(options: PlaygroundSuiteOptions = {}): PlaygroundSession {
  const session = {} as PlaygroundSession;
  const dataDir = tempDataDir();
  before(async function () {
    skipWithoutBrowser(this);
    session.h = await startApp(options.env ?? {}, dataDir);
    await options.seed?.(session.h);
    session.playground = await startPlayground({ botEndpoint: `${session.h.baseUrl}/api/messages`, logFile: `${dataDir}/playground.log` });
    session.browser = await launchBrowser();
    session.page = await session.browser.newPage({ viewport: { width: 1280, height: options.height ?? 1000 } });
    await session.page.goto(session.playground.url);
    const open = options.open ?? 'welcome';
    if (open === 'welcome') await session.page.getByText(WELCOME_TITLE).first().waitFor({ timeout: 30_000 });
    if (open === 'channel') await session.page.getByText('General', { exact: true }).first().click();
  });
  after(async () => {
    await session.browser?.close();
    await session.playground?.stop();
    await session.h?.stop();
    removeDir(dataDir);
  });
  return session;
}

/** Types a message in the chat and sends it. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('[contenteditable="true"]').first();
  await box.waitFor({ timeout: 20_000 });
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Posts in the channel with the bot mentioned, the way a person does: "@", pick the bot, type the command. */
export async function postInChannel(page: Page, text: string): Promise<void> {
  const box = page.locator('[contenteditable="true"]').first();
  await box.waitFor({ timeout: 20_000 });
  await box.click();
  await page.keyboard.type('@Test');
  // The mention picker lists the bot as a menu item (its name also labels its posts, so match the role).
  await page.getByRole('menuitem', { name: 'Test Bot' }).first().click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole('button', { name: 'Post' }).click();
}

/** Stores an assessment of one sandbox environment, "Contoso Sales", for the Playground's user; returns its id. */
export async function saveContosoSales(h: Harness): Promise<string> {
  const v = validateProfile({
    source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR' },
    destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR', tenantId: '66666666-7777-8888-9999-000000000000' },
    environments: [{ name: 'Contoso Sales', type: 'sandbox', solutions: ['power-automate'] }],
  });
  if (!v.ok) throw new Error('the Contoso Sales profile no longer validates');
  return (await new AssessmentRepository(h.app.stores.storage).save({
    tenantId: PLAYGROUND_TENANT, userId: PLAYGROUND_USER.aadObjectId, userName: PLAYGROUND_USER.name,
    profile: v.profile, assessment: assess(v.profile),
  })).id;
}
