/** TEMPORARY barrel (issue #14, phase 1): the schedule read models live in app/models/scheduling/schedule-views.server.ts. */
export { ganttWeek } from './scheduling/schedule-views.server'
