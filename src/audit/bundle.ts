import type { JSONWebKeySet } from 'jose';
import type { Knex } from 'knex';
import { verifyReportJws, type ReportKeyRing } from '../signing/index.js';
import { readCheckpoint, type Checkpoint } from './checkpoints.js';
import { chainHash, contentDigest, fieldsOfRow, type StoredFields } from './event-hash.js';

/** `typ` of a signed audit bundle. */
export const BUNDLE_JWS_TYP = 'audit-bundle+jws';

/** An exported event: its stored content, so an offline verifier recomputes its hash. */
export interface BundleEvent {
  seq: number;
  chain: number;
  prevHash: string;
  hash: string;
  fields: StoredFields;
}

/** An event between an exported one and the checkpoint that anchors it: its digest only, never its content. */
export interface ProofLink {
  seq: number;
  chain: number;
  digest: string;
  hash: string;
}

/** What an auditor takes away: events, the links to the checkpoints that anchor them, and those checkpoints. */
export interface AuditBundle {
  type: 'audit-bundle';
  createdAt: string;
  exportedBy: { sub: string; org: string };
  /** The selection, as the auditor gave it (an ID number masked). */
  selection: Record<string, unknown>;
  events: BundleEvent[];
  proof: ProofLink[];
  checkpoints: Pick<Checkpoint, 'number' | 'jws'>[];
}

interface Anchor {
  number: number;
  jws: string;
  heads: Record<string, { seq: number; hash: string }>;
}

/** For each event, the first checkpoint that signed a head of its chain at or after it. */
function anchorOf(anchors: readonly Anchor[], chain: number, seq: number): Anchor | undefined {
  return anchors.find((a) => (a.heads[String(chain)]?.seq ?? -1) >= seq);
}

/**
 * A signed bundle of the events with these sequence numbers: each event with its content, the
 * digests of the events of its chain from it up to the head of the first checkpoint after it, and
 * those checkpoints. Events newer than the newest checkpoint are in the bundle, unanchored (the
 * verifier says so); the hub's signature covers the whole bundle.
 */
export async function buildAuditBundle(db: Knex, seqs: readonly number[], meta: Pick<AuditBundle, 'exportedBy' | 'selection'>, keys: Pick<ReportKeyRing, 'sign'>): Promise<{ bundle: AuditBundle; jws: string }> {
  const rows = seqs.length === 0 ? [] : await db('audit_events').whereIn('seq', seqs).orderBy('seq');
  const events: BundleEvent[] = rows.map((r) => ({ seq: Number(r.seq), chain: Number(r.chain), prevHash: r.prev_hash, hash: r.hash, fields: fieldsOfRow(r) }));
  const anchors: Anchor[] = (await db('audit_checkpoints').orderBy('number').select('number', 'jws', 'heads')).map((a) => ({ number: Number(a.number), jws: a.jws, heads: a.heads }));
  const used = new Map<number, Anchor>();
  // Ranges of each chain to prove: from an exported event (exclusive) to its anchor's head (inclusive).
  const ranges = new Map<number, [number, number][]>();
  for (const e of events) {
    const anchor = anchorOf(anchors, e.chain, e.seq);
    if (!anchor) continue;
    used.set(anchor.number, anchor);
    const list = ranges.get(e.chain) ?? [];
    list.push([e.seq, anchor.heads[String(e.chain)]!.seq]);
    ranges.set(e.chain, list);
  }
  const exported = new Set(events.map((e) => e.seq));
  const proof: ProofLink[] = [];
  for (const [chain, list] of ranges) {
    for (const [from, to] of mergeRanges(list)) {
      const links = await db('audit_events').where({ chain }).where('seq', '>', from).where('seq', '<=', to).orderBy('seq');
      for (const r of links) if (!exported.has(Number(r.seq))) proof.push({ seq: Number(r.seq), chain, digest: contentDigest(fieldsOfRow(r)), hash: r.hash });
    }
  }
  const bundle: AuditBundle = {
    type: 'audit-bundle',
    createdAt: new Date().toISOString(),
    ...meta,
    events,
    proof: proof.sort((a, b) => a.seq - b.seq),
    checkpoints: [...used.values()].sort((a, b) => a.number - b.number).map((a) => ({ number: a.number, jws: a.jws })),
  };
  const signed = await keys.sign(bundle, { typ: BUNDLE_JWS_TYP });
  return { bundle, jws: signed.jws };
}

function mergeRanges(list: [number, number][]): [number, number][] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

export interface BundleCheck {
  ok: boolean;
  events: number;
  /** Events proven to lie on a chain a checkpoint signed. */
  anchored: number;
  /** Events newer than every checkpoint in the bundle: covered by the bundle's signature only. */
  unanchored: number[];
  problems: string[];
}

/**
 * Verifies a bundle offline with the hub's public keys: its signature, each event's hash from its
 * content and predecessor, each checkpoint's signature, and the walk from each event along the
 * proof links to the head its checkpoint signed.
 */
export async function verifyAuditBundle(jws: string, jwks: JSONWebKeySet): Promise<BundleCheck> {
  const signed = await verifyReportJws(jws, jwks, BUNDLE_JWS_TYP);
  if (!signed.valid) return { ok: false, events: 0, anchored: 0, unanchored: [], problems: [`the bundle's signature: ${signed.check}: ${signed.message}`] };
  const bundle = signed.payload as AuditBundle;
  const problems: string[] = [];
  const anchors: Anchor[] = [];
  for (const c of bundle.checkpoints) {
    const read = await readCheckpoint(c.jws, jwks);
    if (read.ok) anchors.push({ number: read.payload.number, jws: c.jws, heads: read.payload.heads });
    else problems.push(`checkpoint ${c.number} does not verify: ${read.reason}`);
  }
  anchors.sort((a, b) => a.number - b.number);
  const links = new Map<number, { chain: number; digest: string; hash: string }>();
  for (const e of bundle.events) {
    const digest = contentDigest(e.fields);
    if (chainHash(e.prevHash, digest) !== e.hash) problems.push(`event ${e.seq}: its hash does not match its content`);
    links.set(e.seq, { chain: e.chain, digest, hash: e.hash });
  }
  for (const l of bundle.proof) links.set(l.seq, l);
  const unanchored: number[] = [];
  let anchored = 0;
  for (const e of bundle.events) {
    const anchor = anchorOf(anchors, e.chain, e.seq);
    if (!anchor) {
      unanchored.push(e.seq);
      continue;
    }
    const head = anchor.heads[String(e.chain)]!;
    const walked = walk(links, e, head.seq);
    if (walked === head.hash) anchored += 1;
    else problems.push(`event ${e.seq}: the chain from it does not reach the head checkpoint ${anchor.number} signed (event ${head.seq} of chain ${e.chain})`);
  }
  return { ok: problems.length === 0, events: bundle.events.length, anchored, unanchored, problems };
}

/** The hash reached from an event along its chain's links up to `toSeq`; null when a link is missing. */
function walk(links: Map<number, { chain: number; digest: string; hash: string }>, from: BundleEvent, toSeq: number): string | null {
  let prev = from.hash;
  const chainSeqs = [...links.entries()].filter(([seq, l]) => l.chain === from.chain && seq > from.seq && seq <= toSeq).sort((a, b) => a[0] - b[0]);
  for (const [, l] of chainSeqs) {
    if (chainHash(prev, l.digest) !== l.hash) return null;
    prev = l.hash;
  }
  return prev;
}
