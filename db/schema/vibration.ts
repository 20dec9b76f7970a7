// Tables of the vibration module: rotating machines, their sensors, imports (history), recordings and sample blocks, and
// API tokens for gateways. Samples are stored in fixed-size blocks per channel (docs/decisions/004-vibration-data.md).
import { sql } from 'drizzle-orm'
import { bigint, check, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'

export type SignalUnit = 'acceleration_ms2' | 'acceleration_g' | 'velocity_mms' | 'unknown'
export type IsoGroup = 'group1' | 'group2'
export type IsoFoundation = 'rigid' | 'flexible'
export type ImportStatus = 'running' | 'succeeded' | 'failed' | 'duplicate'
export type ImportSource = 'form' | 'api'
export type TokenScope = 'read' | 'write'

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

export const vibrationMachines = pgTable(
  'vibration_machines',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** As written by the first upload or by hand ("g1"); unique case-insensitively. */
    name: text().notNull(),
    location: text().notNull().default(''),
    description: text().notNull().default(''),
    nominalRpm: integer(),
    signalUnit: text().$type<SignalUnit>().notNull().default('unknown'),
    isoGroup: text().$type<IsoGroup>(),
    isoFoundation: text().$type<IsoFoundation>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('vibration_machines_name_key').on(sql`lower(${t.name})`),
    check('vibration_machines_unit_check', sql`${t.signalUnit} in ('acceleration_ms2', 'acceleration_g', 'velocity_mms', 'unknown')`),
    check('vibration_machines_group_check', sql`${t.isoGroup} is null or ${t.isoGroup} in ('group1', 'group2')`),
    check('vibration_machines_foundation_check', sql`${t.isoFoundation} is null or ${t.isoFoundation} in ('rigid', 'flexible')`),
    check('vibration_machines_rpm_check', sql`${t.nominalRpm} is null or ${t.nominalRpm} > 0`),
  ],
)

export const vibrationSensors = pgTable(
  'vibration_sensors',
  {
    machineId: uuid()
      .notNull()
      .references(() => vibrationMachines.id, { onDelete: 'cascade' }),
    /** Canonical sensor id ("1", "S1"; see app/domain/vibration/ingest/names.ts). */
    sensorNo: text().notNull(),
    label: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.machineId, t.sensorNo] })],
)

/** One row per uploaded file (form or API): the import history. */
export const vibrationImports = pgTable(
  'vibration_imports',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Files posted together share a batch (the report page shows them together). */
    batchId: uuid().notNull(),
    source: text().$type<ImportSource>().notNull(),
    fileName: text().notNull(),
    sizeBytes: bigint({ mode: 'number' }).notNull().default(0),
    /** SHA-256 of the raw bytes, computed while streaming; null until the file was read to the end. */
    contentHash: text(),
    layout: text(),
    /** The target of a recording-layout file (machine/sensor from the form or the file name); null for table exports. */
    machineId: uuid().references(() => vibrationMachines.id, { onDelete: 'set null' }),
    sensorNo: text(),
    /** Idempotency key: hash + target; unique among succeeded imports. */
    dedupeKey: text(),
    rowsImported: integer().notNull().default(0),
    rowsSkipped: integer().notNull().default(0),
    recordingCount: integer().notNull().default(0),
    problemCount: integer().notNull().default(0),
    /** The first 100 problems: { line, column, field, code, text }. */
    problems: jsonb().$type<ImportProblem[]>().notNull().default(sql`'[]'::jsonb`),
    /** Why a failed import failed, as an i18n key (plus params). */
    message: text(),
    messageParams: jsonb().$type<Record<string, string | number>>(),
    status: text().$type<ImportStatus>().notNull().default('running'),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    username: text(),
    tokenId: uuid(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    durationMs: integer(),
  },
  (t) => [
    uniqueIndex('vibration_imports_dedupe_key').on(t.dedupeKey).where(sql`${t.status} = 'succeeded'`),
    index('vibration_imports_started_idx').on(t.startedAt),
    index('vibration_imports_batch_idx').on(t.batchId),
    check('vibration_imports_status_check', sql`${t.status} in ('running', 'succeeded', 'failed', 'duplicate')`),
  ],
)

export interface ImportProblem {
  line: number | null
  column: number | null
  field: string | null
  code: string
  text?: string
  found?: number
  expected?: number | number[]
}

/**
 * One recording: a machine's sensor sampled from one start time (collected_at). Identity (machine, sensor, collected_at);
 * a sample's identity is (recording, sample index).
 */
export const vibrationRecordings = pgTable(
  'vibration_recordings',
  {
    id: uuid().primaryKey().defaultRandom(),
    machineId: uuid()
      .notNull()
      .references(() => vibrationMachines.id, { onDelete: 'cascade' }),
    sensorNo: text().notNull(),
    collectedAt: timestamp({ withTimezone: true }).notNull(),
    /** The import that created it (later imports may append samples). */
    importId: uuid().references(() => vibrationImports.id, { onDelete: 'set null' }),
    /** Channel names in storage order: ['normal','type1','type2','type3'] or ['value']. */
    channels: text().array().notNull(),
    blockSize: integer().notNull(),
    sampleCount: integer().notNull(),
    firstTime: doublePrecision().notNull(),
    lastTime: doublePrecision().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('vibration_recordings_identity_key').on(t.machineId, t.sensorNo, t.collectedAt),
    index('vibration_recordings_order_idx').on(t.collectedAt, t.id),
    index('vibration_recordings_import_idx').on(t.importId),
  ],
)

/**
 * Samples: one row per recording, channel and block of `blockSize` samples; `data` is little-endian float64. Channel 0 is
 * the time column, 1… the recording's channels in order.
 */
export const vibrationBlocks = pgTable(
  'vibration_blocks',
  {
    recordingId: uuid()
      .notNull()
      .references(() => vibrationRecordings.id, { onDelete: 'cascade' }),
    channel: smallint().notNull(),
    blockNo: integer().notNull(),
    sampleCount: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordingId, t.channel, t.blockNo] })],
)

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    scope: text().$type<TokenScope>().notNull(),
    /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
    tokenHash: text().notNull(),
    /** First characters of the token, to recognise it in the list. */
    prefix: text().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), check('api_tokens_scope_check', sql`${t.scope} in ('read', 'write')`)],
)

export type VibrationMachine = typeof vibrationMachines.$inferSelect
export type VibrationImport = typeof vibrationImports.$inferSelect
export type VibrationRecording = typeof vibrationRecordings.$inferSelect
export type ApiToken = typeof apiTokens.$inferSelect
