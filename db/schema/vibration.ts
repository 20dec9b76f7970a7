// Tables of the vibration module: rotating machines, their sensors, imports (history), recordings and sample blocks, and
// API tokens for gateways. Samples are stored in fixed-size blocks per channel (docs/decisions/004-vibration-data.md).
import { sql } from 'drizzle-orm'
import { bigint, boolean, check, customType, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { WindowFeatureSummary } from '../../app/domain/vibration/diagnosis/channel'
import type { DiagnosisReason, HealthyBaseline } from '../../app/domain/vibration/diagnosis/classify'
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
    /**
     * How much of a sensor's first data (seconds) its automatic provisional baseline is learned from (issue #19;
     * app/domain/vibration/diagnosis/baselines.ts).
     */
    baselineSeconds: integer().notNull().default(600),
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
    check('vibration_machines_baseline_seconds_check', sql`${t.baselineSeconds} between 60 and 86400`),
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
    /** Rows read so far while the import runs (published about twice a second, read by the upload page's progress). */
    rowsParsed: integer().notNull().default(0),
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
    /**
     * When the retention job deleted raw samples of it (VIBRATION_RAW_RETENTION_DAYS): its windows' features and
     * diagnoses stay; of its samples only the blocks behind fault windows and baselines are left.
     */
    samplesExpiredAt: timestamp({ withTimezone: true }),
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
 *
 * Partitioned (drizzle/0016_vibration_retention.sql; drizzle-kit cannot say so): by `kept` — the blocks the retention
 * job keeps for good (behind fault windows and baselines) in `vibration_blocks_kept` — and the others by the week
 * (UTC, from Monday) of `stored_on` in `vibration_blocks_raw_w<yyyymmdd>`, so expiry drops whole partitions
 * (app/models/vibration/retention.server.ts). The key columns are part of the primary key, as PostgreSQL requires.
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
    /** The UTC day it was stored (a stream's blocks: the day of their recording, so a rewrite stays in its row). */
    storedOn: date({ mode: 'string' }).notNull().default(sql`((now() at time zone 'utc')::date)`),
    kept: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.recordingId, t.channel, t.blockNo, t.kept, t.storedOn] })],
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
    /** The client address of the last use (written with lastUsedAt). */
    lastUsedIp: text(),
    revokedAt: timestamp({ withTimezone: true }),
    /** Chosen at creation (default 90 days); tokens that existed before expiry was introduced got 90 days from then. */
    expiresAt: timestamp({ withTimezone: true })
      .notNull()
      .default(sql`now() + interval '90 days'`),
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
/**
 * Where a channel's healthy baseline came from: its own recording's Normal channel, a planner's mark, the sensor's
 * automatic provisional baseline, or none.
 */
