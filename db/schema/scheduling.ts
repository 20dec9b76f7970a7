// Tables of the scheduling module: print jobs (planned plates, what ran, what came out) and the product surplus ledger.
// Two live jobs (planned or printing) can never overlap on one printer: an exclusion constraint added by hand in
// drizzle/0005_scheduling.sql (drizzle-kit cannot express EXCLUDE), see docs/decisions/007-scheduling.md.
import { sql } from 'drizzle-orm'
import { bigint, boolean, check, index, integer, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import type { JobStatus } from '../../app/domain/scheduling/jobs'
import { users } from './auth'
import { filaments, spools } from './inventory'
import { orders, products } from './orders'
import { printers } from './printers'

export const printJobs = pgTable(
  'print_jobs',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    printerId: uuid()
      .notNull()
      .references(() => printers.id, { onDelete: 'restrict' }),
    /** planned · printing · done · failed · cancelled */
    status: text().$type<JobStatus>().notNull().default('planned'),
    /** Hand-placed or pinned: the auto-scheduler plans around it and never moves it. */
    locked: boolean().notNull().default(false),
    /** 'auto' (from an applied plan) or 'manual'. */
    source: text().notNull().default('auto'),
    /**
     * The slot the job occupies on its printer: planned start/end while planned; actual start → expected end while
     * printing; actual start → actual end once finished. The exclusion constraint works on this span.
     */
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    /** Units planned on this plate (1 … unitsPerPlate). */
    units: integer().notNull(),
    /** Copied from the product when the job is created, so finished jobs never change when the product is edited. */
    unitsPerPlate: integer().notNull(),
    minutesPerPlate: integer().notNull(),
    gramsPerUnit: numeric({ precision: 10, scale: 2 }).notNull(),
    filamentId: uuid().references(() => filaments.id, { onDelete: 'set null' }),
    material: text().notNull().default(''),
    colour: text().notNull().default(''),
    // ---- actuals ----
    actualStart: timestamp({ withTimezone: true }),
    actualEnd: timestamp({ withTimezone: true }),
    goodUnits: integer(),
    scrapUnits: integer(),
    /** Filament used, grams with one decimal. */
    gramsUsed: numeric({ precision: 12, scale: 1 }),
    /** The spool chosen at finish; null = drawn FIFO across the material + colour (see spool_usage.job_id). */
    spoolId: uuid().references(() => spools.id, { onDelete: 'set null' }),
    startedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    finishedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    finishedByName: text(),
    note: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index('print_jobs_printer_idx').on(t.printerId, t.startsAt),
    index('print_jobs_order_idx').on(t.orderId, t.status),
    index('print_jobs_status_idx').on(t.status, t.startsAt),
    index('print_jobs_product_end_idx').on(t.productId, t.actualEnd),
    // The planning board and the agenda read the jobs touching a period (starts before its end, ends after its start):
    // the period is near now, so few jobs end after its start (a week of 50 printers: 21 → 5 ms, no scan of the year).
    index('print_jobs_ends_idx').on(t.endsAt),
    check('print_jobs_status_check', sql`${t.status} in ('planned', 'printing', 'done', 'failed', 'cancelled')`),
    check('print_jobs_source_check', sql`${t.source} in ('auto', 'manual')`),
    check('print_jobs_span_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('print_jobs_units_check', sql`${t.units} > 0 and ${t.units} <= ${t.unitsPerPlate}`),
    check('print_jobs_plate_check', sql`${t.unitsPerPlate} > 0 and ${t.minutesPerPlate} > 0`),
    check('print_jobs_good_check', sql`${t.goodUnits} is null or ${t.goodUnits} >= 0`),
    check('print_jobs_scrap_check', sql`${t.scrapUnits} is null or ${t.scrapUnits} >= 0`),
    check('print_jobs_output_check', sql`coalesce(${t.goodUnits}, 0) + coalesce(${t.scrapUnits}, 0) <= ${t.unitsPerPlate}`),
    check('print_jobs_grams_check', sql`${t.gramsUsed} is null or ${t.gramsUsed} >= 0`),
    check('print_jobs_actual_check', sql`${t.actualEnd} is null or (${t.actualStart} is not null and ${t.actualEnd} >= ${t.actualStart})`),
  ],
)

/**
 * Product surplus ledger: units produced beyond an order's target go IN (kind 'overproduction', kept in step with the
 * order's recorded output, so corrections move it back); a later order of the same product draws them OUT as its stock on
 * hand (kind 'draw'). Balance = sum(units).
 */
export const productStockMoves = pgTable(
  'product_stock_moves',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    units: integer().notNull(),
    kind: text().notNull(),
    orderId: uuid().references(() => orders.id, { onDelete: 'set null' }),
    jobId: uuid().references(() => printJobs.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    username: text(),
  },
  (t) => [
    index('product_stock_moves_product_idx').on(t.productId, t.at),
    index('product_stock_moves_order_idx').on(t.orderId),
    check('product_stock_moves_kind_check', sql`${t.kind} in ('overproduction', 'draw')`),
  ],
)

export type PrintJobRow = typeof printJobs.$inferSelect
export type ProductStockMoveRow = typeof productStockMoves.$inferSelect
