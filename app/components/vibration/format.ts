/**
 * Kept only for the schedule routes that still import formatWallClock from here (schedule.jobs.new.tsx,
 * schedule.jobs.$jobId.tsx): the one implementation is in ~/utils/format. Delete this file once they import that.
 */
export { formatWallClock } from '~/utils/format'
