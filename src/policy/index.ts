export { OPERATION_ROLES, mayPerform, requireRole, requireJurisdiction } from './access.js';
export type { Operation } from './access.js';
