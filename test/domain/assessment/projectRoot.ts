import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this file so tests run from any working directory. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
