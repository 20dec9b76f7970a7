import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, startOfLocalDate } from '../time/zoned'
import {
  availableHours,
  availableIntervals,
  availableMs,
  calendarPreset,
  detectCalendarPreset,
  emptyCalendar,
  formatDayRanges,
  formatTimeOfDay,
  formatWeeklyCalendarText,
  parseDayRanges,
  parseTimeOfDay,
  parseWeeklyCalendarText,
  validateCalendar,
  weeklyNominalHours,
  type AvailabilityInput,
  type Interval,
  type TimeRange,
  type Weekday,
  type WeeklyCalendar,
} from './calendar'

const SEOUL = 'Asia/Seoul'
const BERLIN = 'Europe/Berlin'
const NEW_YORK = 'America/New_York'

// ---- factories ------------------------------------------------------------------------------------------------------

const hm = (text: string) => {
  const [h, m] = text.split(':').map(Number)
  return h * 60 + m
}
/** `r('09:00', '12:00')` → TimeRange. */
const r = (start: string, end: string): TimeRange => ({ startMin: hm(start), endMin: hm(end) })

/** Calendar with the same ranges on the given weekdays (default: every day). */
function calendarWith(ranges: TimeRange[], days: Weekday[] = [0, 1, 2, 3, 4, 5, 6]): WeeklyCalendar {
  const cal = emptyCalendar()
  for (const d of days) cal[d] = ranges.map((x) => ({ ...x }))
  return cal
}

/** Availability input for a local-date span [fromDate 00:00, toDate 00:00) in the zone. */
function input(overrides: Partial<AvailabilityInput> & { fromDate?: string; toDate?: string } = {}): AvailabilityInput {
  const timeZone = overrides.timeZone ?? SEOUL
  const { fromDate = '2026-03-02', toDate = '2026-03-09', ...rest } = overrides
  return {
    calendar: calendarPreset('always'),
    status: 'active',
    maintenanceWindows: [],
    from: startOfLocalDate(fromDate, timeZone),
    to: startOfLocalDate(toDate, timeZone),
    timeZone,
    ...rest,
  }
}

const isoPairs = (list: Interval[]) => list.map((i) => [i.start.toISOString(), i.end.toISOString()])
const utc = (iso: string) => new Date(iso)

// ---- validation ----------------------------------------------------------------------------------------------------

describe('validateCalendar', () => {
  it('accepts a valid calendar and normalises it (all weekdays, ranges sorted)', () => {
    const result = validateCalendar({ 1: [r('13:00', '21:00'), r('09:00', '12:00')], 2: [r('00:00', '24:00')] })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.calendar[1]).toEqual([r('09:00', '12:00'), r('13:00', '21:00')])
    expect(result.calendar[0]).toEqual([])
    expect(result.calendar[6]).toEqual([])
  })

  it('allows touching ranges', () => {
    expect(validateCalendar({ 3: [r('09:00', '12:00'), r('12:00', '15:00')] }).ok).toBe(true)
  })

  it.each([
    ['start before 00:00', { startMin: -15, endMin: 60 }, 'startMin', 'time_out_of_range'],
    ['end after 24:00', { startMin: 60, endMin: 1455 }, 'endMin', 'time_out_of_range'],
    ['start not on a 15-minute step', { startMin: 545, endMin: 600 }, 'startMin', 'time_not_on_step'],
    ['end not on a 15-minute step', { startMin: 540, endMin: 601 }, 'endMin', 'time_not_on_step'],
    ['fractional minutes', { startMin: 540.5, endMin: 600 }, 'startMin', 'invalid_time'],
    ['NaN', { startMin: Number.NaN, endMin: 600 }, 'startMin', 'invalid_time'],
    ['end equal to start', { startMin: 600, endMin: 600 }, 'endMin', 'end_not_after_start'],
    ['end before start', { startMin: 600, endMin: 540 }, 'endMin', 'end_not_after_start'],
  ] as const)('reports %s', (_label, range, field, code) => {
    const result = validateCalendar({ 4: [range] })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toEqual([{ weekday: 4, index: 0, field, code, path: `4.0.${field}` }])
  })

  it('reports overlapping ranges on the later range, by its original index', () => {
    const result = validateCalendar({ 2: [r('11:00', '13:00'), r('09:00', '12:00')] })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toEqual([{ weekday: 2, index: 0, field: 'startMin', code: 'ranges_overlap', path: '2.0.startMin' }])
  })

  it('detects a range nested inside another', () => {
    const result = validateCalendar({ 5: [r('08:00', '20:00'), r('10:00', '11:00')] })
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['ranges_overlap'])
  })

  it('collects errors from several weekdays and fields', () => {
    const result = validateCalendar({ 0: [{ startMin: 1500, endMin: 1501 }], 6: [r('10:00', '09:00')] })
    expect(result.ok ? [] : result.errors.map((e) => e.path + ':' + e.code)).toEqual([
      '0.0.startMin:time_out_of_range',
      '0.0.endMin:time_out_of_range',
      '6.0.endMin:end_not_after_start',
    ])
  })
})

