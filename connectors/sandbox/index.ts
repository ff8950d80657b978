// Offers: the simulated agencies (startSandbox) with injectable faults, their seeded population plus scenario fixtures, and the value rules specs compare reports with.
// Keeps: the agency protocol, the /sandbox control routes, rate buckets, injected failures and the fixtures file format (docs/SANDBOX.md).
export { startSandbox } from './server.js';
export type { ActiveFault, FaultRequest, Sandbox, SourceBehaviour } from './server.js';
export { buildPopulation } from './population.js';
export { attributeValue, holdsRecord } from './values.js';
export { advance, populationDate, type Clock } from './clock.js';
export { householdTruth } from './holdings.js';
export type { Population, SandboxHousehold, SandboxPerson } from './people.js';
