import { describe, expect, it } from 'vitest'
import {
  lastEntryByType,
  maintenanceDue,
  MAINTENANCE_TYPES,
  validateMaintenanceEntry,
  validateMaintenanceInterval,
  worstDueStatus,
  type MaintenanceDueInput,
  type MaintenanceDueItem,
  type MaintenanceInterval,
  type MaintenanceLogEntry,
  type MaintenanceType,
  type ValidateMaintenanceEntryInput,
} from './maintenance'

// ---- factories ------------------------------------------------------------------------------------------------------

const entry = (type: MaintenanceType, date: string, printHours: number, id?: string): MaintenanceLogEntry => ({
  type,
  date,
  printHours,
  ...(id ? { id } : {}),
})

const every = (
  type: MaintenanceType,
  opts: { hours?: number | null; days?: number | null },
): MaintenanceInterval => ({ type, everyPrintHours: opts.hours ?? null, everyDays: opts.days ?? null })

function due(overrides: Partial<MaintenanceDueInput> = {}) {
  return maintenanceDue({ intervals: [], log: [], printHoursNow: 0, today: '2026-03-02', ...overrides })
}

/** The single item of a due result for one type. */
function itemFor(overrides: Partial<MaintenanceDueInput>, type: MaintenanceType = 'nozzle_change'): MaintenanceDueItem {
  const item = due(overrides).items.find((i) => i.type === type)
  if (!item) throw new Error(`no item for ${type}`)
  return item
}

// ---- maintenanceDue ------------------------------------------------------------------------------------------------

describe('maintenanceDue — never done', () => {
  it('reports never_done with no figures when the type has no entry', () => {
    const item = itemFor({ intervals: [every('nozzle_change', { hours: 500 })], printHoursNow: 800 })
    expect(item).toMatchObject({
      status: 'never_done',
      lastDone: null,
      hoursSince: null,
      daysSince: null,
      byHours: null,
      byDays: null,
      dueFirstBy: null,
      nextDueDate: null,
    })
  })
})

describe('maintenanceDue — by print hours', () => {
  const base = {
    intervals: [every('nozzle_change', { hours: 500 })],
    log: [entry('nozzle_change', '2026-01-10', 1000)],
  }

  it.each([
    [1200, 'ok', 300],
    [1449, 'ok', 51],
    [1450, 'due_soon', 50], // within 10 % of 500 h
    [1500, 'due_soon', 0], // exactly at the due point
    [1500.5, 'overdue', -0.5],
    [2000, 'overdue', -500],
  ] as const)('with the counter at %d h the status is %s (%d h left)', (printHoursNow, status, remaining) => {
    const item = itemFor({ ...base, printHoursNow })
    expect(item.status).toBe(status)
    expect(item.byHours?.remainingHours).toBe(remaining)
    expect(item.byHours?.dueAtPrintHours).toBe(1500)
    expect(item.hoursSince).toBe(printHoursNow - 1000)
    expect(item.dueFirstBy).toBe('hours')
    expect(item.byDays).toBeNull()
  })

  it('uses the supplied hours-since figure instead of the counter difference', () => {
    const item = itemFor({ ...base, printHoursNow: 1100, printHoursSince: { nozzle_change: 520 } })
    expect(item.hoursSince).toBe(520)
    expect(item.byHours?.remainingHours).toBe(-20)
    expect(item.byHours?.dueAtPrintHours).toBe(1080)
    expect(item.status).toBe('overdue')
  })

  it('clamps hours since at 0 and flags a counter below the last entry', () => {
    const item = itemFor({ ...base, printHoursNow: 12 })
    expect(item.hoursSince).toBe(0)
    expect(item.counterBelowLastEntry).toBe(true)
    expect(item.status).toBe('ok')
  })

  it('projects the hours due point onto a date with a usage rate', () => {
    const item = itemFor({ ...base, printHoursNow: 1200, printHoursPerDay: 20 })
    // 300 h left at 20 h/day = 15 days.
    expect(item.byHours?.projectedDate).toBe('2026-03-17')
    expect(item.nextDueDate).toBe('2026-03-17')
  })

  it('projects an already reached due point to today', () => {
    expect(itemFor({ ...base, printHoursNow: 1600, printHoursPerDay: 10 }).byHours?.projectedDate).toBe('2026-03-02')
  })
})

