import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { operationHash, type TrustedOperations } from './manifest.js';

/**
 * TRUSTED_OPERATIONS=record (development and staging only): the registered operations, plus every
 * other document an assistance system sends, admitted and written to `file` (a hash-to-document
 * manifest the hub reads like any other). What a gateway sends the hub is the gateway's query plan,
 * not the client's text: running a platform's client flows through its gateway against a recording
 * hub is how those documents are registered (docs/FEDERATION.md). The file is rewritten whole when
 * a new document comes: rare once the flows have run.
 */
export function recordingOperations(registered: TrustedOperations, file: string): TrustedOperations {
  const recorded = new Map<string, string>(existsSync(file) ? Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : []);
  return {
    get: (hash) => registered.get(hash) ?? recorded.get(hash),
    get size() {
      return registered.size + recorded.size;
    },
    manifests: registered.manifests,
    record(document: string) {
      const hash = operationHash(document);
      if (registered.get(hash) !== undefined || recorded.has(hash)) return;
      recorded.set(hash, document);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(Object.fromEntries(recorded), null, 2)}\n`);
    },
  };
}
