import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DataProtectionError, idNumberHash, openBytes, openDataKeys, openText, resolveKek, rewrapDataKeys, rotateDataKey, sealBytes, sealText, useDataKeys, type Kek } from '../../src/data-protection/index.js';
import { createDb } from '../../src/db/index.js';
import { ConfigError } from '../../src/errors/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';

let t: TestDatabase;
let kek: Kek;
const FIELD = { table: 'persons', column: 'name', row: '6f1c1a52-4a8e-4d4a-9a43-1f1f2d9b0001' };

beforeAll(async () => {
  t = await createTestDatabase();
  // The kit opened the keys under a throwaway KEK; this file's database gets keys under one it knows.
  await t.db('data_keys').delete();
  kek = { key: randomBytes(32), from: 'DATA_KEK' };
  useDataKeys(t.db, await openDataKeys(t.db, kek));
});
afterAll(async () => {
  await t?.drop();
});

describe('sealed values', () => {
  it('open to what was sealed, and the bytes hold neither the text nor a repeat of an earlier seal', () => {
    const sealed = sealText(t.db, FIELD, '张三丰');
    expect(openText(t.db, FIELD, sealed)).toBe('张三丰');
    expect(sealed.includes(Buffer.from('张三丰'))).toBe(false);
    expect(sealText(t.db, FIELD, '张三丰').equals(sealed)).toBe(false);
  });

  it('refuses a value with one byte changed', () => {
    const sealed = sealText(t.db, FIELD, '110105194912310021');
    for (const at of [0, 3, 10, 25, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[at]! ^= 0x01;
      expect(() => openText(t.db, FIELD, bad)).toThrow(DataProtectionError);
    }
  });

  it('compressed when asked (large documents): opens to the same bytes, much shorter, and refuses a changed byte or format', () => {
    const document = Buffer.from(JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ code: `tax.income_${i % 40}`, value: i * 37, unit: 'CNY', source: 'tax' }))));
    const sealed = sealBytes(t.db, FIELD, document, { compress: true });
    expect(openBytes(t.db, FIELD, sealed).equals(document)).toBe(true);
    expect(sealed.length).toBeLessThan(document.length / 5);
    expect(sealBytes(t.db, FIELD, document).length).toBeGreaterThan(document.length);
    for (const at of [0, 20, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[at]! ^= 0x03;
      expect(() => openBytes(t.db, FIELD, bad)).toThrow(DataProtectionError);
    }
  });

  it('refuses, as a DataProtectionError, a compressed value that would open to more than 64 MiB', () => {
    const huge = Buffer.alloc(65 * 1024 * 1024);
    const sealed = sealBytes(t.db, FIELD, huge, { compress: true });
    expect(sealed.length).toBeLessThan(1024 * 1024);
    expect(() => openBytes(t.db, FIELD, sealed)).toThrow(DataProtectionError);
    expect(() => openBytes(t.db, FIELD, sealed)).toThrow(/opens but does not decompress/);
  });

  it('refuses a value moved to another row or column', () => {
    const sealed = sealText(t.db, FIELD, '110105194912310021');
    expect(() => openText(t.db, { ...FIELD, row: '6f1c1a52-4a8e-4d4a-9a43-1f1f2d9b0002' }, sealed)).toThrow(/does not open/);
    expect(() => openText(t.db, { ...FIELD, column: 'id_number' }, sealed)).toThrow(/does not open/);
    expect(() => openText(t.db, { ...FIELD, table: 'reports' }, sealed)).toThrow(/does not open/);
  });

  it('are never written without the database\'s keys: a store on a database whose keys are not open refuses', async () => {
    const other = createDb('postgres://postgres@127.0.0.1:5432/hub_keys_never_opened');
    try {
      expect(() => sealText(other, FIELD, '张三丰')).toThrow(/data keys of this database are not open/);
      expect(() => idNumberHash(other, '110105194912310021')).toThrow(DataProtectionError);
    } finally {
      await other.destroy();
    }
  });

  it('hashes an ID number the same way every time, and two numbers differently', () => {
    expect(idNumberHash(t.db, '110105194912310021').equals(idNumberHash(t.db, '110105194912310021'))).toBe(true);
    expect(idNumberHash(t.db, '110105194912310021').equals(idNumberHash(t.db, '11010519491231002X'))).toBe(false);
  });
});

