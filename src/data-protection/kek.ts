import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/index.js';

/** Where the key-encryption key comes from (src/config.ts picks one; production never gets `generated`). */
export type KekSource = { kind: 'value'; base64: string } | { kind: 'file'; file: string } | { kind: 'generated'; dir: string };

/** The key-encryption key and the variable that supplied it, for error messages (never the key). */
export interface Kek {
  key: Buffer;
  /** `DATA_KEK`, `DATA_KEK_FILE=<path>` or `DATA_KEYS_DIR=<dir>` (the development key). */
  from: string;
}

const KEK_BYTES = 32;

/** A base64 key of 32 bytes, or why not (the message never repeats the value: it is a secret). */
export function decodeKek(text: string): Buffer | string {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return `not base64; expected ${KEK_BYTES} random bytes in base64 (openssl rand -base64 32)`;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === KEK_BYTES ? key : `${key.length} bytes once decoded; expected ${KEK_BYTES} (openssl rand -base64 32)`;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function fromFile(file: string, name: string): Promise<Buffer> {
  let text: string | undefined;
  try {
    text = await readIfPresent(file);
  } catch (err) {
    throw new ConfigError([`${name}=${JSON.stringify(file)}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  if (text === undefined) throw new ConfigError([`${name}=${JSON.stringify(file)}: no such file; the key-encryption key is needed to read and write personal data`]);
  const key = decodeKek(text);
  if (typeof key === 'string') throw new ConfigError([`${name}=${JSON.stringify(file)}: ${key}`]);
  return key;
}

/**
 * The development key: made on first start in DATA_KEYS_DIR, like the report and token dev keys.
 * Written whole to a temporary file and link()ed into place, so hubs starting at once share one key.
 */
async function generated(dir: string): Promise<Buffer> {
  const file = path.join(dir, 'kek.b64');
  if ((await readIfPresent(file)) === undefined) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${randomUUID()}.tmp`;
    await writeFile(tmp, `${randomBytes(KEK_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await link(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await unlink(tmp);
    }
  }
  return fromFile(file, 'DATA_KEYS_DIR');
}

/** Reads (or, in development, makes) the key-encryption key; a missing or malformed one is a ConfigError naming its variable. */
export async function resolveKek(source: KekSource): Promise<Kek> {
  if (source.kind === 'value') {
    const key = decodeKek(source.base64);
    if (typeof key === 'string') throw new ConfigError([`DATA_KEK: ${key}`]);
    return { key, from: 'DATA_KEK' };
  }
  if (source.kind === 'file') return { key: await fromFile(source.file, 'DATA_KEK_FILE'), from: `DATA_KEK_FILE=${source.file}` };
  return { key: await generated(source.dir), from: `DATA_KEYS_DIR=${source.dir} (development key)` };
}
