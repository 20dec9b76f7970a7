import { describe, expect, it } from 'vitest'
import { dueDateBadge, type DueBadgeInput } from './due-badge'
import { daysBetween, isLocalDate } from './local-date'

function input(overrides: Partial<DueBadgeInput> = {}): DueBadgeInput {
  return { dueDate: '2026-03-10', today: '2026-03-05', status: 'in_progress', ...overrides }
}

describe('dueDateBadge', () => {
  it('marks an open order whose due date has passed as late', () => {
    expect(dueDateBadge(input({ dueDate: '2026-03-04' }))).toEqual({ badge: 'late', daysUntilDue: -1 })
    expect(dueDateBadge(input({ dueDate: '2026-03-04', status: 'planned' })).badge).toBe('late')
  })

  it('marks an order due today or within three days as due soon', () => {
    expect(dueDateBadge(input({ dueDate: '2026-03-05' }))).toEqual({ badge: 'due_soon', daysUntilDue: 0 })
    expect(dueDateBadge(input({ dueDate: '2026-03-08' }))).toEqual({ badge: 'due_soon', daysUntilDue: 3 })
  })

  it('shows no badge beyond the window', () => {
    expect(dueDateBadge(input({ dueDate: '2026-03-09' }))).toEqual({ badge: null, daysUntilDue: 4 })
  })

  it('honours a custom window', () => {
    expect(dueDateBadge(input({ dueDate: '2026-03-12', dueSoonDays: 7 })).badge).toBe('due_soon')
    expect(dueDateBadge(input({ dueDate: '2026-03-06', dueSoonDays: 0 })).badge).toBeNull()
    expect(dueDateBadge(input({ dueDate: '2026-03-05', dueSoonDays: 0 })).badge).toBe('due_soon')
  })

  it('never flags completed or cancelled orders', () => {
    expect(dueDateBadge(input({ dueDate: '2026-01-01', status: 'completed' })).badge).toBeNull()
    expect(dueDateBadge(input({ dueDate: '2026-03-06', status: 'cancelled' })).badge).toBeNull()
  })

  it('shows nothing without a due date', () => {
    expect(dueDateBadge(input({ dueDate: null }))).toEqual({ badge: null, daysUntilDue: null })
  })

  it('counts calendar days across month and leap-year boundaries', () => {
    expect(dueDateBadge(input({ today: '2028-02-27', dueDate: '2028-03-01' }))).toEqual({
      badge: 'due_soon',
      daysUntilDue: 3,
    })
    expect(dueDateBadge(input({ today: '2026-12-31', dueDate: '2027-01-01' })).daysUntilDue).toBe(1)
  })

  it('rejects invalid dates and windows', () => {
    expect(() => dueDateBadge(input({ dueDate: '2026-02-30' }))).toThrow(RangeError)
    expect(() => dueDateBadge(input({ today: '2026/03/05' }))).toThrow(RangeError)
    expect(() => dueDateBadge(input({ dueSoonDays: -1 }))).toThrow(RangeError)
  })
})

describe('local dates', () => {
  it('accepts only real calendar dates', () => {
    expect(isLocalDate('2028-02-29')).toBe(true)
    expect(isLocalDate('2026-02-29')).toBe(false)
    expect(isLocalDate('2026-13-01')).toBe(false)
    expect(isLocalDate('2026-1-01')).toBe(false)
  })

  it('measures signed day differences', () => {
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9)
  })
})