// ---- text form -----------------------------------------------------------------------------------------------------

describe('parseDayRanges / formatDayRanges', () => {
  it('parses several ranges and sorts them', () => {
    expect(parseDayRanges('13:00-21:00, 09:00-12:00')).toEqual({
      ok: true,
      ranges: [r('09:00', '12:00'), r('13:00', '21:00')],
    })
  })

  it('accepts blank text as a closed day', () => {
    expect(parseDayRanges('')).toEqual({ ok: true, ranges: [] })
    expect(parseDayRanges('   ')).toEqual({ ok: true, ranges: [] })
  })

  it('accepts short hours, 24:00, en dash, tilde, semicolons and a trailing comma', () => {
    expect(parseDayRanges('9-21')).toEqual({ ok: true, ranges: [r('09:00', '21:00')] })
    expect(parseDayRanges('0:00-24:00')).toEqual({ ok: true, ranges: [r('00:00', '24:00')] })
    expect(parseDayRanges('09:00–12:00; 13:00~21:30,')).toEqual({
      ok: true,
      ranges: [r('09:00', '12:00'), r('13:00', '21:30')],
    })
  })

  it.each([
    ['09:00', 'invalid_format', 0],
    ['09:00-12:00, abc', 'invalid_format', 1],
    ['09:00-12:00-13:00', 'invalid_format', 0],
    ['9:60-10:00', 'invalid_format', 0],
    ['09:00-25:00', 'time_out_of_range', 0],
    ['09:10-12:00', 'time_not_on_step', 0],
    ['12:00-09:00', 'end_not_after_start', 0],
    ['09:00-12:00, 11:00-13:00', 'ranges_overlap', 1],
    ['09:00-12:00,, 11:00-13:00', 'ranges_overlap', 2],
  ] as const)('rejects %j with %s at segment %i', (text, code, index) => {
    expect(parseDayRanges(text)).toEqual({ ok: false, code, index })
  })

  it('formats as HH:MM-HH:MM joined by ", "', () => {
    expect(formatDayRanges([r('13:00', '21:00'), r('09:00', '12:00')])).toBe('09:00-12:00, 13:00-21:00')
    expect(formatDayRanges([])).toBe('')
    expect(formatTimeOfDay(1440)).toBe('24:00')
    expect(parseTimeOfDay(' 7:45 ')).toBe(465)
    expect(parseTimeOfDay('7.45')).toBeNull()
  })

  it('round-trips any valid day through text', () => {
    // Non-overlapping ranges from sorted distinct quarter-hour boundaries paired up.
    const arbDay = fc
      .uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 8 })
      .map((qs) => [...qs].sort((a, b) => a - b))
      .map((qs) => {
        const ranges: TimeRange[] = []
        for (let i = 0; i + 1 < qs.length; i += 2) ranges.push({ startMin: qs[i] * 15, endMin: qs[i + 1] * 15 })
        return ranges
      })
    fc.assert(
      fc.property(arbDay, (ranges) => {
        const parsed = parseDayRanges(formatDayRanges(ranges))
        expect(parsed).toEqual({ ok: true, ranges })
      }),
      { numRuns: 200 },
    )
  })
})

