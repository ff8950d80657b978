import { HubError } from '../../errors/index.js';
import { isUuid } from '../../validation/index.js';
import { idNumbers, regionOfHousehold, visibleHousehold, visiblePerson } from '../../households/index.js';
import { requireJurisdiction } from '../../policy/index.js';
import type { HubContext } from '../context.js';
import type { ResolverDeps } from './deps.js';
import { runGuarded } from './guard.js';
import { householdStatusField, householdStatusResolvers } from './household.js';
import { personView } from './views/report.js';

/**
 * Federation entity references (`_entities`), guarded like the field they come through. A household
 * outside the caller's jurisdiction is refused OUT_OF_JURISDICTION (audited, with its region), as
 * `Query.household` refuses it: through a gateway the platform's client sees why its case has no
 * household. A person is visible to callers whose jurisdiction holds one of the person's households;
 * another known person is refused the same way, without the region (that would say where else the
 * person lives). An unknown id reads as null.
 */
export function entityResolvers(deps: ResolverDeps) {
  return {
    Household: {
      __resolveReference: (ref: { id: string }, ctx: HubContext) =>
        runGuarded('_entities', deps, ctx, ref, async (caller) => {
          const visible = await visibleHousehold(deps.db, caller, ref.id);
          if (visible) return visible;
          const region = await regionOfHousehold(deps.db, ref.id);
          if (region !== null) requireJurisdiction(caller, region, 'representations');
          return null;
        }),
      status: householdStatusField(deps),
    },
    // Reached through Household.status, inside compiled reads too (household.ts).
    HouseholdStatus: householdStatusResolvers(),
    Person: {
      __resolveReference: (ref: { id: string }, ctx: HubContext) =>
        runGuarded('_entities', deps, ctx, ref, async (caller) => {
          const person = await visiblePerson(deps.db, caller, ref.id);
          if (person) return personView(person.id, person.idNumber);
          // Known elsewhere: refused without naming where, so that a gateway's client sees why (a null would fail its non-null fields as an internal error).
          if (isUuid(ref.id) && (await idNumbers(deps.db, [ref.id])).has(ref.id)) throw new HubError('OUT_OF_JURISDICTION', "the person belongs to no household inside the caller's jurisdiction", { field: 'representations' });
          return null;
        }),
    },
  };
}
