/**
 * The machine and sensor a stream's topic names (issue #19 item 4). An unknown machine is created only when the shop
 * allows it (setting `vibration.stream_create_machines`, off by default: a typo in a gateway's topic should not fill
 * the machine list); otherwise its messages are refused and counted.
 */
import { sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationMachines, vibrationSensors } from '~db/schema'
import { audit, type Actor } from '~/utils/audit.server'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { readFlag, writeFlag, type FlagSetting } from '../../flag-settings.server'
import type { StreamMachine } from './store.server'

export const CREATE_MACHINES_KEY = 'vibration.stream_create_machines'
/** Who creates a machine for a stream, in the audit log. */
const STREAM_ACTOR: Actor = { id: null, username: 'mqtt' }

const CREATE_MACHINES: FlagSetting = { key: CREATE_MACHINES_KEY, action: 'vibration.stream.create_machines', entityType: 'vibration_machine' }

export const streamCreatesMachines = () => readFlag(CREATE_MACHINES)

export const setStreamCreatesMachines = (actor: Actor, enabled: boolean) => writeFlag(CREATE_MACHINES, actor, enabled)

const columns = {
  id: vibrationMachines.id,
  name: vibrationMachines.name,
  nominalRpm: vibrationMachines.nominalRpm,
  signalUnit: vibrationMachines.signalUnit,
  isoGroup: vibrationMachines.isoGroup,
  isoFoundation: vibrationMachines.isoFoundation,
  baselineSeconds: vibrationMachines.baselineSeconds,
}

async function byName(name: string): Promise<StreamMachine | null> {
  const [m] = await db
    .select(columns)
    .from(vibrationMachines)
    .where(sql`lower(${vibrationMachines.name}) = lower(${name})`)
  return m ?? null
}

/**
 * The machine named `name` with sensor `sensorNo` registered (created when the machine is new and the setting allows
 * it); null when the machine is unknown and may not be created.
 */
export async function streamMachine(name: string, sensorNo: string): Promise<StreamMachine | null> {
  let machine = await byName(name)
  if (!machine) {
    if (!(await streamCreatesMachines())) return null
    try {
      machine = await db.transaction(async (tx) => {
        const [m] = await tx.insert(vibrationMachines).values({ name }).returning(columns)
        await audit(tx, STREAM_ACTOR, { action: 'vibration.machine.create', entityType: 'vibration_machine', entityId: m.id, after: { name, source: 'mqtt' } })
        return m
      })
    } catch (e) {
      if (!isUniqueViolation(e)) throw e
      machine = await byName(name) // created meanwhile by an upload or a person
      if (!machine) return null
    }
  }
  await db.insert(vibrationSensors).values({ machineId: machine.id, sensorNo }).onConflictDoNothing()
  return machine
}
