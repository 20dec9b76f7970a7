// Tables of the printers module: the fleet, maintenance intervals, the maintenance log and planned maintenance windows.
import { sql } from 'drizzle-orm'
import { check, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { MaintenanceType } from '../../app/domain/printers/maintenance'
import type { PrinterStatus, WeeklyCalendar } from '../../app/domain/printers/calendar'
import { users } from './auth'

const maintenanceTypesSql = sql.raw(
  `('nozzle_change', 'bed_levelling', 'belt_tension', 'lubrication', 'cleaning', 'firmware', 'part_replacement', 'other')`,
)

export const printers = pgTable(
  'printers',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The shop's own label (on the QR sticker), stored upper-case; unique. */
    assetId: text().notNull(),
    name: text().notNull(),
    model: text().notNull().default(''),
    serial: text().notNull().default(''),
    purchaseDate: date({ mode: 'string' }),
    location: text().notNull().default(''),
    nozzleDiameterMm: numeric({ precision: 4, scale: 2 }).notNull().default('0.40'),
    /** Material names as the shop writes them ("PLA", "PETG", "TPU 95A"). */
    materials: text().array().notNull().default(sql`'{}'::text[]`),
    status: text().$type<PrinterStatus>().notNull().default('active'),
    /** Weekly working calendar in the shop's time zone: weekday (0 = Sunday) → [{ startMin, endMin }]. */
    calendar: jsonb().$type<WeeklyCalendar>().notNull(),
    /**
     * Cumulative print hours ("odometer"). Raised by a maintenance entry that reports more hours, corrected by a planner;
     * later advanced by recorded jobs (docs/decisions/002-printers.md).
     */
    printHours: numeric({ precision: 10, scale: 1 }).notNull().default('0'),
    /** Minimum gap between two jobs on this printer (plate removal, bed check); used by the scheduler. */
    changeoverMinutes: integer().notNull().default(10),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency, as on users. */
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('printers_asset_id_key').on(t.assetId),
    check('printers_status_check', sql`${t.status} in ('active', 'maintenance', 'retired')`),
    check('printers_print_hours_check', sql`${t.printHours} >= 0`),
    check('printers_nozzle_check', sql`${t.nozzleDiameterMm} > 0`),
    check('printers_changeover_check', sql`${t.changeoverMinutes} between 0 and 1440`),
  ],
)

/** Per printer and type: due every N print hours and/or every N days (a row needs at least one). */
export const maintenanceIntervals = pgTable(
  'maintenance_intervals',
  {
    printerId: uuid()
      .notNull()
      .references(() => printers.id, { onDelete: 'cascade' }),
    type: text().$type<MaintenanceType>().notNull(),
    everyPrintHours: numeric({ precision: 8, scale: 1 }),
    everyDays: integer(),
  },
  (t) => [
    primaryKey({ columns: [t.printerId, t.type] }),
    check('maintenance_intervals_type_check', sql`${t.type} in ${maintenanceTypesSql}`),
    check('maintenance_intervals_hours_check', sql`${t.everyPrintHours} is null or ${t.everyPrintHours} > 0`),
    check('maintenance_intervals_days_check', sql`${t.everyDays} is null or ${t.everyDays} > 0`),
    check('maintenance_intervals_some_check', sql`${t.everyPrintHours} is not null or ${t.everyDays} is not null`),
  ],
)

export const maintenanceLog = pgTable(
  'maintenance_log',
  {
    id: uuid().primaryKey().defaultRandom(),
    printerId: uuid()
      .notNull()
      .references(() => printers.id, { onDelete: 'cascade' }),
    type: text().$type<MaintenanceType>().notNull(),
    /** Shop-local date the work was done. */
    performedOn: date({ mode: 'string' }).notNull(),
    /** The printer's print-hour counter at that moment. */
    printHours: numeric({ precision: 10, scale: 1 }).notNull(),
    parts: text().notNull().default(''),
    note: text().notNull().default(''),
    performedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Display name at the time, so the history still reads after a user is renamed or removed. */
    performedByName: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * Soft delete by a planner (a mistaken entry): a removed entry leaves the history and the due computation but stays
     * here, so it can be restored; the audit log keeps who did what. Removed-by as a display name, as performed-by.
     */
    removedAt: timestamp({ withTimezone: true }),
    removedByName: text(),
    /** Optimistic concurrency for corrections, removal and restore (two tablets on one entry: the second gets a conflict). */
    version: integer().notNull().default(1),
  },
  (t) => [
    index('maintenance_log_printer_idx').on(t.printerId, t.performedOn),
    check('maintenance_log_type_check', sql`${t.type} in ${maintenanceTypesSql}`),
    check('maintenance_log_print_hours_check', sql`${t.printHours} >= 0`),
    check('maintenance_log_removed_check', sql`(${t.removedAt} is null) = (${t.removedByName} is null)`),
  ],
)

/** Planned (or past) maintenance downtime; removed from the printer's capacity. */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: uuid().primaryKey().defaultRandom(),
    printerId: uuid()
      .notNull()
      .references(() => printers.id, { onDelete: 'cascade' }),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    reason: text().notNull().default(''),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('maintenance_windows_printer_idx').on(t.printerId, t.startsAt),
    check('maintenance_windows_order_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
)

export type Printer = typeof printers.$inferSelect
export type MaintenanceLogRow = typeof maintenanceLog.$inferSelect
export type MaintenanceWindowRow = typeof maintenanceWindows.$inferSelect
export type MaintenanceIntervalRow = typeof maintenanceIntervals.$inferSelect