describe('maintenanceDue — by days', () => {
  const base = { intervals: [every('lubrication', { days: 30 })], log: [entry('lubrication', '2026-02-01', 10)] }

  it.each([
    ['2026-02-15', 'ok', 16],
    ['2026-02-27', 'ok', 4],
    ['2026-02-28', 'due_soon', 3], // floor(10 % of 30) = 3 days
    ['2026-03-03', 'due_soon', 0], // the due date itself
    ['2026-03-04', 'overdue', -1],
  ] as const)('on %s the status is %s (%d days left)', (today, status, remaining) => {
    const item = itemFor({ ...base, today }, 'lubrication')
    expect(item.status).toBe(status)
    expect(item.byDays?.dueDate).toBe('2026-03-03')
    expect(item.byDays?.remainingDays).toBe(remaining)
    expect(item.daysSince).toBe(30 - remaining)
    expect(item.nextDueDate).toBe('2026-03-03')
    expect(item.dueFirstBy).toBe('days')
  })

  it('for a weekly task is due_soon only on the due date', () => {
    const input = { intervals: [every('cleaning', { days: 7 })], log: [entry('cleaning', '2026-03-01', 0)] }
    expect(itemFor({ ...input, today: '2026-03-07' }, 'cleaning').status).toBe('ok')
    expect(itemFor({ ...input, today: '2026-03-08' }, 'cleaning').status).toBe('due_soon')
    expect(itemFor({ ...input, today: '2026-03-09' }, 'cleaning').status).toBe('overdue')
  })

  it('counts days across month ends and leap years', () => {
    const item = itemFor(
      { intervals: [every('belt_tension', { days: 90 })], log: [entry('belt_tension', '2023-12-15', 0)], today: '2024-03-14' },
      'belt_tension',
    )
    expect(item.byDays?.dueDate).toBe('2024-03-14')
    expect(item.daysSince).toBe(90)
  })
})

describe('maintenanceDue — hours and days together', () => {
  const intervals = [every('nozzle_change', { hours: 500, days: 90 })]
  const log = [entry('nozzle_change', '2026-01-01', 1000)] // days due 2026-04-01, hours due at 1500

  it('takes the worse status and names the measure that is due first', () => {
    const daysOverdue = itemFor({ intervals, log, printHoursNow: 1100, today: '2026-04-05' })
    expect(daysOverdue.status).toBe('overdue')
    expect(daysOverdue.byHours?.status).toBe('ok')
    expect(daysOverdue.dueFirstBy).toBe('days')

    const hoursSoon = itemFor({ intervals, log, printHoursNow: 1460, today: '2026-01-20' })
    expect(hoursSoon.status).toBe('due_soon')
    expect(hoursSoon.byDays?.status).toBe('ok')
    expect(hoursSoon.dueFirstBy).toBe('hours')
  })

  it('without a usage rate, picks the measure with less of its interval left', () => {
    // 400 of 500 h used (20 % left) vs 30 of 90 days used (67 % left).
    expect(itemFor({ intervals, log, printHoursNow: 1400, today: '2026-01-31' }).dueFirstBy).toBe('hours')
    // 100 of 500 h used (80 % left) vs 60 of 90 days used (33 % left).
    expect(itemFor({ intervals, log, printHoursNow: 1100, today: '2026-03-02' }).dueFirstBy).toBe('days')
  })

  it('with a usage rate, compares the projected hours date with the days due date', () => {
    // 400 h left at 40 h/day → 10 days → 2026-03-12, before 2026-04-01.
    const fast = itemFor({ intervals, log, printHoursNow: 1100, today: '2026-03-02', printHoursPerDay: 40 })
    expect(fast.dueFirstBy).toBe('hours')
    expect(fast.nextDueDate).toBe('2026-03-12')
    // 400 h left at 5 h/day → 80 days → after 2026-04-01.
    const slow = itemFor({ intervals, log, printHoursNow: 1100, today: '2026-03-02', printHoursPerDay: 5 })
    expect(slow.dueFirstBy).toBe('days')
    expect(slow.nextDueDate).toBe('2026-04-01')
  })
})

