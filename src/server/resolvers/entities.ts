import { visibleHousehold, visiblePerson } from '../../households/index.js';
import type { HubContext } from '../context.js';
import type { ResolverDeps } from './deps.js';
import { runGuarded } from './guard.js';
import { personView } from './views/report.js';

/**
 * Federation entity references (`_entities`), guarded like the field they come through. Outside
 * the caller's jurisdiction a reference reads as null: a person is visible to callers whose
 * jurisdiction holds one of the person's households.
 */
export function entityResolvers(deps: ResolverDeps) {
  return {
    Household: {
      __resolveReference: (ref: { id: string }, ctx: HubContext) => runGuarded('_entities', deps, ctx, ref, (caller) => visibleHousehold(deps.db, caller, ref.id)),
    },
    Person: {
      __resolveReference: (ref: { id: string }, ctx: HubContext) =>
        runGuarded('_entities', deps, ctx, ref, async (caller) => {
          const person = await visiblePerson(deps.db, caller, ref.id);
          return person ? personView(person.id, person.idNumber) : null;
        }),
    },
  };
}
