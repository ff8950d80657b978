import { startSandbox, type Sandbox, type SourceBehaviour } from '../../connectors/sandbox/index.js';

/** A sandbox on a free port with a small population: enough households for any one test, fast to build. */
export function startTestSandbox(behaviour: Partial<SourceBehaviour> = {}, households = 600): Promise<Sandbox> {
  return startSandbox({ port: 0, seed: 7, households, behaviour: { asyncDelayMs: 50, ...behaviour } });
}
