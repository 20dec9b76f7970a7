/** The API's keyset list of diagnosed windows (newest first) and its filter. See docs/decisions/006-vibration-diagnosis.md. */
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationDiagnosis, type DiagnosisChannel, type DiagnosisStatus, type VibrationDiagnosisRow } from '~db/schema'
import { z } from 'zod'
import { keysetCursor, instantText } from '~/utils/cursor.server'
import { isUuid } from '~/utils/ids'

export interface DiagnosisFilter {
  machineId?: string | null
  sensor?: string | null
  channel?: DiagnosisChannel | null
  recordingId?: string | null
  faultType?: number | null
  /** 'diagnosed' or 'no_baseline' (not judged for want of a baseline). */
  status?: DiagnosisStatus | null
  /** detected_at range (inclusive), epoch ms. */
  from?: number | null
  to?: number | null
}

export function diagnosisWhere(f: DiagnosisFilter): SQL[] {
  const d = vibrationDiagnosis
  const where: SQL[] = []
  if (f.machineId) where.push(isUuid(f.machineId) ? eq(d.machineId, f.machineId) : sql`false`)
  if (f.sensor) where.push(eq(d.sensorNo, f.sensor))
  if (f.channel) where.push(eq(d.channel, f.channel))
  if (f.recordingId) where.push(isUuid(f.recordingId) ? eq(d.recordingId, f.recordingId) : sql`false`)
  if (f.faultType != null) where.push(eq(d.faultType, f.faultType))
  if (f.status) where.push(eq(d.status, f.status))
  if (f.from != null) where.push(gte(d.detectedAt, new Date(f.from)))
  if (f.to != null) where.push(lte(d.detectedAt, new Date(f.to)))
  return where
}

export interface DiagnosisCursor {
  detectedAt: string
  id: string
}

const diagnosisCursor = keysetCursor(z.tuple([instantText, z.string().refine(isUuid)]))

export function encodeDiagnosisCursor(c: DiagnosisCursor): string {
  return diagnosisCursor.encode([c.detectedAt, c.id])
}

export function decodeDiagnosisCursor(text: string | null | undefined): DiagnosisCursor | null {
  const t = diagnosisCursor.decode(text)
  return t && { detectedAt: t[0], id: t[1] }
}

const diagnosisColumns = {
  id: vibrationDiagnosis.id,
  machineId: vibrationDiagnosis.machineId,
  machineName: vibrationDiagnosis.machineName,
  sensorNo: vibrationDiagnosis.sensorNo,
  channel: vibrationDiagnosis.channel,
  recordingId: vibrationDiagnosis.recordingId,
  windowIndex: vibrationDiagnosis.windowIndex,
  windowStart: vibrationDiagnosis.windowStart,
  windowEnd: vibrationDiagnosis.windowEnd,
  detectedAt: vibrationDiagnosis.detectedAt,
  status: vibrationDiagnosis.status,
  faultType: vibrationDiagnosis.faultType,
  confidence: vibrationDiagnosis.confidence,
  features: vibrationDiagnosis.features,
  reason: vibrationDiagnosis.reason,
  velocityRms: vibrationDiagnosis.velocityRms,
  isoZone: vibrationDiagnosis.isoZone,
  engineVersion: vibrationDiagnosis.engineVersion,
  diagnosedAt: vibrationDiagnosis.diagnosedAt,
}

export type DiagnosisListRow = Omit<VibrationDiagnosisRow, 'runId'>

/** One keyset page, newest first (detected_at desc, id desc); `after` is the previous page's cursor. */
export async function listDiagnoses(
  filter: DiagnosisFilter,
  after: DiagnosisCursor | null,
  limit: number,
): Promise<{ rows: DiagnosisListRow[]; next: DiagnosisCursor | null }> {
  const d = vibrationDiagnosis
  const where = diagnosisWhere(filter)
  // The cursor carries detected_at at full (microsecond) precision, so no row is skipped or repeated.
  if (after) where.push(sql`(${d.detectedAt}, ${d.id}) < (${after.detectedAt}::timestamptz, ${after.id}::uuid)`)
  const rows = await db
    .select({
      ...diagnosisColumns,
      cursorAt: sql<string>`to_char(${d.detectedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(d)
    .where(and(...where))
    .orderBy(desc(d.detectedAt), desc(d.id))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    rows: page.map(({ cursorAt: _c, ...row }) => row),
    next: rows.length > limit && last ? { detectedAt: last.cursorAt, id: last.id } : null,
  }
}
