import { z } from 'zod';
import type { Attribute, Catalog } from '../../src/catalog/index.js';
import { checkIdNumber } from '../../src/identity/index.js';
import { findRegion } from '../../src/regions/index.js';
import { RELATIONS } from './people.js';

/**
 * The scenario fixtures file (SANDBOX_FIXTURES, docs/SANDBOX.md "Scenario fixtures"): its shape as
 * a zod schema, then the checks that need the catalogue, the regions and the ID-number rules. Every
 * problem comes back as `<path>: <reason>`, the path written as in JavaScript
 * (`households[2].members[0].records.tax.tax.wage_income_12m`).
 */

const valueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const personSchema = z.strictObject({
  idNumber: z.string(),
  name: z.string().min(1).max(50),
  relation: z.enum(RELATIONS),
  /** By source id: attribute code -> value, plus an optional `asOf` date. */
  records: z.record(z.string(), z.record(z.string(), valueSchema)).default({}),
});

const count = z.int().min(0);
const money = z.number().min(0).default(0);
/** A member's income by kind, CNY a month (the hub's `DeclaredIncomeInput`); a kind left out: 0. */
const declaredIncomeSchema = z.strictObject({ wage: money, business: money, pension: money, property: money, transfer: money, other: money });
/** Assets by kind (the hub's `DeclaredAssetsInput`): CNY, land in mu, counts; a kind left out: 0; `depositsByBank` optional. */
const declaredAssetsSchema = z.strictObject({
  deposits: money,
  depositsByBank: z.array(z.strictObject({ bank: z.string(), amount: z.number().min(0) })).optional(),
  wealthProducts: money,
  funds: money,
  securities: money,
  housingFund: money,
  insuranceCashValue: money,
  businessCapital: money,
  land: money,
  vehicles: count.default(0),
  properties: count.default(0),
  businesses: count.default(0),
});
/**
 * Two shapes, as `GET /sandbox/households` serves them, alone or together: `members[].monthlyIncome`
 * and `assets` (the total and four assets), and `members[].declaredIncome` and `declaredAssets` by kind.
 */
const declarationSchema = z.strictObject({
  members: z.array(z.strictObject({ idNumber: z.string(), monthlyIncome: z.number().min(0).optional(), declaredIncome: declaredIncomeSchema.optional() })).default([]),
  assets: z.strictObject({ deposits: z.number().min(0).default(0), vehicles: count.default(0), properties: count.default(0), businesses: count.default(0) }).optional(),
  declaredAssets: declaredAssetsSchema.optional(),
});

const householdSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64'),
  /** What the household is meant to show; for readers of the file, ignored by the sandbox. */
  about: z.string().optional(),
  regionCode: z.string(),
  applicant: z.boolean().default(true),
  members: z.array(personSchema).min(1).max(30),
  supporters: z.array(personSchema).max(10).default([]),
  declaration: declarationSchema.optional(),
});

const fileSchema = z.strictObject({
  about: z.string().optional(),
  households: z.array(householdSchema).min(1),
});

export type FixtureFile = z.infer<typeof fileSchema>;
export type FixtureHousehold = FixtureFile['households'][number];
export type FixturePerson = FixtureHousehold['members'][number];

type Path = readonly (string | number | symbol)[];

