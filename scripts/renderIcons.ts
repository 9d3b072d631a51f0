/**
 * Renders the icon sources (appPackage/icon-source/*.svg) to the PNGs Teams needs, with headless Chromium.
 * The PNGs are committed, so this only runs when an SVG changes: `npx tsx scripts/renderIcons.ts`.
 * Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH); playwright-core downloads no browser.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import {
  COLOR_ICON,
  OUTLINE_ICON,
  appPackageDir,
  checkIcons,
} from './validateManifest.js';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export const ICON_SOURCES = [
  { svg: 'color.svg', ...COLOR_ICON, whiteOnly: false },
  { svg: 'outline.svg', ...OUTLINE_ICON, whiteOnly: true },
] as const;

/** Renders the SVGs in `sourceDir` to PNGs in `targetDir`; returns the files written. */
export async function renderIcons(
  sourceDir: string = join(appPackageDir(), 'icon-source'),
  targetDir: string = appPackageDir(),
  executablePath: string = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH,
): Promise<string[]> {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const written: string[] = [];
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    for (const icon of ICON_SOURCES) {
      const svg = readFileSync(join(sourceDir, icon.svg), 'utf8');
      const dataUrl = await page.evaluate(
        async ({ svg, size, whiteOnly }) => {
          const image = new Image(size, size);
          image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = size;
          canvas.height = size;
          const context = canvas.getContext('2d');
          if (!context) throw new Error('no 2D canvas');
          context.drawImage(image, 0, 0, size, size);
          if (whiteOnly) {
            // Anti-aliased edges come out as slightly grey half-transparent pixels; Teams wants the outline
            // icon white with only alpha varying, so keep the coverage (alpha) and force the colour.
            const data = context.getImageData(0, 0, size, size);
            for (let i = 0; i < data.data.length; i += 4) {
              const visible = data.data[i + 3]! > 0;
              data.data[i] = data.data[i + 1] = data.data[i + 2] = visible ? 255 : 0;
            }
            context.putImageData(data, 0, 0);
          }
          return canvas.toDataURL('image/png');
        },
        { svg, size: icon.size, whiteOnly: icon.whiteOnly },
      );
      const target = join(targetDir, icon.file);
      writeFileSync(target, Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
      written.push(target);
    }
  } finally {
    await browser.close();
  }
  return written;
}

async function main(): Promise<void> {
  const written = await renderIcons();
  for (const file of written) console.log(`wrote ${file}`);
  const problems = checkIcons(appPackageDir());
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`renderIcons failed: ${(error as Error).message ?? String(error)}`);
    process.exitCode = 1;
  });
}
