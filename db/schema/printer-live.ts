// Live printers (issue 18): how to reach each printer, the latest state it reported, and the history of its state changes.
import { sql } from 'drizzle-orm'
import { bigint, boolean, check, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { PrintOutcome } from '../../app/domain/printers/live/prints'
import type { ConnectionType, LiveState } from '../../app/domain/printers/live/state'
import { users } from './auth'
import { printers } from './printers'
import { printJobs } from './scheduling'

const connectionTypesSql = sql.raw(`('none', 'moonraker', 'octoprint', 'bambu')`)
const liveStatesSql = sql.raw(`('idle', 'printing', 'paused', 'finished', 'error', 'offline')`)

/** One row per printer that has (or had) a connection. Type `none` keeps the row (and its version) but connects nothing. */
export const printerConnections = pgTable(
  'printer_connections',
  {
    printerId: uuid()
      .primaryKey()
      .references(() => printers.id, { onDelete: 'cascade' }),
    type: text().$type<ConnectionType>().notNull(),
    host: text().notNull().default(''),
    port: integer(),
    tls: boolean().notNull().default(false),
    /**
     * The protocol's secrets (API key, Bambu serial and access code) as one AES-256-GCM sealed JSON object, keyed by
     * PRINTER_SECRET_KEY ("v1.<iv>.<tag>.<ciphertext>", base64url); null when there is none. Never leaves the server.
     */
    secret: text(),
    /**
     * Bambu Lab over TLS: the SHA-256 fingerprint of the certificate the printer presented the first time (trust on
     * first use); a later certificate that differs is refused before the access code is sent. Null: none seen yet, or
     * forgotten by a planner (a new printer, a reset one). Cleared when the host, port, TLS or type changes.
     */
    tlsFingerprint: text(),
    version: integer().notNull().default(1),
    updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('printer_connections_type_check', sql`${t.type} in ${connectionTypesSql}`),
    check('printer_connections_port_check', sql`${t.port} is null or ${t.port} between 1 and 65535`),
  ],
)

/** The latest state of each connected printer, written by the one poller (app/models/printers/live/poller.server.ts). */
export const printerLiveState = pgTable(
  'printer_live_state',
  {
    printerId: uuid()
      .primaryKey()
      .references(() => printers.id, { onDelete: 'cascade' }),
    state: text().$type<LiveState>().notNull(),
    /** 0..1; null when the printer does not say. */
    progress: doublePrecision(),
    remainingSeconds: integer(),
    file: text(),
    nozzleC: doublePrecision(),
    bedC: doublePrecision(),
    /** The printer's own words (an error text, "cancelled"). */
    message: text(),
    /** Filament the current (or last) print has used, mm, when the printer says. */
    filamentMm: doublePrecision(),
    /** The last message from the printer (any report, a heartbeat answer). */
    lastSeenAt: timestamp({ withTimezone: true }),
    /** Since when the current connection is up; null while disconnected. */
    connectedSince: timestamp({ withTimezone: true }),
    /** The last connection or protocol problem (refused, timed out, bad key, unreadable report). */
    lastError: text(),
    lastErrorAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('printer_live_state_state_check', sql`${t.state} in ${liveStatesSql}`),
    check('printer_live_state_progress_check', sql`${t.progress} is null or ${t.progress} between 0 and 1`),
    check('printer_live_state_remaining_check', sql`${t.remainingSeconds} is null or ${t.remainingSeconds} >= 0`),
  ],
)

/** Every state transition a printer reported (or the poller concluded: offline), oldest first per printer. */
export const printerStateChanges = pgTable(
  'printer_state_changes',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    printerId: uuid()
      .notNull()
      .references(() => printers.id, { onDelete: 'cascade' }),
    fromState: text().$type<LiveState>(),
    toState: text().$type<LiveState>().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    /** What the printer said at that moment: the file and progress (a finished print's file, a failed print's message). */
    file: text(),
    progress: doublePrecision(),
    message: text(),
  },
  (t) => [
    index('printer_state_changes_printer_idx').on(t.printerId, t.at),
    check('printer_state_changes_to_check', sql`${t.toState} in ${liveStatesSql}`),
    check('printer_state_changes_from_check', sql`${t.fromState} is null or ${t.fromState} in ${liveStatesSql}`),
  ],
)

/**
 * A print as the printer saw it (issue 18 item 5): from the report that it started a file to the one that it finished,
 * failed or was cancelled, linked to the planned job it is (matched by file name, or picked by the operator). A print
 * whose job still prints after it ended is what the bench offers to record.
 */
export const printerPrints = pgTable(
  'printer_prints',
  {
    id: uuid().primaryKey().defaultRandom(),
    printerId: uuid()
      .notNull()
      .references(() => printers.id, { onDelete: 'cascade' }),
    file: text(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    outcome: text().$type<PrintOutcome>(),
    /** The planned job it is; null until matched or picked (or when that job was deleted). */
    jobId: uuid().references(() => printJobs.id, { onDelete: 'set null' }),
    /** How it was linked: by the file name, or by a person. */
    linkedBy: text().$type<'file' | 'person'>(),
    /** At its end: filament used (mm), progress reached, the printer's words. */
    filamentMm: doublePrecision(),
    progress: doublePrecision(),
    message: text(),
  },
  (t) => [
    index('printer_prints_printer_idx').on(t.printerId, t.startedAt),
    index('printer_prints_job_idx').on(t.jobId),
    // At most one open print per printer.
    uniqueIndex('printer_prints_open_key').on(t.printerId).where(sql`${t.endedAt} is null`),
    check('printer_prints_outcome_check', sql`${t.outcome} is null or ${t.outcome} in ('finished', 'failed', 'cancelled')`),
    check('printer_prints_linked_by_check', sql`${t.linkedBy} is null or ${t.linkedBy} in ('file', 'person')`),
    check('printer_prints_ended_check', sql`(${t.endedAt} is null) = (${t.outcome} is null)`),
  ],
)

export type PrinterConnectionRow = typeof printerConnections.$inferSelect
export type PrinterLiveStateRow = typeof printerLiveState.$inferSelect
export type PrinterStateChangeRow = typeof printerStateChanges.$inferSelect
