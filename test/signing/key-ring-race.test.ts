import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openReportKeyRing, rotateReportKey } from '../../src/signing/index.js';

/**
 * Runs just before the key ring reads a file, to put another process's work into the one window
 * that matters: after a jwks.json writer has listed keys/ and read jwks.json, before it writes.
 */
const hooks = vi.hoisted(() => ({ beforeRead: undefined as ((file: string) => Promise<void>) | undefined }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const readFile = (async (file: Parameters<typeof real.readFile>[0], options?: Parameters<typeof real.readFile>[1]) => {
    const hook = hooks.beforeRead;
    if (hook !== undefined && typeof file === 'string') await hook(file);
    return real.readFile(file, options ?? null);
  }) as typeof real.readFile;
  return { ...real, readFile, default: { ...real, readFile } };
});

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'report-keys-race-'));
});
afterEach(() => {
  hooks.beforeRead = undefined;
  rmSync(root, { recursive: true, force: true });
});

describe('jwks.json under concurrent rotation', () => {
  it('a writer whose listing went stale before it wrote lists again and publishes the key it missed', async () => {
    const first = (await openReportKeyRing(root)).activeKid;
    let other: string | undefined;
    hooks.beforeRead = async (file) => {
      // The first private key read of our rotation's jwks sync comes after its listing and its
      // read of jwks.json: a whole other rotation now completes, publishing its key.
      if (other !== undefined || !file.endsWith('.private.jwk.json')) return;
      other = 'pending';
      other = await rotateReportKey(root);
    };
    const ours = await rotateReportKey(root);
    hooks.beforeRead = undefined;
    expect(other).toMatch(/^[\w-]{43}$/);
    const published = (JSON.parse(readFileSync(path.join(root, 'jwks.json'), 'utf8')) as JSONWebKeySet).keys.map((k) => k.kid).sort();
    expect(published).toEqual([first, other, ours].sort());
  });
});
