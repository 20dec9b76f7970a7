import { describe, expect, test } from 'vitest'
import { can, permissions, roles } from '~/utils/permissions'

describe('role permissions', () => {
  test('viewers only read', () => {
    for (const p of permissions) expect(can('viewer', p), p).toBe(p.endsWith(':read'))
  })
  test('operators record output, weigh spools, log maintenance and upload vibration data, but do not plan', () => {
    for (const p of ['production:record', 'inventory:weigh', 'maintenance:log', 'vibration:upload'] as const) expect(can('operator', p)).toBe(true)
    for (const p of ['orders:write', 'schedule:plan', 'inventory:write', 'printers:write', 'admin:users'] as const) expect(can('operator', p)).toBe(false)
  })
  test('planners plan but do not administer', () => {
    for (const p of ['orders:write', 'schedule:plan', 'inventory:write', 'printers:write', 'production:record'] as const) expect(can('planner', p)).toBe(true)
    for (const p of ['admin:users', 'admin:audit', 'admin:tokens', 'admin:settings'] as const) expect(can('planner', p)).toBe(false)
  })
  test('admins may do everything; nobody without a role may do anything', () => {
    for (const p of permissions) {
      expect(can('admin', p)).toBe(true)
      expect(can(null, p)).toBe(false)
    }
    expect(roles).toEqual(['admin', 'planner', 'operator', 'viewer'])
  })
})
