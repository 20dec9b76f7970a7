import { db } from '~db/client.server'
import { vibrationImports, vibrationMachines } from '~db/schema'
import { anyUser, operatorUp, plannerUp, type MatrixRow } from './common'

let seq = 0

/** A machine straight in the database (fixtures are not user actions: no audit row). */
async function machineFixture(): Promise<Record<string, string>> {
  const [row] = await db.insert(vibrationMachines).values({ name: `authz-${process.pid}-${++seq}` }).returning({ id: vibrationMachines.id })
  return { machine: row.id }
}

async function importFixture(): Promise<Record<string, string>> {
  const [row] = await db
    .insert(vibrationImports)
    .values({ batchId: crypto.randomUUID(), source: 'form', fileName: 'authz.csv', status: 'failed' })
    .returning({ id: vibrationImports.id })
  return { import: row.id }
}

/** Authorization matrix rows of the vibration module's routes. */
export const vibrationRows: MatrixRow[] = [
  // vibration._index GET (the data browser) is in the foundation's rows: viewers browse.
  { route: 'vibration.export', method: 'GET', path: '/vibration/export', expect: anyUser },
  { route: 'vibration.imports._index', method: 'GET', path: '/vibration/imports', expect: anyUser },
  { route: 'vibration.imports.$importId', method: 'GET', path: '/vibration/imports/:import', params: { importId: ':import' }, fixture: importFixture, expect: anyUser },
  // Operators and up upload (the empty POST answers 400 once authorised).
  { route: 'vibration.upload', method: 'GET', path: '/vibration/upload', expect: operatorUp },
  { route: 'vibration.upload', method: 'POST', path: '/vibration/upload', expect: operatorUp },
  // Machines by hand: planners and admins.
  { route: 'vibration.machines', method: 'GET', path: '/vibration/machines', expect: anyUser },
  { route: 'vibration.machines', method: 'POST', path: '/vibration/machines', expect: plannerUp },
  { route: 'vibration.machines.$machineId', method: 'GET', path: '/vibration/machines/:machine', params: { machineId: ':machine' }, fixture: machineFixture, expect: plannerUp },
  { route: 'vibration.machines.$machineId', method: 'POST', path: '/vibration/machines/:machine', params: { machineId: ':machine' }, fixture: machineFixture, expect: plannerUp },
]
