/** The diagnosis run history (of one import, or all). */
import { desc, eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { users, vibrationDiagnosisRuns, vibrationMachines, vibrationRecordings } from '~db/schema'
import { isUuid } from '~/utils/ids'

export interface RunRow {
  id: string
  recordingId: string
  machineId: string
  machineName: string
  sensorNo: string
  collectedAt: Date
  trigger: string
  status: 'queued' | 'running' | 'done' | 'failed'
  attempts: number
  error: string | null
  windowCount: number
  createdAt: Date
  finishedAt: Date | null
  durationMs: number | null
  requestedByName: string | null
}

/** Diagnosis runs, newest first: of one import, or all. */
export async function listRuns(filter: { importId?: string | null } = {}, limit = 50): Promise<RunRow[]> {
  const r = vibrationDiagnosisRuns
  if (filter.importId && !isUuid(filter.importId)) return []
  return db
    .select({
      id: r.id,
      recordingId: r.recordingId,
      machineId: vibrationRecordings.machineId,
      machineName: vibrationMachines.name,
      sensorNo: vibrationRecordings.sensorNo,
      collectedAt: vibrationRecordings.collectedAt,
      trigger: r.trigger,
      status: r.status,
      attempts: r.attempts,
      error: r.error,
      windowCount: r.windowCount,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
      durationMs: r.durationMs,
      requestedByName: sql<string | null>`coalesce(${r.requestedByName}, ${users.username})`,
    })
    .from(r)
    .innerJoin(vibrationRecordings, eq(vibrationRecordings.id, r.recordingId))
    .innerJoin(vibrationMachines, eq(vibrationMachines.id, vibrationRecordings.machineId))
    .leftJoin(users, eq(users.id, r.requestedBy))
    .where(filter.importId ? eq(r.importId, filter.importId) : undefined)
    .orderBy(desc(r.createdAt), desc(r.id))
    .limit(limit)
}
