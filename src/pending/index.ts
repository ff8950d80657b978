// The pending-ticket engine: when a group of asynchronous sources' tickets is polled, one polling round,
// and how answers settle a report's sources. Keeps the timers; the BullMQ adapter lives in jobs/.
export type { PendingGroup, PendingScheduler, PollGroup } from './contract.js';
export { FIRST_STEP_MS, nextPoll } from './timing.js';
export { createInProcessScheduler } from './in-process.js';
export type { InProcessScheduler } from './in-process.js';
export { pollTickets } from './poll.js';
export { applyTicketAnswers, groupKey, groupOf, ticketsOf, waitingTickets } from './settle.js';
export type { TicketAnswer } from './settle.js';
