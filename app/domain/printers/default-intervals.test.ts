import { expect, it } from 'vitest'
import { DEFAULT_INTERVALS } from './default-intervals'
import { validateMaintenanceInterval } from './maintenance'

it('starts a new printer with valid intervals, at most one per maintenance type', () => {
  for (const interval of DEFAULT_INTERVALS) expect(validateMaintenanceInterval(interval)).toEqual([])
  const types = DEFAULT_INTERVALS.map((i) => i.type)
  expect(new Set(types).size).toBe(types.length)
})
