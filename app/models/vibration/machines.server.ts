/** Vibration machines and their sensors: list, read, create and edit (audited). */
import { asc, count, eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationMachines, vibrationRecordings, vibrationSensors, type IsoFoundation, type IsoGroup, type SignalUnit, type VibrationMachine } from '~db/schema'
import { audit, type Actor } from '~/utils/audit.server'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { isUuid } from '~/utils/ids'

export interface MachineSummary extends VibrationMachine {
  sensors: string[]
  recordingCount: number
}

export async function listMachines(): Promise<MachineSummary[]> {
  const machines = await db.select().from(vibrationMachines).orderBy(asc(sql`lower(${vibrationMachines.name})`))
  if (machines.length === 0) return []
  const sensors = await db.select().from(vibrationSensors).orderBy(asc(vibrationSensors.sensorNo))
  const counts = await db
    .select({ machineId: vibrationRecordings.machineId, n: count() })
    .from(vibrationRecordings)
    .groupBy(vibrationRecordings.machineId)
  return machines.map((m) => ({
    ...m,
    sensors: sensors
      .filter((s) => s.machineId === m.id)
      .map((s) => s.sensorNo)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    recordingCount: counts.find((c) => c.machineId === m.id)?.n ?? 0,
  }))
}

/** The machines' names, A→Z (the upload form's suggestions: one small read, whatever the recordings). */
export async function listMachineNames(): Promise<string[]> {
  const rows = await db.select({ name: vibrationMachines.name }).from(vibrationMachines).orderBy(asc(sql`lower(${vibrationMachines.name})`))
  return rows.map((r) => r.name)
}

export async function getMachine(id: string): Promise<VibrationMachine | null> {
  if (!isUuid(id)) return null
  const rows = await db.select().from(vibrationMachines).where(eq(vibrationMachines.id, id))
  return rows[0] ?? null
}

export interface MachineInput {
  name: string
  location: string
  description: string
  nominalRpm: number | null
  signalUnit: SignalUnit
  isoGroup: IsoGroup | null
  isoFoundation: IsoFoundation | null
  /** The provisional baseline's span (stored as seconds). */
  baselineMinutes: number
  sensors: string[]
}

/** The columns of a machine form's input. */
function machineColumns({ sensors: _sensors, baselineMinutes, ...fields }: MachineInput) {
  return { ...fields, baselineSeconds: baselineMinutes * 60 }
}

export async function createMachine(actor: Actor, input: MachineInput): Promise<{ ok: true; machine: VibrationMachine } | { ok: false; reason: 'name_taken' }> {
  const { sensors } = input
  const fields = machineColumns(input)
  try {
    return await db.transaction(async (tx) => {
      const [machine] = await tx.insert(vibrationMachines).values(fields).returning()
      if (sensors.length) await tx.insert(vibrationSensors).values(sensors.map((sensorNo) => ({ machineId: machine.id, sensorNo }))).onConflictDoNothing()
      await audit(tx, actor, { action: 'vibration.machine.create', entityType: 'vibration_machine', entityId: machine.id, after: { ...machine, sensors } })
      return { ok: true as const, machine }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'name_taken' }
    throw e
  }
}

export async function updateMachine(
  actor: Actor,
  id: string,
  version: number,
  input: MachineInput,
): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'conflict' | 'name_taken'; current?: VibrationMachine }> {
  const { sensors } = input
  const fields = machineColumns(input)
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(vibrationMachines).where(eq(vibrationMachines.id, id)).for('update')
      if (!before) return { ok: false as const, reason: 'not_found' as const }
      if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
      const [after] = await tx
        .update(vibrationMachines)
        .set({ ...fields, updatedAt: sql`now()`, version: sql`${vibrationMachines.version} + 1` })
        .where(eq(vibrationMachines.id, id))
        .returning()
      if (sensors.length) await tx.insert(vibrationSensors).values(sensors.map((sensorNo) => ({ machineId: id, sensorNo }))).onConflictDoNothing()
      await audit(tx, actor, { action: 'vibration.machine.update', entityType: 'vibration_machine', entityId: id, before, after: { ...after, addedSensors: sensors } })
      return { ok: true as const }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'name_taken' }
    throw e
  }
}

/** Sensors known per machine (for filter selects). */
export async function listSensors(machineId?: string | null): Promise<string[]> {
  const rows = await db
    .selectDistinct({ sensorNo: vibrationSensors.sensorNo })
    .from(vibrationSensors)
    .where(machineId && isUuid(machineId) ? eq(vibrationSensors.machineId, machineId) : undefined)
  return rows.map((r) => r.sensorNo).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
}
