/**
 * Headless Chromium for end-to-end tests, driven by playwright-core (no browser download: Debian's chromium).
 * Without a browser the e2e tests skip, unless REQUIRE_E2E=1 (set by .ci/run), where a missing browser fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { projectRoot } from '../../src/paths.js';

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export function skipWithoutBrowser(ctx: Mocha.Context): void {
  if (chromiumPath()) return;
  if (process.env.REQUIRE_E2E === '1') throw new Error('REQUIRE_E2E=1 but no Chromium was found (set CHROMIUM_PATH or install chromium)');
  ctx.skip();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export const artifactsDir = join(projectRoot, 'test-artifacts');

export function artifactPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}
