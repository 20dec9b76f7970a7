/** The vibration import history (one row per uploaded file, written by import-file.server.ts). */
import { desc, eq } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationImports, vibrationMachines, type VibrationImport } from '~db/schema'
import { isUuid } from '~/utils/ids'

export type ImportListItem = VibrationImport & { machineName: string | null }

export async function listImports(filter: { batchId?: string; limit?: number } = {}): Promise<ImportListItem[]> {
  const rows = await db
    .select({ imp: vibrationImports, machineName: vibrationMachines.name })
    .from(vibrationImports)
    .leftJoin(vibrationMachines, eq(vibrationMachines.id, vibrationImports.machineId))
    .where(filter.batchId && isUuid(filter.batchId) ? eq(vibrationImports.batchId, filter.batchId) : undefined)
    .orderBy(desc(vibrationImports.startedAt), desc(vibrationImports.id))
    .limit(filter.limit ?? 200)
  return rows.map((r) => ({ ...r.imp, machineName: r.machineName }))
}

export async function getImport(id: string): Promise<ImportListItem | null> {
  if (!isUuid(id)) return null
  const rows = await db
    .select({ imp: vibrationImports, machineName: vibrationMachines.name })
    .from(vibrationImports)
    .leftJoin(vibrationMachines, eq(vibrationMachines.id, vibrationImports.machineId))
    .where(eq(vibrationImports.id, id))
  return rows[0] ? { ...rows[0].imp, machineName: rows[0].machineName } : null
}
