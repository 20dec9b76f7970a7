/**
 * Fuzzing (issue 10, point 3): every form action of the authorization matrix and every /api/v1 endpoint gets ≥ 500
 * generated inputs — never a 500, the database unchanged after every rejected input, accepted changes audited and the key
 * forms read back. Harness: tests/fuzz/support/harness.ts; targets (one per matrix POST row and API endpoint):
 * tests/fuzz/targets/. Run: npm run test:fuzz (counts in reports/fuzz.json). Two files so that both cores work: this
 * one the foundation's forms, orders & products, printers and inventory; operations.fuzz.test.ts the scheduling and
 * vibration forms and /api/v1.
 */
import { describe, expect, test } from 'vitest'
import { matrix } from '../support/authz-matrix'
import { targetKey } from './support/harness'
import { postRowKeys } from './support/records'
import { fuzzSuite } from './support/suite'
import { accountTargets } from './targets/account'
import { apiTargets } from './targets/api'
import { authTargets } from './targets/auth'
import { inventoryTargets } from './targets/inventory'
import { ordersTargets } from './targets/orders'
import { printersTargets } from './targets/printers'
import { printerLiveTargets } from './targets/printer-live'
import { scheduleTargets } from './targets/schedule'
import { vibrationTargets } from './targets/vibration'

describe('fuzz coverage', () => {
  test('every POST row of the authorization matrix and every /api/v1 row has a fuzz target', () => {
    const all = [...authTargets, ...accountTargets, ...ordersTargets, ...printersTargets, ...inventoryTargets, ...scheduleTargets, ...vibrationTargets, ...apiTargets, ...printerLiveTargets]
    const covered = new Set(all.map((t) => targetKey(t.row)))
    const apiRows = matrix.filter((r) => r.route.startsWith('api.v1.')).map((r) => targetKey(r))
    expect([...postRowKeys(), ...apiRows].filter((k) => !covered.has(k))).toEqual([])
  })
})

describe('fuzz: foundation, orders & products, printers, inventory', () => {
  fuzzSuite([...authTargets, ...ordersTargets, ...printersTargets, ...inventoryTargets])
})
