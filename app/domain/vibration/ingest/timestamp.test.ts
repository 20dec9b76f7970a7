import { describe, expect, it } from 'vitest'
import { isValidTimeZone, parseCollectedAt } from './timestamp'

const SEOUL = 'Asia/Seoul'
const utc = (iso: string): number => Date.parse(iso)

describe('parseCollectedAt', () => {
  it('reads a zone-less timestamp as wall-clock time in the given zone', () => {
    expect(parseCollectedAt('2024-05-01 10:00:00', SEOUL)).toBe(utc('2024-05-01T01:00:00Z'))
    expect(parseCollectedAt('2024-05-01T10:00:00', 'UTC')).toBe(utc('2024-05-01T10:00:00Z'))
  })

  it('keeps milliseconds and truncates extra fraction digits', () => {
    expect(parseCollectedAt('2024-05-01 10:00:00.123', SEOUL)).toBe(utc('2024-05-01T01:00:00.123Z'))
    expect(parseCollectedAt('2024-05-01 10:00:00.5', SEOUL)).toBe(utc('2024-05-01T01:00:00.500Z'))
    expect(parseCollectedAt('2024-05-01T10:00:00.123456789Z', SEOUL)).toBe(utc('2024-05-01T10:00:00.123Z'))
  })

  it('honours an explicit zone over the argument', () => {
    expect(parseCollectedAt('2024-05-01T10:00:00Z', SEOUL)).toBe(utc('2024-05-01T10:00:00Z'))
    expect(parseCollectedAt('2024-05-01T10:00:00+09:00', 'UTC')).toBe(utc('2024-05-01T01:00:00Z'))
    expect(parseCollectedAt('2024-05-01 10:00:00 -0530', SEOUL)).toBe(utc('2024-05-01T15:30:00Z'))
    expect(parseCollectedAt('2024-05-01 10:00:00+02', SEOUL)).toBe(utc('2024-05-01T08:00:00Z'))
    expect(parseCollectedAt('2024-05-01t10:00:00z', SEOUL)).toBe(utc('2024-05-01T10:00:00Z'))
  })

  it('accepts a date alone (local midnight) and minutes without seconds', () => {
    expect(parseCollectedAt('2024-05-01', SEOUL)).toBe(utc('2024-04-30T15:00:00Z'))
    expect(parseCollectedAt('2024-05-01T10:30', SEOUL)).toBe(utc('2024-05-01T01:30:00Z'))
  })

  it('resolves DST like Date: repeated hour → earlier, skipped hour → shifted forward', () => {
    const ny = 'America/New_York'
    // 2024-11-03 01:30 happens twice (EDT then EST): earlier = 05:30Z.
    expect(parseCollectedAt('2024-11-03 01:30:00', ny)).toBe(utc('2024-11-03T05:30:00Z'))
    // 2024-03-10 02:30 does not exist: becomes 03:30 EDT = 07:30Z.
    expect(parseCollectedAt('2024-03-10 02:30:00', ny)).toBe(utc('2024-03-10T07:30:00Z'))
    expect(parseCollectedAt('2024-07-01 12:00:00', ny)).toBe(utc('2024-07-01T16:00:00Z'))
  })

  it.each([
    '',
    'yesterday',
    '2024/05/01 10:00:00',
    '01-05-2024 10:00',
    '2024-05-01 10:00:00 KST',
    '2024-02-30 10:00:00',
    '2023-02-29',
    '2024-13-01',
    '2024-05-01 24:00:00',
    '2024-05-01 10:60:00',
    '2024-05-01 10:00:60',
    '2024-05-01 10',
    '2024-05-01  10:00:00',
    '2024-05-01T10:00:00+19:00',
    '2024-05-01T10:00:00+09:75',
    '2024-05-01T10:00:00.Z',
    '1969-12-31 23:59:59',
    '1717200000',
  ])('rejects %j', (text) => {
    expect(parseCollectedAt(text, SEOUL)).toBeNull()
  })
})

describe('isValidTimeZone', () => {
  it('knows IANA zones and rejects others', () => {
    expect(isValidTimeZone('Asia/Seoul')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
    expect(isValidTimeZone('')).toBe(false)
  })
})
