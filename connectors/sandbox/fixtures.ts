import { readFileSync } from 'node:fs';
import type { AttributeValue, Catalog } from '../../src/catalog/index.js';
import { ConfigError } from '../../src/errors/index.js';
import { checkIdNumber } from '../../src/identity/index.js';
import { fixtureProblems, parseFixtureFile, type FixtureFile, type FixtureHousehold, type FixturePerson } from './fixtures-format.js';
import type { Declaration, PersonTraits, Population, SandboxHousehold, SandboxPerson } from './people.js';

/** One agency's record of a fixture person: the values it holds and the date they are true of. */
export interface StatedRecord {
  asOf: string | null;
  values: Record<string, string | number | boolean | null>;
}

/** Traits of a person nothing is known of: a fixture person's, whose agencies answer from its records instead. */
function blankTraits(): PersonTraits {
  return {
    employed: false, employer: null, wageMonthly: 0, pensionMonthly: 0, unemploymentMonthly: 0, pensionContributionMonthly: 0,
    vehicleCount: 0, vehicleValue: 0, luxuryVehicle: false, propertyCount: 0, propertyArea: 0, propertyValue: 0, mortgage: 0,
    deposits: {}, wealthProduct: 0, fund: 0, securities: 0, insuranceCashValue: 0, housingFund: 0,
    businessCount: 0, businessCapital: 0, businessIncomeYear: 0, rentIncomeYear: 0, landMu: 0,
    disabilityGrade: 'NONE', disabilityKind: 'NONE', seriousIllness: false, medicalOopYear: 0, student: false, tuitionYear: 0,
    imprisoned: false, deceased: false, deathDate: null, onPublicPayroll: false, maritalStatus: 'UNMARRIED',
    dibao: false, tekun: false, lowIncomeRecipient: false, assistanceMonthly: 0, incomeItems: {}, hukouRegion: null,
  };
}

/** Problems shown at most: a file with a systematic mistake would otherwise fill the screen. */
const MAX_PROBLEMS = 20;

function fixtureError(path: string, problems: string[]): ConfigError {
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => `SANDBOX_FIXTURES=${path}: ${p}`);
  if (problems.length > MAX_PROBLEMS) shown.push(`SANDBOX_FIXTURES=${path}: ... and ${problems.length - MAX_PROBLEMS} more problems`);
  // A ConfigError: `npm start` prints it as it is, without a stack, and stops.
  return new ConfigError(shown);
}

function readFixtureFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw fixtureError(path, [`cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw fixtureError(path, [`not valid JSON: ${(err as Error).message}`]);
  }
}

function identityOf(idNumber: string) {
  const check = checkIdNumber(idNumber);
  // fixtureProblems refuses every invalid number before any person is built.
  if (!check.ok) throw new Error(`unchecked fixture ID number ${idNumber}`);
  return check.value;
}

function person(cat: Catalog, p: FixturePerson, h: FixtureHousehold): SandboxPerson {
  const { idNumber, birthDate, sex } = identityOf(p.idNumber);
  const records: Record<string, StatedRecord> = {};
  let hukouType: SandboxPerson['hukouType'] = 'URBAN';
  for (const [sourceId, { asOf, ...values }] of Object.entries(p.records)) {
    records[sourceId] = { asOf: typeof asOf === 'string' ? asOf : null, values };
    for (const [code, value] of Object.entries(values)) {
      if (value === 'RURAL' && cat.attribute(code)?.category === 'identity.hukou_type') hukouType = 'RURAL';
    }
  }
  return { idNumber, name: p.name, sex, birthDate, relation: p.relation, householdId: h.id, regionCode: h.regionCode, hukouType, traits: blankTraits(), records };
}

/**
 * The file's declaration in the generated households' shape: the total and four assets always (from
 * the kinds when the file gives only those), and by kind when the file gives income or assets by
 * kind (a kind, or a member, left out: 0). A household without a declaration declares nothing.
 */
function declaration(h: FixtureHousehold, members: readonly SandboxPerson[]): Declaration {
  const d = h.declaration;
  const stated = new Map((d?.members ?? []).map((x) => [x.idNumber.toUpperCase(), x]));
  const byKind = d?.declaredAssets !== undefined || (d?.members ?? []).some((x) => x.declaredIncome);
  const none = { wage: 0, business: 0, pension: 0, property: 0, transfer: 0, other: 0 };
  const declared = members.map((m) => {
    const x = stated.get(m.idNumber);
    const income = x?.declaredIncome;
    // The total means wage, business, pension and property income (docs/SANDBOX.md).
    const monthlyIncome = x?.monthlyIncome ?? (income ? income.wage + income.business + income.pension + income.property : 0);
    return { idNumber: m.idNumber, name: m.name, relation: m.relation, monthlyIncome, ...(byKind ? { declaredIncome: income ?? none } : {}) };
  });
  const kinds = d?.declaredAssets;
  const assets = d?.assets ?? (kinds ? { deposits: kinds.deposits, vehicles: kinds.vehicles, properties: kinds.properties, businesses: kinds.businesses } : { deposits: 0, vehicles: 0, properties: 0, businesses: 0 });
  if (!byKind) return { members: declared, assets };
  const a = kinds ?? { deposits: assets.deposits, wealthProducts: 0, funds: 0, securities: 0, housingFund: 0, insuranceCashValue: 0, businessCapital: 0, land: 0, vehicles: assets.vehicles, properties: assets.properties, businesses: assets.businesses };
  return { members: declared, assets, declaredAssets: { ...a, depositsByBank: kinds?.depositsByBank ?? null } };
}

function household(cat: Catalog, h: FixtureHousehold): SandboxHousehold {
  const members = h.members.map((m) => person(cat, m, h));
  return {
    id: h.id,
    regionCode: h.regionCode,
    applicant: h.applicant,
    lowIncome: false,
    fixture: true,
    undeclared: [],
    hidden: [],
    forgotten: [],
    members,
    supporters: h.supporters.map((s) => person(cat, s, h)),
    declaration: declaration(h, members),
  };
}

/**
 * Reads and checks the fixtures file at `path` against the catalogue and the generated population
 * (no ID number or household id twice). Throws a ConfigError naming the path and each field at fault.
 */
export function loadFixtures(path: string, cat: Catalog, generated: Population): SandboxHousehold[] {
  const parsed = parseFixtureFile(readFixtureFile(path));
  if ('problems' in parsed) throw fixtureError(path, parsed.problems);
  const file: FixtureFile = parsed.file;
  const problems = fixtureProblems(
    { cat, generatedPerson: (id) => generated.person(id)?.householdId, generatedHousehold: (id) => generated.household(id) !== undefined },
    file,
  );
  if (problems.length > 0) throw fixtureError(path, problems);
  return file.households.map((h) => household(cat, h));
}

/** The generated population with the fixture households first, their members and supporters findable by ID number. */
export function withFixtures(generated: Population, fixtures: readonly SandboxHousehold[]): Population {
  if (fixtures.length === 0) return generated;
  const persons = new Map(fixtures.flatMap((h) => [...h.members, ...h.supporters]).map((p) => [p.idNumber, p]));
  const households = new Map(fixtures.map((h) => [h.id, h]));
  return {
    seed: generated.seed,
    households: [...fixtures, ...generated.households],
    personCount: generated.personCount + persons.size,
    person: (idNumber) => persons.get(idNumber) ?? generated.person(idNumber),
    household: (id) => households.get(id) ?? generated.household(id),
  };
}

/** Identity the registers hold of anyone they know, when the fixture leaves it out. */
function ownIdentity(person: SandboxPerson, category: string): AttributeValue | undefined {
  if (category === 'identity.name') return person.name;
  if (category === 'identity.sex') return person.sex;
  if (category === 'identity.birth_date') return person.birthDate;
  return undefined;
}

/**
 * What a source answers of a fixture person from its record there: not found when the file gives
 * the source none; else the given values, the person's own name, sex and birth date where the
 * file leaves those out, and null (an empty field) for any other attribute the record does not give.
 */
export function statedRecord(cat: Catalog, person: SandboxPerson, record: StatedRecord | undefined, attributes: readonly string[], defaultAsOf: string) {
  if (!record) return { idNumber: person.idNumber, found: false as const };
  const values: Record<string, AttributeValue> = {};
  for (const code of attributes) {
    values[code] = code in record.values ? record.values[code]! : (ownIdentity(person, cat.attribute(code)!.category) ?? null);
  }
  return { idNumber: person.idNumber, found: true as const, asOf: record.asOf ?? defaultAsOf, values };
}
