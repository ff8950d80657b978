export { startSandbox } from './server.js';
export type { Sandbox, SandboxOptions, SourceBehaviour, SourceStats } from './server.js';
export { buildPopulation, RELATIONS, UNDECLARED_ITEMS } from './population.js';
export { attributeValue, holdsRecord } from './values.js';
export type { Population, SandboxHousehold, SandboxPerson, Declaration, Relation, UndeclaredItem } from './population.js';
