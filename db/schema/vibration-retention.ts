// The raw-sample retention job's runs (issue 19 item 5): what each run removed and kept, shown on /vibration/machines.
import { sql } from 'drizzle-orm'
import { bigint, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'

export type RetentionTrigger = 'schedule' | 'manual'
export type RetentionStatus = 'done' | 'failed'

export const vibrationRetentionRuns = pgTable(
  'vibration_retention_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    trigger: text().$type<RetentionTrigger>().notNull(),
    status: text().$type<RetentionStatus>().notNull(),
    /** Raw samples stored before this day (UTC) were due. */
    cutoff: date({ mode: 'string' }).notNull(),
    retentionDays: integer().notNull(),
    partitionsDropped: integer().notNull().default(0),
    blocksRemoved: bigint({ mode: 'number' }).notNull().default(0),
    blocksKept: bigint({ mode: 'number' }).notNull().default(0),
    recordingsExpired: integer().notNull().default(0),
    /** Partitions made ahead for the coming weeks. */
    partitionsCreated: integer().notNull().default(0),
    /** Why it failed (technical; the log has more). */
    error: text(),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    requestedByName: text(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('vibration_retention_runs_finished_idx').on(t.finishedAt),
    check('vibration_retention_runs_trigger_check', sql`${t.trigger} in ('schedule', 'manual')`),
    check('vibration_retention_runs_status_check', sql`${t.status} in ('done', 'failed')`),
  ],
)

export type VibrationRetentionRun = typeof vibrationRetentionRuns.$inferSelect
