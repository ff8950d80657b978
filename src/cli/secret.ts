import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

export interface SecretSources {
  /** The option naming a file that holds the secret (`--token-file`), and its value. */
  fileOption: string;
  file: string | undefined;
  /** The environment variable holding the secret (`HUB_TOKEN`). */
  env: string;
  /**
   * The secret given on the command line itself (`--token`): still accepted so that old scripts
   * keep working, with a warning, since any user of the machine sees it in `ps`.
   */
  inlineOption?: string;
  inline?: string | undefined;
  /** Prefix of the warning line. */
  command: string;
}

/**
 * A secret (a bearer token) from a file, the environment, or (warned) the command line, in that
 * order; null when none is given. A file is read whole and trimmed (a trailing newline is normal).
 */
export function readSecret(s: SecretSources): string | null {
  if (s.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(s.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`${s.fileOption} ${s.file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable' : (err as Error).message}`);
    }
    if (text.trim() === '') throw new UsageError(`${s.fileOption} ${s.file}: the file is empty`);
    return text.trim();
  }
  const fromEnv = process.env[s.env]?.trim();
  if (fromEnv) return fromEnv;
  if (s.inline !== undefined && s.inline.trim() !== '') {
    console.error(`${s.command}: warning: ${s.inlineOption ?? '--token'} on the command line is visible to every user of this machine (ps); set ${s.env} or use ${s.fileOption} FILE`);
    return s.inline.trim();
  }
  return null;
}
