/** Agreement of the diagnosis with the recorded conditions of labelled (layout-a) channels. */
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationChannelDiagnosis, vibrationDiagnosis, vibrationMachines, vibrationRecordings, type DiagnosisChannel } from '~db/schema'
import { agreementMatrix, type AgreementMatrix } from '~/domain/vibration/diagnosis'
import { isUuid } from '~/utils/ids'

export interface AgreementRecording {
  recordingId: string
  machineName: string
  sensorNo: string
  collectedAt: Date
  /** Diagnosis per labelled channel: label → fault type (null: not analysed). */
  channels: {
    channel: DiagnosisChannel
    label: number
    faultType: number | null
    confidence: number | null
  }[]
}

/** Channel- and window-level confusion matrices for labelled (layout-a) channels, and the newest labelled recordings. */
export async function agreement(
  filter: { machineId?: string | null } = {},
  limit = 50,
): Promise<{
  byChannel: AgreementMatrix
  byWindow: AgreementMatrix
  recordings: AgreementRecording[]
}> {
  const c = vibrationChannelDiagnosis
  const d = vibrationDiagnosis
  const machine = filter.machineId ? (isUuid(filter.machineId) ? filter.machineId : null) : undefined
  if (machine === null)
    return {
      byChannel: agreementMatrix([]),
      byWindow: agreementMatrix([]),
      recordings: [],
    }
  const labelOf = sql<number>`array_position(array['normal','type1','type2','type3']::text[], ${d.channel}) - 1`
  const [channelPairs, windowPairs, recent] = await Promise.all([
    db
      .select({ label: c.label, diagnosis: c.faultType, n: count() })
      .from(c)
      .where(and(isNotNull(c.label), isNotNull(c.faultType), machine ? eq(c.machineId, machine) : undefined))
      .groupBy(c.label, c.faultType),
    db
      .select({ label: labelOf, diagnosis: d.faultType, n: count() })
      .from(d)
      .where(and(inArray(d.channel, ['normal', 'type1', 'type2', 'type3']), machine ? eq(d.machineId, machine) : undefined))
      .groupBy(labelOf, d.faultType),
    db
      .select({
        recordingId: vibrationRecordings.id,
        machineName: vibrationMachines.name,
        sensorNo: vibrationRecordings.sensorNo,
        collectedAt: vibrationRecordings.collectedAt,
      })
      .from(vibrationRecordings)
      .innerJoin(vibrationMachines, eq(vibrationMachines.id, vibrationRecordings.machineId))
      .where(
        and(
          sql`exists (select 1 from ${c} where ${c.recordingId} = ${vibrationRecordings.id} and ${c.label} is not null)`,
          machine ? eq(vibrationRecordings.machineId, machine) : undefined,
        ),
      )
      .orderBy(desc(vibrationRecordings.collectedAt), desc(vibrationRecordings.id))
      .limit(limit),
  ])
  const summaries = recent.length
    ? await db
        .select({
          recordingId: c.recordingId,
          channel: c.channel,
          label: c.label,
          faultType: c.faultType,
          confidence: c.confidence,
        })
        .from(c)
        .where(
          and(
            inArray(
              c.recordingId,
              recent.map((r) => r.recordingId),
            ),
            isNotNull(c.label),
          ),
        )
        .orderBy(asc(c.label))
    : []
  return {
    byChannel: agreementMatrix(
      channelPairs.map((p) => ({
        label: p.label,
        diagnosis: p.diagnosis,
        count: p.n,
      })),
    ),
    byWindow: agreementMatrix(
      windowPairs.map((p) => ({
        label: Number(p.label),
        diagnosis: p.diagnosis,
        count: p.n,
      })),
    ),
    recordings: recent.map((r) => ({
      ...r,
      channels: summaries
        .filter((s) => s.recordingId === r.recordingId)
        .map((s) => ({
          channel: s.channel,
          label: s.label!,
          faultType: s.faultType,
          confidence: s.confidence,
        })),
    })),
  }
}
