/**
 * The latest diagnosis per machine (one index probe per machine): the overview page, the dashboard and the API's
 * latest endpoints. See docs/decisions/006-vibration-diagnosis.md.
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationDiagnosis, vibrationMachines } from '~db/schema'
import type { DiagnosisReason } from '~/domain/vibration/diagnosis'
import { isUuid } from '~/utils/ids'
import { hasNul } from '~/utils/text'
import type { DiagnosisListRow } from './diagnosis-list.server'

/** The newest diagnosed window of a machine (ties at the same instant: the worst fault first). */
export interface LatestDiagnosis {
  machineId: string
  machineName: string
  diagnosis: (Omit<DiagnosisListRow, 'machineId' | 'machineName' | 'features' | 'reason'> & { reason: DiagnosisReason }) | null
}

/**
 * Latest diagnosis of every machine (or of one, by id or case-insensitive name): a LATERAL subquery per machine that
 * reads the first entry of vibration_diagnosis_latest_idx (machine_id, detected_at, fault_type nulls first) backwards —
 * 50 machines are 50 index probes however many rows the table holds. A window without a judgement ('no_baseline', fault
 * type null) loses a tie at the same instant to a judged one; when it is the latest, the machine's tile says "baseline
 * needed".
 */
export async function latestDiagnoses(filter: { machineId?: string; machineName?: string } = {}): Promise<LatestDiagnosis[]> {
  const d = vibrationDiagnosis
  const m = vibrationMachines
  const latest = db
    .select({
      id: d.id,
      sensorNo: d.sensorNo,
      channel: d.channel,
      recordingId: d.recordingId,
      windowIndex: d.windowIndex,
      windowStart: d.windowStart,
      windowEnd: d.windowEnd,
      detectedAt: d.detectedAt,
      status: d.status,
      faultType: d.faultType,
      confidence: d.confidence,
      isoZone: d.isoZone,
      velocityRms: d.velocityRms,
      reason: d.reason,
      engineVersion: d.engineVersion,
      diagnosedAt: d.diagnosedAt,
    })
    .from(d)
    .where(eq(d.machineId, m.id))
    .orderBy(desc(d.detectedAt), sql`${d.faultType} desc nulls last`)
    .limit(1)
    .as('latest')
  const where: SQL[] = []
  if (filter.machineId !== undefined) where.push(isUuid(filter.machineId) ? eq(m.id, filter.machineId) : sql`false`)
  // A name with NUL matches no machine (the database could not compare it), like an id that is no uuid.
  if (filter.machineName !== undefined) where.push(hasNul(filter.machineName) ? sql`false` : sql`lower(${m.name}) = lower(${filter.machineName.slice(0, 100)})`)
  const rows = await db
    .select({
      machineId: m.id,
      machineName: m.name,
      ...latest._.selectedFields,
    })
    .from(m)
    .leftJoinLateral(latest, sql`true`)
    .where(and(...where))
    .orderBy(asc(sql`lower(${m.name})`))
  return rows.map(({ machineId, machineName, ...d }) => ({
    machineId,
    machineName,
    diagnosis:
      d.id === null
        ? null
        : ({
            ...d,
            reason: d.reason,
          } as NonNullable<LatestDiagnosis['diagnosis']>),
  }))
}