/** `households[2].members[0].records.tax` from zod's path array. */
export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** The file's structure: problems from zod, each naming its field (an unknown key is named itself). */
export function parseFixtureFile(json: unknown): { file: FixtureFile } | { problems: string[] } {
  const parsed = fileSchema.safeParse(json);
  if (parsed.success) return { file: parsed.data };
  return {
    problems: parsed.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `${formatPath([...issue.path, issue.keys[0]!])}: unknown field`
        : `${formatPath(issue.path) || '(file)'}: ${issue.message}`,
    ),
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Why a value does not fit its attribute's catalogue type, or null when it does (null always fits: an empty field). */
export function valueProblem(a: Attribute, value: unknown): string | null {
  if (value === null) return null;
  const got = `got ${JSON.stringify(value)}`;
  switch (a.type) {
    case 'MONEY':
    case 'DECIMAL':
      return typeof value === 'number' && Number.isFinite(value) ? null : `must be a number (${a.type}${a.unit ? `, ${a.unit}` : ''}), ${got}`;
    case 'INTEGER':
      return Number.isInteger(value) ? null : `must be an integer (INTEGER${a.unit ? `, ${a.unit}` : ''}), ${got}`;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? null : `must be true or false (BOOLEAN), ${got}`;
    case 'DATE':
      return typeof value === 'string' && isDate(value) ? null : `must be a date YYYY-MM-DD (DATE), ${got}`;
    case 'TEXT':
      return typeof value === 'string' ? null : `must be a string (TEXT), ${got}`;
    case 'ENUM':
      return typeof value === 'string' && a.values!.includes(value) ? null : `must be one of ${a.values!.join(', ')} (ENUM), ${got}`;
  }
}

/** What the checks below need besides the file: the catalogue, and who the generated population already has. */
export interface FixtureContext {
  cat: Catalog;
  /** The generated household holding this ID number or household id, if any. */
  generatedPerson(idNumber: string): string | undefined;
  generatedHousehold(id: string): boolean;
}

function recordProblems(ctx: FixtureContext, person: FixturePerson, at: string): string[] {
  const problems: string[] = [];
  for (const [sourceId, record] of Object.entries(person.records)) {
    const here = `${at}.records.${sourceId}`;
    if (!ctx.cat.source(sourceId)) {
      problems.push(`${here}: unknown source ${sourceId} (src/catalog/data/sources.json)`);
      continue;
    }
    for (const [code, value] of Object.entries(record)) {
      if (code === 'asOf') {
        if (typeof value !== 'string' || !isDate(value)) problems.push(`${here}.asOf: must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
        continue;
      }
      const attribute = ctx.cat.attribute(code);
      if (attribute?.source !== sourceId) {
        problems.push(`${here}.${code}: ${sourceId} provides no attribute ${code}`);
        continue;
      }
      const problem = valueProblem(attribute, value);
      if (problem) problems.push(`${here}.${code}: ${problem}`);
    }
  }
  return problems;
}

/** ID numbers: valid, and each person once, in the file and in the generated population. */
function personProblems(ctx: FixtureContext, person: FixturePerson, at: string, seen: Map<string, string>): string[] {
  const check = checkIdNumber(person.idNumber);
  if (!check.ok) return [`${at}.idNumber: ${check.message}`];
  const id = check.value.idNumber;
  const earlier = seen.get(id);
  if (earlier) return [`${at}.idNumber: ${id} is already ${earlier}`];
  seen.set(id, at);
  const generated = ctx.generatedPerson(id);
  if (generated) return [`${at}.idNumber: ${id} is already a person of the generated population (household ${generated})`];
  return recordProblems(ctx, person, at);
}

function householdProblems(ctx: FixtureContext, h: FixtureHousehold, at: string, seen: Map<string, string>): string[] {
  const problems: string[] = [];
  const region = findRegion(h.regionCode);
  if (region?.level !== 'county') problems.push(`${at}.regionCode: ${JSON.stringify(h.regionCode)} is not a known county code (src/regions/data/regions.json)`);
  if (ctx.generatedHousehold(h.id)) problems.push(`${at}.id: ${h.id} is already a generated household`);
  const heads = h.members.filter((m) => m.relation === 'HEAD').length;
  if (heads !== 1) problems.push(`${at}.members: must have exactly one HEAD, has ${heads}`);
  h.members.forEach((m, i) => problems.push(...personProblems(ctx, m, `${at}.members[${i}]`, seen)));
  h.supporters.forEach((s, i) => {
    if (s.relation === 'HEAD') problems.push(`${at}.supporters[${i}].relation: a supporter is not the HEAD of the household`);
    problems.push(...personProblems(ctx, s, `${at}.supporters[${i}]`, seen));
  });
  const memberIds = new Set(h.members.map((m) => m.idNumber.toUpperCase()));
  const declared = new Set<string>();
  h.declaration?.members.forEach((d, i) => {
    const id = d.idNumber.toUpperCase();
    if (!memberIds.has(id) || declared.has(id)) problems.push(`${at}.declaration.members[${i}].idNumber: must be a member of the household, once`);
    declared.add(id);
  });
  h.declaration?.declaredAssets?.depositsByBank?.forEach((d, i) => {
    if (ctx.cat.source(d.bank)?.family !== 'bank') problems.push(`${at}.declaration.declaredAssets.depositsByBank[${i}].bank: ${JSON.stringify(d.bank)} is not a bank source id (src/catalog/data/sources.json)`);
  });
  return problems;
}

/** Everything wrong with a structurally valid file, in file order (empty when it can be served). */
export function fixtureProblems(ctx: FixtureContext, file: FixtureFile): string[] {
  const seen = new Map<string, string>();
  const ids = new Map<string, number>();
  return file.households.flatMap((h, i) => {
    const at = `households[${i}]`;
    const problems: string[] = [];
    const twin = ids.get(h.id);
    if (twin !== undefined) problems.push(`${at}.id: ${h.id} is already households[${twin}]`);
    ids.set(h.id, i);
    return [...problems, ...householdProblems(ctx, h, at, seen)];
  });
}
