import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The platform's own data, in memory: a sample platform keeps it small (a real one has its own
 * database). Households and persons are the hub's, named by the hub's ids only: the platform never
 * copies what the hub verified, it asks for it through the supergraph.
 */
const caseworker = z.object({ id: z.string().min(1), name: z.string().min(1), office: z.string().min(1), regionCode: z.string().regex(/^\d{6}$/) });
const application = z.object({
  id: z.string().min(1),
  reference: z.string().min(1),
  programme: z.string().min(1),
  submittedOn: z.iso.date(),
  status: z.enum(['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED']),
  householdId: z.uuid(),
  applicantId: z.uuid().nullable(),
});
const platformCase = z.object({
  id: z.string().min(1),
  applicationId: z.string().min(1),
  caseworkerId: z.string().min(1),
  state: z.enum(['OPEN', 'AWAITING_VERIFICATION', 'DECIDED', 'CLOSED']),
  openedOn: z.iso.date(),
  notes: z.array(z.string()),
});
const platformData = z.object({ caseworkers: z.array(caseworker), applications: z.array(application), cases: z.array(platformCase) });

export type Caseworker = z.infer<typeof caseworker>;
export type Application = z.infer<typeof application>;
export type PlatformCase = z.infer<typeof platformCase>;
export type PlatformData = z.infer<typeof platformData>;

/** Caseworkers of the sample platform: offices in the sandbox's regions (济南 历下区 370102, 市中区 370103). */
export const SAMPLE_CASEWORKERS: readonly Caseworker[] = [
  { id: 'cw-1', name: '王芳', office: '历下区民政局社会救助科', regionCode: '370102' },
  { id: 'cw-2', name: '李强', office: '市中区民政局社会救助科', regionCode: '370103' },
];

/** Reads a data file (PLATFORM_DATA), naming the first field that does not fit. */
export function readPlatformData(file: string): PlatformData {
  const parsed = platformData.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export interface OpenCaseInput {
  householdId: string;
  applicantId?: string | null;
  reference: string;
  programme: string;
  caseworkerId: string;
}

/** The platform's store: look-ups by id and by household, and opening a case. */
export function createStore(data: Partial<PlatformData> = {}) {
  const caseworkers = [...(data.caseworkers ?? SAMPLE_CASEWORKERS)];
  const applications = [...(data.applications ?? [])];
  const cases = [...(data.cases ?? [])];
  const today = () => new Date().toISOString().slice(0, 10);
  return {
    caseworkers: () => caseworkers,
    caseworker: (id: string) => caseworkers.find((c) => c.id === id) ?? null,
    application: (id: string) => applications.find((a) => a.id === id) ?? null,
    case: (id: string) => cases.find((c) => c.id === id) ?? null,
    cases: (caseworkerId?: string | null) => cases.filter((c) => !caseworkerId || c.caseworkerId === caseworkerId).reverse(),
    applicationsOfHousehold: (householdId: string) => applications.filter((a) => a.householdId === householdId),
    applicationsOfPerson: (personId: string) => applications.filter((a) => a.applicantId === personId),
    casesOfHousehold: (householdId: string) => {
      const ids = new Set(applications.filter((a) => a.householdId === householdId).map((a) => a.id));
      return cases.filter((c) => ids.has(c.applicationId));
    },
    openCase(input: OpenCaseInput): PlatformCase {
      const parsed = application.pick({ householdId: true, reference: true, programme: true }).extend({ applicantId: z.uuid().nullish() }).safeParse(input);
      if (!parsed.success) throw new PlatformInputError(parsed.error.issues[0]!.path.join('.'), parsed.error.issues[0]!.message);
      if (!caseworkers.some((c) => c.id === input.caseworkerId)) throw new PlatformInputError('caseworkerId', 'no such caseworker');
      const a: Application = { id: randomUUID(), reference: input.reference, programme: input.programme, submittedOn: today(), status: 'UNDER_REVIEW', householdId: input.householdId, applicantId: input.applicantId ?? null };
      const c: PlatformCase = { id: randomUUID(), applicationId: a.id, caseworkerId: input.caseworkerId, state: 'AWAITING_VERIFICATION', openedOn: today(), notes: [] };
      applications.push(a);
      cases.push(c);
      return c;
    },
  };
}

export type PlatformStore = ReturnType<typeof createStore>;

/** Bad input to the platform, answered as BAD_USER_INPUT naming the field. */
export class PlatformInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
