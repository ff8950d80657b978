import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONSOLE_DIST_DIR, CONSOLE_SOURCE_DIR, LOCK_FILE } from './paths.js';

/** Written last by a build: the hash of the sources it was built from. */
const STAMP = '.source-hash';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** SHA-256 over every console source file (path and bytes) and the lock file. */
export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(CONSOLE_SOURCE_DIR)) {
    hash.update(relative(CONSOLE_SOURCE_DIR, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  if (existsSync(LOCK_FILE)) hash.update(readFileSync(LOCK_FILE));
  return hash.digest('hex');
}

/** Whether dist/console is missing or was built from other sources than those in the tree. */
export function consoleBuildIsStale(): boolean {
  const stamp = join(CONSOLE_DIST_DIR, STAMP);
  return !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== consoleSourceHash();
}

/**
 * Builds the console with vite (a development dependency, loaded only here: a hub started from a
 * built tree never needs it) and stamps the output with its sources' hash.
 */
export async function buildConsole(): Promise<void> {
  const hash = consoleSourceHash();
  const { build } = await import('vite');
  await build({ configFile: join(CONSOLE_SOURCE_DIR, 'vite.config.ts') });
  writeFileSync(join(CONSOLE_DIST_DIR, STAMP), `${hash}\n`);
}

/** Builds the console unless the build in dist/console matches its sources; says which. */
export async function ensureConsoleBuilt(): Promise<'built' | 'up to date'> {
  if (!consoleBuildIsStale()) return 'up to date';
  await buildConsole();
  return 'built';
}