describe('maintenanceDue — choosing the last entry', () => {
  it('uses the latest date, then the higher hours on the same date', () => {
    const log = [
      entry('nozzle_change', '2026-02-01', 1200, 'b'),
      entry('nozzle_change', '2026-01-01', 1000, 'a'),
      entry('nozzle_change', '2026-02-01', 1250, 'c'),
      entry('cleaning', '2026-02-20', 1300, 'd'),
    ]
    const item = itemFor({ intervals: [every('nozzle_change', { hours: 500 })], log, printHoursNow: 1400 })
    expect(item.lastDone).toEqual({ date: '2026-02-01', printHours: 1250, id: 'c' })
    expect(item.hoursSince).toBe(150)
  })

  it('ignores entries dated after today', () => {
    const log = [entry('nozzle_change', '2026-01-01', 1000), entry('nozzle_change', '2026-03-05', 1300)]
    const result = due({ intervals: [every('nozzle_change', { hours: 500 })], log, printHoursNow: 1350 })
    expect(result.items[0].lastDone?.date).toBe('2026-01-01')
    expect(result.lastInspectionDate).toBe('2026-01-01')
    expect(lastEntryByType(log, '2026-03-05').nozzle_change?.printHours).toBe(1300)
  })
})

describe('maintenanceDue — items, last inspection and overall status', () => {
  it('lists only scheduled types, in the canonical order, first interval per type winning', () => {
    const result = due({
      intervals: [
        every('cleaning', { days: 7 }),
        every('nozzle_change', { hours: 500 }),
        every('firmware', { hours: 0, days: -3 }), // nothing positive: not scheduled
        every('cleaning', { days: 1 }), // duplicate: ignored
      ],
    })
    expect(result.items.map((i) => i.type)).toEqual(['nozzle_change', 'cleaning'])
    expect(result.items[1].everyDays).toBe(7)
  })

  it('gives the latest log entry of any type as last inspection', () => {
    const log = [
      entry('cleaning', '2026-02-10', 900),
      entry('firmware', '2026-02-25', 950),
      entry('nozzle_change', '2026-01-05', 800),
    ]
    const result = due({ log })
    expect(result.lastInspection).toEqual({ date: '2026-02-25', type: 'firmware', printHours: 950 })
    expect(result.lastInspectionDate).toBe('2026-02-25')
    expect(due().lastInspectionDate).toBeNull()
  })

  it('summarises the worst status', () => {
    const result = due({
      intervals: [every('nozzle_change', { hours: 100 }), every('cleaning', { days: 7 }), every('other', { days: 30 })],
      log: [entry('nozzle_change', '2026-03-01', 0), entry('cleaning', '2026-02-01', 0)],
      printHoursNow: 10,
    })
    expect(result.items.map((i) => i.status)).toEqual(['ok', 'overdue', 'never_done'])
    expect(result.overallStatus).toBe('overdue')
    expect(due().overallStatus).toBe('ok')
  })

  it('orders statuses overdue > due_soon > never_done > ok', () => {
    expect(worstDueStatus(['ok', 'never_done'])).toBe('never_done')
    expect(worstDueStatus(['never_done', 'due_soon', 'ok'])).toBe('due_soon')
    expect(worstDueStatus(['due_soon', 'overdue'])).toBe('overdue')
    expect(worstDueStatus([])).toBe('ok')
  })
})

// ---- validation ----------------------------------------------------------------------------------------------------

