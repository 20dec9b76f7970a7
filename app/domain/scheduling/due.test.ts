import { expect, test } from 'vitest'
import { dueInstant } from './due'

test('a due date ends at the next local midnight of the shop time zone', () => {
  // Asia/Seoul is UTC+9: the end of 2026-03-02 there is 2026-03-02T15:00Z.
  expect(dueInstant('2026-03-02', 'Asia/Seoul').toISOString()).toBe('2026-03-02T15:00:00.000Z')
  expect(dueInstant('2026-03-02', 'UTC').toISOString()).toBe('2026-03-03T00:00:00.000Z')
})

test('the day a clock change happens on still ends at its local midnight', () => {
  // New York springs forward on 2026-03-08: that day ends at 2026-03-09 00:00 EDT (UTC−4).
  expect(dueInstant('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z')
  expect(dueInstant('2026-12-31', 'UTC').toISOString()).toBe('2027-01-01T00:00:00.000Z')
})