describe('data keys', () => {
  it('are stored wrapped: the same KEK opens them again, another stops with the variable named', async () => {
    const sealed = sealText(t.db, FIELD, 'kept');
    const again = await openDataKeys(t.db, kek);
    useDataKeys(t.db, again);
    expect(openText(t.db, FIELD, sealed)).toBe('kept');
    const wrong = openDataKeys(t.db, { key: randomBytes(32), from: 'DATA_KEK' });
    await expect(wrong).rejects.toThrow(ConfigError);
    await expect(wrong).rejects.toThrow(/DATA_KEK: does not unwrap data key/);
  });

  it('rotate: new values under the new key, old ones still open; the look-up hash is unchanged', async () => {
    const before = sealText(t.db, FIELD, 'before rotation');
    const hash = idNumberHash(t.db, '110105194912310021');
    const id = await rotateDataKey(t.db, kek);
    const ring = await openDataKeys(t.db, kek);
    useDataKeys(t.db, ring);
    expect(ring.active.id).toBe(id);
    const after = sealText(t.db, FIELD, 'after rotation');
    expect(after.readUInt32BE(1)).toBe(id);
    expect(before.readUInt32BE(1)).not.toBe(id);
    expect(openText(t.db, FIELD, before)).toBe('before rotation');
    expect(idNumberHash(t.db, '110105194912310021').equals(hash)).toBe(true);
  });

  it('re-wrapped under a new KEK: the new one opens every key, the old one no longer does', async () => {
    const sealed = sealText(t.db, FIELD, 'across KEKs');
    const next: Kek = { key: randomBytes(32), from: 'DATA_KEK' };
    expect(await rewrapDataKeys(t.db, kek, next)).toBeGreaterThanOrEqual(3);
    await expect(openDataKeys(t.db, kek)).rejects.toThrow(/does not unwrap/);
    useDataKeys(t.db, await openDataKeys(t.db, next));
    expect(openText(t.db, FIELD, sealed)).toBe('across KEKs');
    kek = next;
  });
});

describe('the key-encryption key', () => {
  it('from DATA_KEK: malformed values are refused without being repeated', async () => {
    const secret = Buffer.alloc(16, 7).toString('base64');
    await expect(resolveKek({ kind: 'value', base64: secret })).rejects.toThrow(/DATA_KEK: 16 bytes once decoded; expected 32/);
    await expect(resolveKek({ kind: 'value', base64: secret })).rejects.not.toThrow(secret);
    await expect(resolveKek({ kind: 'value', base64: 'not base64!' })).rejects.toThrow(/DATA_KEK: not base64/);
  });

  it('from DATA_KEK_FILE: a missing file names the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kek-'));
    await expect(resolveKek({ kind: 'file', file: join(dir, 'absent') })).rejects.toThrow(/DATA_KEK_FILE=.*absent.*no such file/);
    const file = join(dir, 'kek.b64');
    const key = randomBytes(32);
    writeFileSync(file, `${key.toString('base64')}\n`);
    expect((await resolveKek({ kind: 'file', file })).key.equals(key)).toBe(true);
  });

  it('in development: made on first start and the same on the next', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kek-')), 'data');
    const [a, b] = await Promise.all([resolveKek({ kind: 'generated', dir }), resolveKek({ kind: 'generated', dir })]);
    expect(a.key.equals(b.key)).toBe(true);
    expect(Buffer.from(readFileSync(join(dir, 'kek.b64'), 'utf8').trim(), 'base64').equals(a.key)).toBe(true);
  });

  it('HUB_ENV=production without DATA_KEK or DATA_KEK_FILE does not start, naming DATA_KEK', () => {
    const load = () => loadConfig({ HUB_ENV: 'production', SOURCE_BASE_URL: 'https://agencies.example' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/DATA_KEK: required when HUB_ENV=production/);
    expect(() => loadConfig({ DATA_KEK: randomBytes(32).toString('base64'), DATA_KEK_FILE: '/x' })).toThrow(/set one, not both/);
    expect(loadConfig({ DATA_KEK: randomBytes(32).toString('base64') }).dataKek.kind).toBe('value');
  });
});