describe('validateMaintenanceInterval', () => {
  it('accepts hours, days or both', () => {
    expect(validateMaintenanceInterval({ type: 'nozzle_change', everyPrintHours: 250.5 })).toEqual([])
    expect(validateMaintenanceInterval({ type: 'cleaning', everyDays: 7 })).toEqual([])
    expect(validateMaintenanceInterval({ type: 'other', everyPrintHours: 100, everyDays: 30 })).toEqual([])
  })

  it('requires at least one measure, positive values, whole days and a known type', () => {
    expect(validateMaintenanceInterval({ type: 'cleaning' })).toEqual([
      { field: 'everyPrintHours', code: 'interval_required' },
    ])
    expect(validateMaintenanceInterval({ type: 'cleaning', everyPrintHours: 0, everyDays: 1.5 })).toEqual([
      { field: 'everyPrintHours', code: 'interval_not_positive' },
      { field: 'everyDays', code: 'interval_not_positive' },
    ])
    expect(validateMaintenanceInterval({ type: 'oil_change', everyDays: 7 })).toEqual([
      { field: 'type', code: 'type_invalid' },
    ])
  })

  it('knows all eight maintenance types', () => {
    expect(MAINTENANCE_TYPES).toHaveLength(8)
    for (const type of MAINTENANCE_TYPES) expect(validateMaintenanceInterval({ type, everyDays: 1 })).toEqual([])
  })
})

describe('validateMaintenanceEntry', () => {
  // 2026-03-01T16:00Z is 2026-03-02 01:00 in Seoul but still 2026-03-01 in New York.
  const NOW = new Date('2026-03-01T16:00:00Z')
  const log = [entry('cleaning', '2026-02-01', 1000), entry('nozzle_change', '2026-02-20', 1200)]

  function validate(overrides: Partial<ValidateMaintenanceEntryInput['entry']> = {}, rest: Partial<ValidateMaintenanceEntryInput> = {}) {
    return validateMaintenanceEntry({
      entry: { type: 'lubrication', date: '2026-02-25', printHours: 1250, ...overrides },
      log,
      now: NOW,
      timeZone: 'Asia/Seoul',
      ...rest,
    })
  }

  it('accepts a consistent entry', () => {
    expect(validate()).toEqual({ ok: true, errors: [], warnings: [] })
  })

  it('rejects a date after today in the shop zone', () => {
    expect(validate({ date: '2026-03-02' }).ok).toBe(true)
    expect(validate({ date: '2026-03-03' }).errors).toEqual([{ field: 'date', code: 'date_in_future' }])
    expect(validate({ date: '2026-03-02' }, { timeZone: 'America/New_York' }).errors).toEqual([
      { field: 'date', code: 'date_in_future' },
    ])
  })

  it('rejects invalid type, date and hours', () => {
    const result = validate({ type: 'oil_change', date: '2026-02-30', printHours: Number.NaN })
    expect(result.ok).toBe(false)
    expect(result.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'type:type_invalid',
      'date:date_invalid',
      'printHours:print_hours_invalid',
    ])
  })

  it('rejects negative print hours', () => {
    expect(validate({ printHours: -1 }).errors).toEqual([{ field: 'printHours', code: 'print_hours_negative' }])
  })

  it('warns (without blocking) when hours are lower than an earlier entry', () => {
    const result = validate({ printHours: 1100 })
    expect(result.ok).toBe(true)
    expect(result.warnings).toEqual([
      {
        field: 'printHours',
        code: 'print_hours_below_earlier_entry',
        conflictingEntry: { date: '2026-02-20', type: 'nozzle_change', printHours: 1200 },
      },
    ])
  })

  it('warns when a back-dated entry has more hours than a later entry', () => {
    const result = validate({ date: '2026-02-10', printHours: 1300 })
    expect(result.ok).toBe(true)
    expect(result.warnings.map((w) => w.code)).toEqual(['print_hours_above_later_entry'])
    expect(result.warnings[0].conflictingEntry?.date).toBe('2026-02-20')
  })

  it('does not compare with entries on the same date', () => {
    expect(validate({ date: '2026-02-20', printHours: 1150 }).warnings).toEqual([])
  })

  it('warns when hours exceed the current counter, if known', () => {
    expect(validate({}, { printHoursNow: 1240 }).warnings.map((w) => w.code)).toEqual(['print_hours_above_current'])
    expect(validate({}, { printHoursNow: 1300 }).warnings).toEqual([])
  })
})
