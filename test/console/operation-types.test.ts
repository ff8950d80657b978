import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATION_TYPES_DIR } from '../../src/console-build/index.js';
import { generateOperationTypes } from '../../src/console-types/index.js';

describe("the console's typed operations", () => {
  it('validate against the schema and match the generated files checked in (else: npm run build:console -- --types)', async () => {
    // Throws when an operation of a page no longer validates (a field removed or renamed in the schema).
    const files = await generateOperationTypes();
    expect(files.map((f) => f.path)).toEqual(['gql.ts', 'graphql.ts', 'index.ts']);
    for (const f of files) {
      expect(readFileSync(join(OPERATION_TYPES_DIR, f.path), 'utf8'), `console/src/gql/${f.path} is stale: run npm run build:console -- --types`).toBe(f.content);
    }
  }, 60_000);
});
