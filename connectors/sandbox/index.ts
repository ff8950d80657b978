// Offers: the simulated agencies (startSandbox), their seeded population and the value rules specs compare reports with.
// Keeps: the agency protocol, the /sandbox control routes, rate buckets and injected failures (docs/SANDBOX.md).
export { startSandbox } from './server.js';
export type { Sandbox, SourceBehaviour } from './server.js';
export { buildPopulation } from './population.js';
export { attributeValue, holdsRecord } from './values.js';
export type { Population, SandboxHousehold } from './population.js';
