/**
 * The project root, found from this module's own location. Code runs from src/ under tsx and from dist/src/ when
 * compiled, so runtime assets (cards/, package.json) are resolved from the root, never relative to this file.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'cards'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const cardsDir = join(projectRoot, 'cards');
