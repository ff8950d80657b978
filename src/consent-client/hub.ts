import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../cli/index.js';

/** The hub refused the whole import (authentication, a role, a quota) or could not be reached: exit 1. */
export class HubRefusal extends Error {}

/** The hub refused one consent of a call: the call's index of it, and why (ID numbers masked by the hub). */
export interface ItemRefusal {
  index: number;
  reason: string;
}

export interface ConsentInput {
  idNumber: string;
  name: string;
  documentSha256: string;
  purposes: string[];
  validFrom: string;
  validUntil: string;
  guardianIdNumber?: string;
  guardianName?: string;
}

const TYPES: Record<string, string> = { '.pdf': 'application/pdf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png' };
const REGISTER = 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }';

/** A client of the hub's consent endpoints: the same registration (and audit) as any other caller's. */
export function consentHub(hub: string, token: string) {
  const headers = { authorization: `Bearer ${token}` };

  /** Uploads a signed form (`POST /consents/documents`) and answers the hash the hub computed. */
  async function uploadDocument(file: string, label: string): Promise<string> {
    const type = TYPES[extname(file).toLowerCase()];
    if (type === undefined) throw new UsageError(`${label}: a signed form is a .pdf, .jpg or .png file`);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`${label}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    const res = await call(`${hub}/consents/documents`, { method: 'POST', headers: { ...headers, 'content-type': type }, body: new Uint8Array(bytes) });
    const body = (await res.json().catch(() => null)) as { sha256?: string; error?: { code?: string; message?: string } } | null;
    if (res.status === 201 && typeof body?.sha256 === 'string') return body.sha256;
    const why = body?.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`;
    // A form the hub cannot take (type, size) is that line's problem; anything else stops the import.
    if (res.status === 413 || res.status === 415) throw new UsageError(`${label}: ${why}`);
    throw new HubRefusal(`POST /consents/documents: ${why}`);
  }

  /**
   * Registers one call's consents. Answers the count registered, or the consent the hub refused
   * (it registers all of a call or none, naming the first one at fault in `extensions.field`).
   */
  async function register(consents: ConsentInput[]): Promise<{ registered: number } | { refused: ItemRefusal }> {
    const res = await call(`${hub}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query: REGISTER, variables: { c: consents } }) });
    const body = (await res.json().catch(() => null)) as { data?: { registerConsents?: unknown[] } | null; errors?: { message?: string; extensions?: { code?: string; field?: string } }[] } | null;
    const error = body?.errors?.[0];
    if (!error && Array.isArray(body?.data?.registerConsents)) return { registered: body.data.registerConsents.length };
    const code = error?.extensions?.code ?? `HTTP ${res.status}`;
    const message = error?.message ?? 'no answer';
    // The field names the item (consents[3].idNumber); GraphQL's own coercion errors say "at c[3]".
    const index = /^consents\[(\d+)\]/.exec(error?.extensions?.field ?? '')?.[1] ?? /at "c\[(\d+)\]/.exec(message)?.[1];
    if (index !== undefined && (code === 'BAD_USER_INPUT' || code === 'INVALID_ID_NUMBER')) {
      return { refused: { index: Number(index), reason: `${code}: ${message.replace(/^consents\[\d+\]\./, '')}` } };
    }
    throw new HubRefusal(`registerConsents: ${code}: ${message}`);
  }

  async function call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, init);
    } catch (err) {
      // fetch only says "fetch failed"; the cause (ECONNREFUSED, ...) is what a user can act on.
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new HubRefusal(`cannot reach the hub at ${hub}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
  }

  return { uploadDocument, register };
}
