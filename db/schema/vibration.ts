// Tables of the vibration module: rotating machines, their sensors, imports (history), recordings and sample blocks, and
// API tokens for gateways. Samples are stored in fixed-size blocks per channel (docs/decisions/004-vibration-data.md).
import { sql } from 'drizzle-orm'
import { bigint, boolean, check, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
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

// ---- diagnosis (docs/decisions/006-vibration-diagnosis.md) ---------------------------------------------------------

export type DiagnosisChannel = 'normal' | 'type1' | 'type2' | 'type3' | 'value'
export type DiagnosisZone = 'A' | 'B' | 'C' | 'D' | 'not_zoned'
export type DiagnosisRunStatus = 'queued' | 'running' | 'done' | 'failed'
export type DiagnosisTrigger = 'import' | 'rediagnose' | 'baseline'
/** Where a channel's healthy baseline came from: its own recording's Normal channel, a planner's mark, or none. */
export type BaselineSource = 'own_normal' | 'marked' | 'none'

/**
 * One diagnosis run (a background job or an in-request run) of one recording: all its channels. 'queued' runs are picked
 * by the in-process worker; a run left 'running' by a stopped server is queued again at boot.
 */
export const vibrationDiagnosisRuns = pgTable(
  'vibration_diagnosis_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    recordingId: uuid()
      .notNull()
      .references(() => vibrationRecordings.id, { onDelete: 'cascade' }),
    /** The import that asked for it (trigger 'import'). */
    importId: uuid().references(() => vibrationImports.id, { onDelete: 'set null' }),
    trigger: text().$type<DiagnosisTrigger>().notNull(),
    status: text().$type<DiagnosisRunStatus>().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    /** Why it failed: an i18n key; `errorDetail` keeps the technical message for the log. */
    error: text(),
    errorDetail: text(),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    requestedByName: text(),
    windowCount: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    durationMs: integer(),
  },
  (t) => [
    index('vibration_diagnosis_runs_queue_idx').on(t.status, t.createdAt),
    index('vibration_diagnosis_runs_import_idx').on(t.importId),
    index('vibration_diagnosis_runs_recording_idx').on(t.recordingId, t.createdAt),
    check('vibration_diagnosis_runs_status_check', sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
    check('vibration_diagnosis_runs_trigger_check', sql`${t.trigger} in ('import', 'rediagnose', 'baseline')`),
  ],
)

/**
 * One diagnosed window of one channel. The previous system's fields (machine_name, detected_at, fault_type 0–3) plus where
 * it comes from and why. detected_at = the window's end on the wall clock (collected_at + offset in the recording).
 * "Latest per machine" is one probe of (machine_id, detected_at desc, fault_type desc) per machine (a LATERAL join).
 */
export const vibrationDiagnosis = pgTable(
  'vibration_diagnosis',
  {
    id: uuid().primaryKey().defaultRandom(),
    machineId: uuid()
      .notNull()
      .references(() => vibrationMachines.id, { onDelete: 'cascade' }),
    /** The machine's name when diagnosed (the previous system's key). */
    machineName: text().notNull(),
    sensorNo: text().notNull(),
    recordingId: uuid()
      .notNull()
      .references(() => vibrationRecordings.id, { onDelete: 'cascade' }),
    channel: text().$type<DiagnosisChannel>().notNull(),
    windowIndex: integer().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    windowEnd: timestamp({ withTimezone: true }).notNull(),
    detectedAt: timestamp({ withTimezone: true }).notNull(),
    /** 0 normal, 1 unbalance, 2 looseness, 3 both. */
    faultType: smallint().notNull(),
    confidence: doublePrecision().notNull(),
    /** WindowFeatureSummary of app/domain/vibration/diagnosis (rms, peak, crest, kurtosis, floor, speed, orders …). */
    features: jsonb().$type<Record<string, unknown>>().notNull(),
    /** DiagnosisReason (numbers; the sentence is rendered in the reader's language). */
    reason: jsonb().$type<Record<string, unknown>>().notNull(),
    velocityRms: doublePrecision(),
    isoZone: text().$type<DiagnosisZone>().notNull(),
    engineVersion: text().notNull(),
    runId: uuid().references(() => vibrationDiagnosisRuns.id, { onDelete: 'set null' }),
    diagnosedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('vibration_diagnosis_latest_idx').on(t.machineId, t.detectedAt, t.faultType),
    index('vibration_diagnosis_detected_idx').on(t.detectedAt, t.id),
    uniqueIndex('vibration_diagnosis_window_key').on(t.recordingId, t.channel, t.windowIndex),
    check('vibration_diagnosis_fault_check', sql`${t.faultType} between 0 and 3`),
    check('vibration_diagnosis_zone_check', sql`${t.isoZone} in ('A', 'B', 'C', 'D', 'not_zoned')`),
  ],
)

/** One channel of one recording, summarised (majority vote over its windows), with its ISO 20816-3 zone. */
export const vibrationChannelDiagnosis = pgTable(
  'vibration_channel_diagnosis',
  {
    recordingId: uuid()
      .notNull()
      .references(() => vibrationRecordings.id, { onDelete: 'cascade' }),
    channel: text().$type<DiagnosisChannel>().notNull(),
    machineId: uuid()
      .notNull()
      .references(() => vibrationMachines.id, { onDelete: 'cascade' }),
    sensorNo: text().notNull(),
    /** The condition the channel was recorded under (layout a: normal 0, type1 1, type2 2, type3 3); null for 'value'. */
    label: smallint(),
    /** Null when the channel could not be analysed (`problem` says why). */
    faultType: smallint(),
    confidence: doublePrecision(),
    problem: text(),
    /** Window votes [normal, unbalance, looseness, both]. */
    votes: integer().array().notNull(),
    windowCount: integer().notNull(),
    shaftHz: doublePrecision(),
    speedEstimated: boolean().notNull().default(false),
    velocityRms: doublePrecision(),
    isoZone: text().$type<DiagnosisZone>().notNull(),
    sampleRate: doublePrecision(),
    resampled: boolean().notNull().default(false),
    baselineSource: text().$type<BaselineSource>().notNull(),
    baselineRecordingId: uuid(),
    engineVersion: text().notNull(),
    runId: uuid().references(() => vibrationDiagnosisRuns.id, { onDelete: 'set null' }),
    diagnosedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.recordingId, t.channel] }),
    index('vibration_channel_diagnosis_machine_idx').on(t.machineId, t.sensorNo),
    check('vibration_channel_diagnosis_fault_check', sql`${t.faultType} is null or ${t.faultType} between 0 and 3`),
    check('vibration_channel_diagnosis_baseline_check', sql`${t.baselineSource} in ('own_normal', 'marked', 'none')`),
  ],
)

/**
 * The healthy baseline a planner marked for a machine's sensor: a recording's channel and its features (median order
 * amplitudes, floor, kurtosis, crest …), computed when marked so a diagnosis never re-reads the baseline's samples.
 */
export const vibrationBaselines = pgTable(
  'vibration_baselines',
  {
    machineId: uuid()
      .notNull()
      .references(() => vibrationMachines.id, { onDelete: 'cascade' }),
    sensorNo: text().notNull(),
    recordingId: uuid()
      .notNull()
      .references(() => vibrationRecordings.id, { onDelete: 'cascade' }),
    channel: text().$type<DiagnosisChannel>().notNull(),
    features: jsonb().$type<Record<string, unknown>>().notNull(),
    markedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    markedByName: text(),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.machineId, t.sensorNo] })],
)

export type VibrationDiagnosisRun = typeof vibrationDiagnosisRuns.$inferSelect
export type VibrationDiagnosisRow = typeof vibrationDiagnosis.$inferSelect
export type VibrationChannelDiagnosis = typeof vibrationChannelDiagnosis.$inferSelect
export type VibrationBaseline = typeof vibrationBaselines.$inferSelect
