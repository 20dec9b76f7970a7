import { describe, expect, test } from 'vitest'
import { elapsedPct, openOrderBadge, overallProgressPct, printerNowState } from './dashboard'

describe('overall progress of open orders', () => {
  test('covered ÷ target, rounded down so 100 % only shows when everything is covered', () => {
    expect(overallProgressPct(300, 150)).toBe(50)
    expect(overallProgressPct(1000, 999)).toBe(99)
    expect(overallProgressPct(3, 1)).toBe(33)
    expect(overallProgressPct(10, 10)).toBe(100)
  })
  test('no open orders: no figure', () => {
    expect(overallProgressPct(0, 0)).toBeNull()
  })
})

describe('due badge of an open order', () => {
  test('late before today, due soon from today through 3 days ahead, nothing later or without a date', () => {
    expect(openOrderBadge({ dueDate: '2026-11-24' }, '2026-11-25')).toEqual({ badge: 'late', daysUntilDue: -1 })
    expect(openOrderBadge({ dueDate: '2026-11-25' }, '2026-11-25')).toEqual({ badge: 'due_soon', daysUntilDue: 0 })
    expect(openOrderBadge({ dueDate: '2026-11-28' }, '2026-11-25')).toEqual({ badge: 'due_soon', daysUntilDue: 3 })
    expect(openOrderBadge({ dueDate: '2026-11-29' }, '2026-11-25')).toEqual({ badge: null, daysUntilDue: 4 })
    expect(openOrderBadge({ dueDate: null }, '2026-11-25').badge).toBeNull()
  })
})

describe('printing progress', () => {
  const start = new Date('2026-11-25T01:00:00Z')
  const end = new Date('2026-11-25T05:00:00Z')
  test('whole percent of the expected span, clamped to 0–100', () => {
    expect(elapsedPct(start, end, new Date('2026-11-25T02:00:00Z'))).toBe(25)
    expect(elapsedPct(start, end, new Date('2026-11-25T04:59:00Z'))).toBe(99)
    expect(elapsedPct(start, end, new Date('2026-11-25T06:00:00Z'))).toBe(100)
    expect(elapsedPct(start, end, new Date('2026-11-25T00:00:00Z'))).toBe(0)
    expect(elapsedPct(end, end, new Date('2026-11-25T06:00:00Z'))).toBe(100)
  })
})

describe('printer state now', () => {
  test('printing wins; then maintenance by status or by a window covering now; else idle', () => {
    expect(printerNowState({ status: 'maintenance', printing: true, inMaintenanceWindow: false })).toBe('printing')
    expect(printerNowState({ status: 'maintenance', printing: false, inMaintenanceWindow: false })).toBe('maintenance')
    expect(printerNowState({ status: 'active', printing: false, inMaintenanceWindow: true })).toBe('maintenance')
    expect(printerNowState({ status: 'active', printing: false, inMaintenanceWindow: false })).toBe('idle')
  })
})