describe('parseWeeklyCalendarText / formatWeeklyCalendarText', () => {
  it('parses one text per weekday, missing days closed', () => {
    const result = parseWeeklyCalendarText({ 1: '09:00-21:00', 2: '9-12, 13-21' })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.calendar[1]).toEqual([r('09:00', '21:00')])
    expect(result.calendar[2]).toEqual([r('09:00', '12:00'), r('13:00', '21:00')])
    expect(result.calendar[0]).toEqual([])
  })

  it('reports errors per weekday', () => {
    expect(parseWeeklyCalendarText({ 1: '09:00-21:00', 3: 'x', 5: '10-09' })).toEqual({
      ok: false,
      errors: [
        { weekday: 3, code: 'invalid_format', index: 0 },
        { weekday: 5, code: 'end_not_after_start', index: 0 },
      ],
    })
  })

  it('formats a calendar back to per-weekday text', () => {
    const texts = formatWeeklyCalendarText(calendarPreset('weekdays_09_21'))
    expect(texts[0]).toBe('')
    expect(texts[1]).toBe('09:00-21:00')
    expect(texts[6]).toBe('')
  })
})

describe('presets', () => {
  it('always = 24 h every day; weekdays_09_21 = Mon–Fri 09:00–21:00', () => {
    expect(weeklyNominalHours(calendarPreset('always'))).toBe(168)
    expect(weeklyNominalHours(calendarPreset('weekdays_09_21'))).toBe(60)
    expect(calendarPreset('weekdays_09_21')[0]).toEqual([])
    expect(calendarPreset('weekdays_09_21')[5]).toEqual([r('09:00', '21:00')])
    expect(validateCalendar(calendarPreset('always')).ok).toBe(true)
  })

  it('returns fresh copies', () => {
    const a = calendarPreset('always')
    a[0].push(r('01:00', '02:00'))
    expect(calendarPreset('always')[0]).toHaveLength(1)
  })

  it('detects which preset a calendar equals', () => {
    expect(detectCalendarPreset(calendarWith([r('00:00', '24:00')]))).toBe('always')
    expect(detectCalendarPreset(calendarWith([r('09:00', '21:00')], [1, 2, 3, 4, 5]))).toBe('weekdays_09_21')
    expect(detectCalendarPreset(calendarWith([r('09:00', '20:00')], [1, 2, 3, 4, 5]))).toBeNull()
  })
})

// ---- capacity ------------------------------------------------------------------------------------------------------

