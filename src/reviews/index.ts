// Offers: scheduled re-checks of households (schedule, pause or resume, delete, list, restore the job schedulers, run one review).
// Keeps: how a schedule is stored and turned into a BullMQ job scheduler.
export { scheduleReview, listReviewSchedules, restoreSchedules, runReview, setReviewScheduleActive, deleteReviewSchedule } from './schedules.js';
export type { ReviewJob, ReviewScheduler } from './schedules.js';
