// Tables of the orders & products module: the product catalogue, customer orders and uploaded photos.
// Derived order figures (produced, remaining, progress, status) are never stored: see app/models/orders.server.ts.
import { sql } from 'drizzle-orm'
import { check, customType, index, integer, numeric, pgTable, smallint, text, timestamp, uniqueIndex, uuid, date } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { filaments } from './inventory'

/** PostgreSQL bytea as a Node Buffer (postgres-js gives Buffer, PGlite Uint8Array: both are normalised). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
})

/**
 * Uploaded photos, re-encoded (app/utils/images.server.ts) and stored IN the database so a database backup is a complete
 * backup (docs/decisions/005-orders.md). Each row holds the display size and the thumbnail; rows are immutable (a new
 * upload is a new row), so they can be cached for ever.
 */
export const images = pgTable(
  'images',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Content type of both variants (always 'image/webp' today). */
    mime: text().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    bytes: bytea().notNull(),
    thumbWidth: integer().notNull(),
    thumbHeight: integer().notNull(),
    thumbBytes: bytea().notNull(),
    /** What the user uploaded (for the audit trail only; never served). */
    originalName: text().notNull().default(''),
    originalMime: text().notNull(),
    originalSize: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [check('images_mime_check', sql`${t.mime} in ('image/webp', 'image/jpeg', 'image/png')`)],
)

export const products = pgTable(
  'products',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Trimmed, single inner spaces; unique ignoring case. */
    name: text().notNull(),
    filamentId: uuid().references(() => filaments.id, { onDelete: 'restrict' }),
    /** Catalog value in grams with two decimals (never float). */
    gramsPerUnit: numeric({ precision: 10, scale: 2 }).notNull(),
    printMinutesPerPlate: integer().notNull(),
    unitsPerPlate: integer().notNull().default(1),
    wastePct: numeric({ precision: 5, scale: 1 }).notNull().default('0'),
    notes: text().notNull().default(''),
    photoId: uuid().references(() => images.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('products_name_key').on(sql`lower(${t.name})`),
    index('products_filament_idx').on(t.filamentId),
    check('products_grams_check', sql`${t.gramsPerUnit} > 0`),
    check('products_minutes_check', sql`${t.printMinutesPerPlate} > 0`),
    check('products_units_check', sql`${t.unitsPerPlate} > 0`),
    check('products_waste_check', sql`${t.wastePct} >= 0 and ${t.wastePct} <= 100`),
  ],
)

/** 0 low · 1 normal · 2 high · 3 urgent */
export const ORDER_PRIORITIES = [0, 1, 2, 3] as const

export const orders = pgTable(
  'orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The shop's or customer's order reference ("PO-2211"). */
    reference: text().notNull(),
    customer: text().notNull().default(''),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    targetQuantity: integer().notNull(),
    /** 기확보 재고: units already on the shelf, counted towards the target. */
    stockOnHand: integer().notNull().default(0),
    /** Shop-local due date. */
    dueDate: date({ mode: 'string' }),
    priority: smallint().notNull().default(1),
    notes: text().notNull().default(''),
    /** Optional photo of this order (a sample, a drawing). */
    photoId: uuid().references(() => images.id, { onDelete: 'set null' }),
    /**
     * Good units of the order's recorded jobs (done or failed): kept by a trigger on print_jobs (migration 0018) in the
     * transaction that records, corrects or removes a job, so the dashboard need not sum a year of jobs per request.
     * The app never writes it.
     */
    producedGood: integer().notNull().default(0),
    /** Set by hand (cancel), cleared by reopen; every other status is derived. */
    cancelledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    version: integer().notNull().default(1),
  },
  (t) => [
    index('orders_product_idx').on(t.productId, t.createdAt),
    index('orders_due_idx').on(t.dueDate),
    index('orders_created_idx').on(t.createdAt),
    check('orders_target_check', sql`${t.targetQuantity} > 0`),
    check('orders_stock_check', sql`${t.stockOnHand} >= 0`),
    check('orders_priority_check', sql`${t.priority} between 0 and 3`),
  ],
)

export type ImageRow = typeof images.$inferSelect
export type ProductRow = typeof products.$inferSelect
export type OrderRow = typeof orders.$inferSelect