describe('availableIntervals', () => {
  it('gives one continuous interval for a 24/7 calendar across midnights', () => {
    const from = utc('2026-03-02T11:00:00Z') // Mon 20:00 Seoul
    const to = utc('2026-03-03T23:00:00Z') // Wed 08:00 Seoul
    expect(isoPairs(availableIntervals(input({ from, to })))).toEqual([[from.toISOString(), to.toISOString()]])
  })

  it('gives 168 hours for a 24/7 week and 60 hours for weekdays 09–21', () => {
    expect(availableHours(input())).toBe(168)
    expect(availableHours(input({ calendar: calendarPreset('weekdays_09_21') }))).toBe(60)
  })

  it('maps local weekday ranges to UTC instants in the shop zone', () => {
    const intervals = availableIntervals(
      input({ calendar: calendarPreset('weekdays_09_21'), fromDate: '2026-03-01', toDate: '2026-03-04' }),
    )
    // Sunday closed; Mon 2 and Tue 3 March 09:00–21:00 KST = 00:00–12:00 UTC.
    expect(isoPairs(intervals)).toEqual([
      ['2026-03-02T00:00:00.000Z', '2026-03-02T12:00:00.000Z'],
      ['2026-03-03T00:00:00.000Z', '2026-03-03T12:00:00.000Z'],
    ])
  })

  it('supports several ranges per day', () => {
    const calendar = calendarWith([r('09:00', '12:00'), r('13:00', '21:00')], [1])
    const intervals = availableIntervals(input({ calendar }))
    expect(intervals).toHaveLength(2)
    expect(availableHours(input({ calendar }))).toBe(11)
  })

  it('merges an overnight shift entered on two days into one interval', () => {
    const calendar = emptyCalendar()
    calendar[1] = [r('22:00', '24:00')]
    calendar[2] = [r('00:00', '06:00')]
    expect(isoPairs(availableIntervals(input({ calendar })))).toEqual([
      ['2026-03-02T13:00:00.000Z', '2026-03-02T21:00:00.000Z'],
    ])
  })

  it('clips to [from, to)', () => {
    const calendar = calendarPreset('weekdays_09_21')
    const from = utc('2026-03-02T03:00:00Z') // Mon 12:00 KST
    const to = utc('2026-03-03T02:00:00Z') // Tue 11:00 KST
    expect(isoPairs(availableIntervals(input({ calendar, from, to })))).toEqual([
      ['2026-03-02T03:00:00.000Z', '2026-03-02T12:00:00.000Z'],
      ['2026-03-03T00:00:00.000Z', '2026-03-03T02:00:00.000Z'],
    ])
    expect(availableHours(input({ calendar, from, to }))).toBe(11)
  })

  it('removes maintenance windows, including ones reaching outside the period', () => {
    const maintenanceWindows = [
      { start: utc('2026-03-03T00:00:00Z'), end: utc('2026-03-03T04:00:00Z') },
      { start: utc('2026-02-20T00:00:00Z'), end: utc('2026-03-02T00:00:00Z') }, // ends Mon 09:00 KST
      { start: utc('2026-03-10T00:00:00Z'), end: utc('2026-03-09T00:00:00Z') }, // reversed: ignored
    ]
    // 168 h − (Mon 00:00–09:00 KST = 9 h) − 4 h
    expect(availableHours(input({ maintenanceWindows }))).toBe(168 - 9 - 4)
    const intervals = availableIntervals(input({ maintenanceWindows }))
    expect(intervals[0].start.toISOString()).toBe('2026-03-02T00:00:00.000Z')
    expect(intervals).toHaveLength(2)
  })

  it('offers nothing when a maintenance window covers the period', () => {
    const maintenanceWindows = [{ start: utc('2026-01-01T00:00:00Z'), end: utc('2026-12-31T00:00:00Z') }]
    expect(availableIntervals(input({ maintenanceWindows }))).toEqual([])
  })

  it.each(['maintenance', 'retired'] as const)('offers no capacity when the printer is %s', (status) => {
    expect(availableIntervals(input({ status }))).toEqual([])
    expect(availableHours(input({ status }))).toBe(0)
  })

  it('is empty for an empty or reversed period and for a closed calendar', () => {
    const t = utc('2026-03-02T00:00:00Z')
    expect(availableIntervals(input({ from: t, to: t }))).toEqual([])
    expect(availableIntervals(input({ from: t, to: utc('2026-03-01T00:00:00Z') }))).toEqual([])
    expect(availableIntervals(input({ calendar: emptyCalendar() }))).toEqual([])
  })

  it('ignores invalid ranges rather than throwing', () => {
    const calendar = calendarWith([r('10:00', '09:00'), { startMin: 60.5, endMin: 120 }, r('09:00', '10:00')], [1])
    expect(availableHours(input({ calendar }))).toBe(1)
  })

  it('returns an exact integer number of milliseconds', () => {
    expect(availableMs(input({ calendar: calendarWith([r('09:15', '10:00')], [1]) }))).toBe(45 * 60_000)
  })

  describe('daylight-saving days', () => {
    it.each([
      [BERLIN, '2026-03-29', 23],
      [BERLIN, '2026-10-25', 25],
      [NEW_YORK, '2026-03-08', 23],
      [NEW_YORK, '2026-11-01', 25],
      [BERLIN, '2026-07-01', 24],
      [SEOUL, '2026-03-29', 24],
    ])('a 24 h day in %s on %s lasts %i hours', (timeZone, date, hours) => {
      expect(availableHours(input({ timeZone, fromDate: date, toDate: addDays(date, 1) }))).toBe(hours)
    })

    it('counts only existing hours of a range spanning the spring-forward gap (Berlin)', () => {
      // 01:00–05:00 on 2026-03-29: 01:00–02:00 CET + 03:00–05:00 CEST = 3 h.
      const calendar = calendarWith([r('01:00', '05:00')], [0])
      expect(availableHours(input({ timeZone: BERLIN, calendar, fromDate: '2026-03-29', toDate: '2026-03-30' }))).toBe(3)
    })

    it('gives no time for a range entirely inside the skipped hour', () => {
      const calendar = calendarWith([r('02:00', '02:45')], [0])
      expect(availableHours(input({ timeZone: BERLIN, calendar, fromDate: '2026-03-29', toDate: '2026-03-30' }))).toBe(0)
    })

    it('starts a range that begins in the gap at the transition', () => {
      const calendar = calendarWith([r('02:30', '24:00')], [0])
      const intervals = availableIntervals(
        input({ timeZone: BERLIN, calendar, fromDate: '2026-03-29', toDate: '2026-03-30' }),
      )
      expect(isoPairs(intervals)).toEqual([['2026-03-29T01:00:00.000Z', '2026-03-29T22:00:00.000Z']])
    })

    it('counts the repeated hour in a range spanning the fall-back overlap (New York)', () => {
      // 00:00–03:00 on 2026-11-01 contains 01:00–02:00 twice: 4 h.
      const calendar = calendarWith([r('00:00', '03:00')], [0])
      expect(availableHours(input({ timeZone: NEW_YORK, calendar, fromDate: '2026-11-01', toDate: '2026-11-02' }))).toBe(4)
    })

    it('extends a range ending inside the repeated hour to its last occurrence (New York)', () => {
      // 00:00–01:30 on 2026-11-01: 00:00 EDT … 01:30 EST = 04:00Z … 06:30Z, i.e. 2.5 h.
      const calendar = calendarWith([r('00:00', '01:30')], [0])
      const intervals = availableIntervals(
        input({ timeZone: NEW_YORK, calendar, fromDate: '2026-11-01', toDate: '2026-11-02' }),
      )
      expect(isoPairs(intervals)).toEqual([['2026-11-01T04:00:00.000Z', '2026-11-01T06:30:00.000Z']])
    })

    it('starts a range beginning inside the repeated hour at its first occurrence (Berlin)', () => {
      // 02:30–04:00 on 2026-10-25: 02:30 CEST … 04:00 CET = 00:30Z … 03:00Z, i.e. 2.5 h.
      const calendar = calendarWith([r('02:30', '04:00')], [0])
      expect(availableHours(input({ timeZone: BERLIN, calendar, fromDate: '2026-10-25', toDate: '2026-10-26' }))).toBe(2.5)
    })

    it('leaves daytime ranges at their local hours across a DST change', () => {
      const calendar = calendarPreset('weekdays_09_21')
      // Week of 2026-03-23 (Mon) … 2026-03-30 (Mon) in Berlin: DST starts Sunday 29th.
      const result = availableIntervals(input({ timeZone: BERLIN, calendar, fromDate: '2026-03-23', toDate: '2026-03-31' }))
      expect(result.map((i) => i.end.getTime() - i.start.getTime())).toEqual(Array(6).fill(12 * 3_600_000))
      expect(result[0].start.toISOString()).toBe('2026-03-23T08:00:00.000Z') // 09:00 CET
      expect(result[5].start.toISOString()).toBe('2026-03-30T07:00:00.000Z') // 09:00 CEST
    })

    it('keeps a 24/7 calendar as one continuous interval across a DST change', () => {
      const result = availableIntervals(input({ timeZone: BERLIN, fromDate: '2026-10-20', toDate: '2026-10-30' }))
      expect(result).toHaveLength(1)
      expect(availableHours(input({ timeZone: BERLIN, fromDate: '2026-10-20', toDate: '2026-10-30' }))).toBe(241)
    })
  })
})
