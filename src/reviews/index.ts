export { scheduleReview, listReviewSchedules, restoreSchedules, runReview } from './schedules.js';
export type { ReviewJob, ReviewSchedule, ReviewScheduler } from './schedules.js';
