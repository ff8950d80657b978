import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { attributeValue, buildPopulation, holdsRecord, type SandboxHousehold, type SandboxPerson } from '../connectors/sandbox/index.js';
import { catalog, type PersonRecord } from '../src/catalog/index.js';
import { policyParametersSchema, type ResolvedPolicy } from '../src/regional-policy/index.js';
import type { ReportBody, ReportMember } from '../src/reports/index.js';

/**
 * What the in-process benchmarks of the report's pure parts (bench/assessment.ts, bench/compare.ts)
 * share: sandbox persons as a verification would have them (every NEW_APPLICATION attribute asked,
 * every source answered), Jinan Lixia's merged policy, and the timing loop with a digest of the results.
 */
export const SEED = 20260701;
export const DATE = '2026-06-30';
const cat = catalog();

/** The region's versions in force on DATE, parents first, merged as resolvePolicy merges them (without the database). */
export function lixiaPolicy(): ResolvedPolicy {
  const versions = ['370000_2026-01-01', '370100_2026-01-01', '370102_2026-03-01'];
  const merged = Object.assign({}, ...versions.map((v) => (JSON.parse(readFileSync(new URL(`../src/regional-policy/data/${v}.json`, import.meta.url), 'utf8')) as { parameters: object }).parameters));
  return { regionCode: '370102', date: DATE, versions: versions.map((v) => ({ id: v, regionCode: v.slice(0, 6), effectiveFrom: v.slice(7) })), parameters: policyParametersSchema.parse(merged) };
}

export const asked = cat.attributes.filter((a) => a.purposes.includes('NEW_APPLICATION'));
const askedSources = [...new Set(asked.map((a) => a.source))];

/** Every asked source as answered OK. */
export const answeredSources: ReportBody['sources'] = askedSources.map((source) => ({ source, status: 'OK', latencyMs: 0, attributes: asked.filter((a) => a.source === source).map((a) => a.code), tickets: [], error: null, answeredAt: DATE }));

export function population(households: number): SandboxHousehold[] {
  return buildPopulation({ seed: SEED, households, banks: cat.sources.filter((s) => s.family === 'bank').map((s) => s.id) }).households;
}

/** A sandbox person with the records every asked source would answer; the declaration's income when given. */
export function sandboxMember(p: SandboxPerson, declared?: Pick<ReportMember, 'declaredMonthlyIncome' | 'declaredIncome'>): ReportMember {
  const records: Record<string, PersonRecord> = {};
  for (const id of askedSources) {
    const source = cat.source(id)!;
    if (!holdsRecord(source, p, SEED)) {
      records[id] = { found: false };
      continue;
    }
    const values = Object.fromEntries(asked.filter((a) => a.source === id).map((a) => [a.code, attributeValue(a, source, p, SEED)]));
    records[id] = { found: true, asOf: '2026-06-29', values };
  }
  return { personId: p.idNumber, idNumber: p.idNumber, name: p.name, relation: p.relation, birthDate: p.birthDate, sex: p.sex, declaredMonthlyIncome: null, ...declared, records };
}

/** Values found per member, on average. */
export function valuesPerMember(members: readonly ReportMember[]): number {
  const found = members.map((m) => Object.values(m.records).reduce((n, r) => n + (r.found ? Object.keys(r.values).length : 0), 0));
  return Math.round(found.reduce((s, n) => s + n, 0) / found.length);
}

/**
 * Times each run (after a digest of its results over the first `digestOver` calls and 200 warm-up
 * calls) and prints ms per call with the digest; returns the ms per call by name.
 */
export function timeRuns(runs: Record<string, (i: number) => unknown>, options: { count: number; digestOver: number; only?: string | undefined; unit: string }): Record<string, number> {
  const ms: Record<string, number> = {};
  for (const [name, run] of Object.entries(runs).filter(([name]) => options.only === undefined || name === options.only)) {
    const digest = createHash('sha256');
    for (let i = 0; i < options.digestOver; i++) digest.update(JSON.stringify(run(i)));
    for (let i = 0; i < 200; i++) run(i);
    const started = performance.now();
    for (let i = 0; i < options.count; i++) run(i);
    ms[name] = (performance.now() - started) / options.count;
    console.log(`${name.padEnd(17)} ${ms[name].toFixed(3)} ms per ${options.unit} (${options.count} runs), results sha256 ${digest.digest('hex').slice(0, 16)}`);
  }
  return ms;
}