export type BaselineSource = 'own_normal' | 'marked' | 'provisional' | 'none'
/** A window judged (fault type set) or not, for want of a baseline (fault type null). */
export type DiagnosisStatus = 'diagnosed' | 'no_baseline'
/** A sensor's stored baseline: marked by a planner or learned automatically. */
export type SensorBaselineSource = 'marked' | 'provisional'
/** Why a provisional baseline stopped growing: it covers its span, or a recording deviated from it. */
export type BaselineClosedReason = 'span' | 'deviation'

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
    /** 'no_baseline': nothing to judge the window against (no baseline, no ISO class); fault type and confidence null. */
    status: text().$type<DiagnosisStatus>().notNull().default('diagnosed'),
    /** 0 normal, 1 unbalance, 2 looseness, 3 both; null when not judged (status 'no_baseline'). */
    faultType: smallint(),
    confidence: doublePrecision(),
    /** WindowFeatureSummary of app/domain/vibration/diagnosis (rms, peak, crest, kurtosis, floor, speed, orders …). */
    features: jsonb().$type<WindowFeatureSummary>().notNull(),
    /** DiagnosisReason (numbers; the sentence is rendered in the reader's language). */
    reason: jsonb().$type<DiagnosisReason>().notNull(),
    velocityRms: doublePrecision(),
    isoZone: text().$type<DiagnosisZone>().notNull(),
    engineVersion: text().notNull(),
    runId: uuid().references(() => vibrationDiagnosisRuns.id, { onDelete: 'set null' }),
    diagnosedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Read backwards, NULLS FIRST ascending is `detected_at desc, fault_type desc nulls last`: ties go to the worst fault,
    // and a window without a judgement loses a tie to any judged one.
    index('vibration_diagnosis_latest_idx').on(t.machineId, t.detectedAt, t.faultType.asc().nullsFirst()),
    index('vibration_diagnosis_detected_idx').on(t.detectedAt, t.id),
    uniqueIndex('vibration_diagnosis_window_key').on(t.recordingId, t.channel, t.windowIndex),
    check('vibration_diagnosis_fault_check', sql`${t.faultType} is null or ${t.faultType} between 0 and 3`),
    check('vibration_diagnosis_status_check', sql`${t.status} in ('diagnosed', 'no_baseline') and (${t.status} = 'no_baseline') = (${t.faultType} is null)`),
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
    /** 'no_baseline' when none of its windows could be judged (fault type null, `problem` null). */
    status: text().$type<DiagnosisStatus>().notNull().default('diagnosed'),
    /** Null when the channel could not be analysed (`problem` says why) or judged (status 'no_baseline'). */
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
    check('vibration_channel_diagnosis_baseline_check', sql`${t.baselineSource} in ('own_normal', 'marked', 'provisional', 'none')`),
    check('vibration_channel_diagnosis_status_check', sql`${t.status} in ('diagnosed', 'no_baseline')`),
  ],
)

/**
 * A sensor's healthy baseline for its one-channel stream (machine + sensor + channel; docs/decisions/013-vibration-baselines.md): marked by a
 * planner (a recording's channel or a time range of the stream) or learned automatically from the sensor's first data
 * ('provisional'). `features` holds the medians (order amplitudes, floor, kurtosis, crest …) and the alarm bands (median
 * ± k·MAD of RMS, 1X, 2X, crest factor, kurtosis), so a diagnosis never re-reads the baseline's samples.
 */
export const vibrationBaselines = pgTable(
  'vibration_baselines',
  {
    machineId: uuid()
      .notNull()
      .references(() => vibrationMachines.id, { onDelete: 'cascade' }),
    sensorNo: text().notNull(),
    /** The channel of the sensor's recordings it applies to ('value': one-channel data). */
    streamChannel: text().$type<DiagnosisChannel>().notNull().default('value'),
    source: text().$type<SensorBaselineSource>().notNull().default('marked'),
    /** The recording it was taken from (the first one of a range or a provisional baseline; null for an empty range). */
    recordingId: uuid().references(() => vibrationRecordings.id, { onDelete: 'cascade' }),
    /** The channel of that recording it was computed from. */
    channel: text().$type<DiagnosisChannel>().notNull(),
    /** Every recording whose windows are in it. */
    recordingIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** The time its windows cover: the marked range, or the provisional baseline's first and last window. */
    rangeFrom: timestamp({ withTimezone: true }),
    rangeTo: timestamp({ withTimezone: true }),
    windowCount: integer().notNull().default(0),
    features: jsonb().$type<HealthyBaseline>().notNull(),
    /** Provisional only: still taking the sensor's next recordings; why it stopped and at which recording. */
    growing: boolean().notNull().default(false),
    closedReason: text().$type<BaselineClosedReason>(),
    closedRecordingId: uuid(),
    markedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    markedByName: text(),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When it last changed (the re-diagnosis it started is the sensor's runs since then). */
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.machineId, t.sensorNo, t.streamChannel] }),
    check('vibration_baselines_source_check', sql`${t.source} in ('marked', 'provisional')`),
    check('vibration_baselines_closed_check', sql`${t.closedReason} is null or ${t.closedReason} in ('span', 'deviation')`),
  ],
)

export type VibrationDiagnosisRun = typeof vibrationDiagnosisRuns.$inferSelect
export type VibrationDiagnosisRow = typeof vibrationDiagnosis.$inferSelect
export type VibrationChannelDiagnosis = typeof vibrationChannelDiagnosis.$inferSelect
export type VibrationBaseline = typeof vibrationBaselines.$inferSelect
