import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PURPOSES } from '../catalog/index.js';
import { ID_NUMBER_SCIENTIFIC_NOTATION, isSpreadsheetNumber, spreadsheetNumberMessage } from '../batch-files/index.js';
import { countingBytes, progressBar, UsageError } from '../cli/index.js';
import { checkIdNumber } from '../identity/index.js';
import { parseInstant } from '../validation/index.js';
import { purposesOf, type Defaults, type ImportArgs } from './args.js';
import { consentHub, HubRefusal, type ConsentInput } from './hub.js';
import { readConsentLines, type ConsentDraft } from './records.js';

/** Consents per registerConsents call: the hub's limit (MAX_CONSENTS_PER_CALL in src/consent). */
const PER_CALL = 200;
/** Failed lines listed in the summary; `failed` counts them all. */
export const MAX_FAILURES_LISTED = 1_000;

export interface Failure {
  line: number;
  reason: string;
  /** A stable code when one names the failure (ID_NUMBER_SCIENTIFIC_NOTATION). */
  code?: string;
}

export interface ImportSummary {
  /** Lines of the file that held consents (blank lines not counted). */
  lines: number;
  registered: number;
  failed: number;
  failures: Failure[];
}

interface Pending {
  line: number;
  input: ConsentInput;
}

/**
 * Reads the file line by line and registers its consents through the hub's `registerConsents`
 * (200 per call), so each is validated, stored and audited as any other registration. A line the
 * client or the hub refuses is listed with its number and the rest go on; a refusal of the whole
 * import (token, role, hub unreachable) stops it (HubRefusal, with what was registered so far).
 */
export async function importConsents(args: ImportArgs, onIgnored: (columns: string[]) => void): Promise<ImportSummary> {
  const hub = consentHub(args.hub, args.token);
  const summary: ImportSummary = { lines: 0, registered: 0, failed: 0, failures: [] };
  const documents = new Map<string, Promise<string>>();
  const base = dirname(args.file);
  const fail = (line: number, reason: string, code?: string) => {
    summary.failed += 1;
    if (summary.failures.length < MAX_FAILURES_LISTED) summary.failures.push({ line, reason, ...(code ? { code } : {}) });
  };
  /** A signed form named by a line (or --document), uploaded once however many lines name it. */
  const documentHash = (file: string, label: string) => {
    const path = resolve(base, file);
    let hash = documents.get(path);
    if (hash === undefined) {
      hash = hub.uploadDocument(path, label);
      documents.set(path, hash);
    }
    return hash;
  };

  const bar = progressBar('consents', 'bytes');
  bar.start(statSync(args.file).size);
  let pending: Pending[] = [];
  try {
    for await (const read of readConsentLines(args.file, args.format, countingBytes((n) => bar.update(n)), onIgnored)) {
      summary.lines += 1;
      if ('error' in read) {
        fail(read.line, read.error);
        continue;
      }
      const inputs: ConsentInput[] = [];
      try {
        for (const draft of read.drafts) inputs.push(await complete(draft, args.defaults, documentHash));
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        fail(read.line, err.message, err instanceof SpreadsheetNumber ? ID_NUMBER_SCIENTIFIC_NOTATION : undefined);
        continue;
      }
      pending.push(...inputs.map((input) => ({ line: read.line, input })));
      if (pending.length >= PER_CALL) {
        await registerAll(hub, pending.splice(0, PER_CALL), summary, fail);
      }
    }
    while (pending.length > 0) await registerAll(hub, pending.splice(0, PER_CALL), summary, fail);
    pending = [];
  } catch (err) {
    if (err instanceof HubRefusal) throw new HubRefusal(`${err.message} (stopped after ${summary.registered} consent(s) registered, ${summary.failed} line(s) failed)`);
    throw err;
  } finally {
    bar.stop();
  }
  summary.failures.sort((a, b) => a.line - b.line);
  return summary;
}

/**
 * Registers one call's consents. The hub registers all of a call or none and names the consent at
 * fault: that one's line fails and the call is made again without it.
 */
async function registerAll(hub: ReturnType<typeof consentHub>, batch: Pending[], summary: ImportSummary, fail: (line: number, reason: string) => void): Promise<void> {
  let left = batch;
  while (left.length > 0) {
    const answer = await hub.register(left.map((p) => p.input));
    if ('registered' in answer) {
      summary.registered += answer.registered;
      return;
    }
    const refused = left[answer.refused.index];
    if (refused === undefined) throw new HubRefusal(`registerConsents: refused item ${answer.refused.index} of ${left.length}: ${answer.refused.reason}`);
    fail(refused.line, answer.refused.reason);
    // The other consents of that line would leave its household half-consented: they go too.
    const failedLine = refused.line;
    left = left.filter((p) => p.line !== failedLine);
  }
}

/** An ID number a spreadsheet turned into a number: refused with its own code. */
class SpreadsheetNumber extends UsageError {}

/** A line's consent with the command line's defaults filled in, checked as far as the client can (ID numbers never quoted). */
async function complete(draft: ConsentDraft, defaults: Defaults, documentHash: (file: string, label: string) => Promise<string>): Promise<ConsentInput> {
  if (draft.idNumberWasNumber || isSpreadsheetNumber(draft.idNumber)) throw new SpreadsheetNumber(spreadsheetNumberMessage('idNumber'));
  const id = checkIdNumber(draft.idNumber);
  if (draft.idNumber === '') throw new UsageError('idNumber: missing');
  if (!id.ok) throw new UsageError(`idNumber: ${id.message}`);
  if (draft.name === '' || draft.name.length > 50) throw new UsageError('name: 1 to 50 characters');
  const purposes = draft.purposes === undefined ? defaults.purposes : purposesOf(draft.purposes, 'purposes');
  if (purposes === null) throw new UsageError(`purposes: missing (a column, or --purposes; one or more of ${PURPOSES.join(', ')})`);
  const validFrom = dateOf(draft.validFrom ?? defaults.validFrom, 'validFrom', '--valid-from');
  const validUntil = dateOf(draft.validUntil ?? defaults.validUntil, 'validUntil', '--valid-until');
  const documentSha256 = await documentOf(draft, defaults, documentHash);
  const guardian = draft.guardianIdNumber === undefined ? {} : { guardianIdNumber: guardianIdOf(draft.guardianIdNumber), guardianName: draft.guardianName ?? '' };
  return { idNumber: id.value.idNumber, name: draft.name, documentSha256, purposes, validFrom, validUntil, ...guardian };
}

function guardianIdOf(text: string): string {
  const g = checkIdNumber(text);
  if (!g.ok) throw new UsageError(`guardianIdNumber: ${g.message}`);
  return g.value.idNumber;
}

function dateOf(text: string | null | undefined, column: string, option: string): string {
  if (text === null || text === undefined) throw new UsageError(`${column}: missing (a column, or ${option})`);
  try {
    parseInstant(text, column);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return text;
}

async function documentOf(draft: ConsentDraft, defaults: Defaults, documentHash: (file: string, label: string) => Promise<string>): Promise<string> {
  if (draft.documentSha256 !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(draft.documentSha256)) throw new UsageError('documentSha256: 64 lower-case hex digits');
    return draft.documentSha256;
  }
  if (draft.document !== undefined) return documentHash(draft.document, `document ${draft.document}`);
  if (defaults.document !== null) return documentHash(defaults.document, `--document ${defaults.document}`);
  throw new UsageError('no signed form: a documentSha256 or document column, or --document FILE');
}
