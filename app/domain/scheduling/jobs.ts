/** Print job states and what each allows (shared by the model, the routes and the Gantt). */
export const JOB_STATUSES = ['planned', 'printing', 'done', 'failed', 'cancelled'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/** Live jobs hold their printer's time: two live jobs never overlap on one printer (enforced by the database). */
export const LIVE_JOB_STATUSES = ['planned', 'printing'] as const satisfies readonly JobStatus[]
export const FINISHED_JOB_STATUSES = ['done', 'failed'] as const satisfies readonly JobStatus[]

export const isLive = (s: JobStatus) => s === 'planned' || s === 'printing'
export const isFinished = (s: JobStatus) => s === 'done' || s === 'failed'
