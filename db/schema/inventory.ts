// Tables of the inventory module: filaments (the catalogue), spools (physical stock, grams with one decimal) and the
// per-spool usage log. Grams are numeric(12,1); the models convert them to integer milligrams (app/domain/inventory/mass).
import { sql } from 'drizzle-orm'
import { bigint, check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { SpoolStatus } from '../../app/domain/inventory/keys'
import { users } from './auth'

const grams = () => numeric({ precision: 12, scale: 1 })

export const filaments = pgTable(
  'filaments',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** "PLA", "PETG", … or a shop's own material name; stored trimmed with single inner spaces. */
    material: text().notNull(),
    colourName: text().notNull(),
    /** '#rrggbb', lower-case. */
    colourHex: text().notNull(),
    brand: text().notNull(),
    diameterMm: numeric({ precision: 4, scale: 2 }).notNull().default('1.75'),
    densityGPerCm3: numeric({ precision: 5, scale: 3 }).notNull().default('1.240'),
    costPerKg: numeric({ precision: 10, scale: 2 }),
    lowStockGrams: grams().notNull().default('0'),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency, as on users. */
    version: integer().notNull().default(1),
  },
  (t) => [
    // One product per material + colour + brand, case-insensitively ("PLA"/"pla" are the same).
    uniqueIndex('filaments_material_colour_brand_key').on(sql`lower(${t.material})`, sql`lower(${t.colourName})`, sql`lower(${t.brand})`),
    check('filaments_colour_hex_check', sql`${t.colourHex} ~ '^#[0-9a-f]{6}$'`),
    check('filaments_diameter_check', sql`${t.diameterMm} > 0`),
    check('filaments_density_check', sql`${t.densityGPerCm3} > 0`),
    check('filaments_cost_check', sql`${t.costPerKg} is null or ${t.costPerKg} >= 0`),
    check('filaments_low_stock_check', sql`${t.lowStockGrams} >= 0`),
  ],
)

export const spools = pgTable(
  'spools',
  {
    id: uuid().primaryKey().defaultRandom(),
    filamentId: uuid()
      .notNull()
      .references(() => filaments.id, { onDelete: 'restrict' }),
    /** Batch / lot label as written on the box ("A1"); '' when unknown. */
    batch: text().notNull().default(''),
    initialNetGrams: grams().notNull(),
    remainingGrams: grams().notNull(),
    /** Mass of the empty spool, so a weigh-in of the gross mass gives the remaining filament. */
    tareGrams: grams().notNull().default('0'),
    location: text().notNull().default(''),
    /** Shop-local date the spool arrived (FIFO order). */
    receivedOn: date({ mode: 'string' }),
    status: text().$type<SpoolStatus>().notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index('spools_filament_idx').on(t.filamentId, t.status),
    index('spools_status_idx').on(t.status),
    check('spools_remaining_check', sql`${t.remainingGrams} >= 0`),
    check('spools_initial_net_check', sql`${t.initialNetGrams} >= 0`),
    check('spools_tare_check', sql`${t.tareGrams} >= 0`),
    check('spools_status_check', sql`${t.status} in ('active', 'empty', 'archived')`),
  ],
)

/** Every change of a spool's remaining filament, with why and by whom. Written in the same transaction as the change. */
export const spoolUsage = pgTable(
  'spool_usage',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    spoolId: uuid()
      .notNull()
      .references(() => spools.id, { onDelete: 'cascade' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** receive · weigh · deduct · correct · consume */
    kind: text().notNull(),
    reason: text().notNull().default(''),
    /** remaining after − remaining before (negative for use). */
    deltaGrams: grams().notNull(),
    remainingGrams: grams().notNull(),
    /** The scale reading of a weigh-in. */
    grossGrams: grams(),
    /** The production job a consumption belongs to (scheduling module). */
    jobId: text(),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The username at the time, so the history still reads after a user is renamed or removed. */
    username: text(),
  },
  (t) => [
    index('spool_usage_spool_idx').on(t.spoolId, t.at),
    check('spool_usage_kind_check', sql`${t.kind} in ('receive', 'weigh', 'deduct', 'correct', 'consume')`),
    check('spool_usage_remaining_check', sql`${t.remainingGrams} >= 0`),
  ],
)

export type FilamentRow = typeof filaments.$inferSelect
export type SpoolRow = typeof spools.$inferSelect
export type SpoolUsageRow = typeof spoolUsage.$inferSelect
