import { db } from '~db/client.server'
import { filaments, spools } from '~db/schema'
import { anyUser, operatorUp, plannerUp, type MatrixRow } from './common'

let n = 0
/** A filament and one active spool straight in the database (fixtures are not user actions: no audit rows). */
async function spoolFixture(): Promise<Record<string, string>> {
  n += 1
  const [f] = await db
    .insert(filaments)
    .values({ material: 'PLA', colourName: `Matrix ${n} ${process.pid}`, colourHex: '#123456', brand: 'Acme' })
    .returning({ id: filaments.id })
  const [s] = await db
    .insert(spools)
    .values({ filamentId: f.id, batch: 'A1', initialNetGrams: '1000.0', remainingGrams: '800.0', tareGrams: '200.0' })
    .returning({ id: spools.id })
  return { filamentId: f.id, spoolId: s.id }
}

const spoolPage = { path: '/inventory/spools/:spoolId', params: { spoolId: ':spoolId' }, fixture: spoolFixture }
const filamentPage = { path: '/inventory/filaments/:filamentId', params: { filamentId: ':filamentId' }, fixture: spoolFixture }

/** Authorization matrix rows of the inventory module's routes. Viewers read; operators weigh/deduct/correct; planners edit. */
export const inventoryRows: MatrixRow[] = [
  { route: 'inventory._index', method: 'GET', path: '/inventory?status=all', expect: anyUser },
  { route: 'inventory.outlook', method: 'GET', path: '/inventory/outlook', expect: anyUser },
  { route: 'inventory.labels', method: 'GET', path: '/inventory/labels', expect: anyUser },
  { route: 'inventory.export.spools', method: 'GET', path: '/inventory/export/spools', expect: anyUser },
  { route: 'inventory.export.outlook', method: 'GET', path: '/inventory/export/outlook', expect: anyUser },
  { route: 'inventory.filaments._index', method: 'GET', path: '/inventory/filaments', expect: anyUser },
  { route: 'inventory.filaments._index', method: 'POST', path: '/inventory/filaments', expect: plannerUp },
  { route: 'inventory.filaments.$filamentId', method: 'GET', ...filamentPage, expect: anyUser },
  ...['save', 'archive', 'restore'].map((intent): MatrixRow => ({ route: 'inventory.filaments.$filamentId', method: 'POST', intent, ...filamentPage, expect: plannerUp })),
  { route: 'inventory.spools.new', method: 'GET', path: '/inventory/spools/new', expect: plannerUp },
  { route: 'inventory.spools.new', method: 'POST', path: '/inventory/spools/new', expect: plannerUp },
  { route: 'inventory.spools.$spoolId', method: 'GET', ...spoolPage, expect: anyUser },
  // The stock changes carry a stale version, so an authorised call answers 409 and changes nothing between the roles.
  ...['weigh', 'deduct', 'correct'].map(
    (intent): MatrixRow => ({ route: 'inventory.spools.$spoolId', method: 'POST', intent, ...spoolPage, form: { version: '999', grossGrams: '900', grams: '1', remainingGrams: '700' }, expect: operatorUp }),
  ),
  ...['save', 'archive', 'restore'].map((intent): MatrixRow => ({ route: 'inventory.spools.$spoolId', method: 'POST', intent, ...spoolPage, expect: plannerUp })),
]
