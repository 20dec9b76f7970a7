// Live vibration streams over MQTT (issue #19 item 4, docs/decisions/014-vibration-streams.md): one row per sensor that
// streams (what arrived, where it goes, what went wrong) and the gaps found in its data.
import { sql } from 'drizzle-orm'
import { bigint, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import type { StreamTally } from '../../app/domain/vibration/stream/tally'
import { vibrationMachines, vibrationRecordings } from './vibration'

export const vibrationStreams = pgTable(
  'vibration_streams',
  {
    machineId: uuid()
      .notNull()
      .references(() => vibrationMachines.id, { onDelete: 'cascade' }),
    sensorNo: text().notNull(),
    /** The topic it last arrived on. */
    topic: text().notNull(),
    /** The last accepted message's seq, and its last sample (Unix ms, fractional: kHz sampling). */
    lastSeq: bigint({ mode: 'number' }),
    lastSampleMs: doublePrecision(),
    /** The open stream recording (samples are appended to it), its first sample (Unix ms) and sample rate. */
    recordingId: uuid().references(() => vibrationRecordings.id, { onDelete: 'set null' }),
    openedMs: doublePrecision(),
    rateHz: doublePrecision(),
    messages: bigint({ mode: 'number' }).notNull().default(0),
    samples: bigint({ mode: 'number' }).notNull().default(0),
    duplicates: integer().notNull().default(0),
    gaps: integer().notNull().default(0),
    malformed: integer().notNull().default(0),
    resets: integer().notNull().default(0),
    windows: integer().notNull().default(0),
    /** The open recording's running channel summary (app/domain/vibration/stream/tally.ts). */
    tally: jsonb().$type<StreamTally>(),
    lastMessageAt: timestamp({ withTimezone: true }),
    lastWindowAt: timestamp({ withTimezone: true }),
    /** The last refused message: why (a StreamProblem code) and when. */
    lastProblem: text(),
    lastProblemAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.machineId, t.sensorNo] })],
)

export const vibrationStreamGaps = pgTable(
  'vibration_stream_gaps',
  {
    id: uuid().primaryKey().defaultRandom(),
    machineId: uuid()
      .notNull()
      .references(() => vibrationMachines.id, { onDelete: 'cascade' }),
    sensorNo: text().notNull(),
    fromAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    toAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    /** The seqs that never arrived (inclusive); null for a pause in time with consecutive seqs. */
    missingFrom: bigint({ mode: 'number' }),
    missingTo: bigint({ mode: 'number' }),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('vibration_stream_gaps_sensor_idx').on(t.machineId, t.sensorNo, t.fromAt)],
)

export type VibrationStream = typeof vibrationStreams.$inferSelect
export type VibrationStreamGap = typeof vibrationStreamGaps.$inferSelect
