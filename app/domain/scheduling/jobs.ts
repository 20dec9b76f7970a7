/** Print job states and what each allows (shared by the model, the routes and the Gantt). */
export const JOB_STATUSES = ['planned', 'printing', 'done', 'failed', 'cancelled'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

