import { describe, expect, test } from 'vitest'
import { formatAxisTime, formatBytes, formatDate, formatFixed, formatDateTime, formatGrams, formatHours, formatNumber, formatPct, formatSeconds, formatWallClock } from './format'

const instant = Date.UTC(2026, 11, 6, 1, 2, 3) // 10:02:03 in Seoul

describe('one formatting module', () => {
  test('grams always carry one decimal and the locale grouping, in both languages', () => {
    expect(formatGrams('ko', 1_234_567)).toBe('1,234.6 g')
    expect(formatGrams('en', 12_000)).toBe('12.0 g')
    expect(formatGrams('en', 950_049, { unit: false })).toBe('950.0')
    expect(formatGrams('ko', 40_000, { trim: true })).toBe('40 g')
    expect(formatGrams('ko', 40_050, { trim: true })).toBe('40.1 g')
    expect(formatGrams('en', -150)).toBe('-0.2 g')
    expect(formatGrams('en', -40)).toBe('0.0 g')
  })
  test('numbers, hours and percentages', () => {
    expect(formatNumber('ko', 12345.678, 1)).toBe('12,345.7')
    expect(formatHours('en', 3.25)).toBe('3.3')
    expect(formatPct('ko', 12.34)).toBe('12.3 %')
    expect(formatPct('en', null)).toBe('—')
    expect(formatFixed(0.12, 3)).toBe('0.120')
    expect(formatFixed(12345.5, 1)).toBe('12345.5')
    expect(formatFixed(Number.NaN)).toBe('—')
    expect(formatSeconds(12_345)).toBe('12.3 s')
    expect(formatSeconds(null)).toBe('—')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB')
  })
  test('instants are written in the shop zone, the same whatever the language', () => {
    expect(formatWallClock(instant, 'Asia/Seoul')).toBe('2026-12-06T10:02:03')
    expect(formatDateTime(instant, 'Asia/Seoul')).toBe('2026-12-06 10:02')
    expect(formatDateTime(new Date(instant).toISOString(), 'UTC', { seconds: true })).toBe('2026-12-06 01:02:03')
    expect(formatDate(instant, 'America/Los_Angeles')).toBe('2026-12-05')
    expect(formatAxisTime(instant, 'Asia/Seoul', 3_600_000)).toBe('10:02:03')
    expect(formatAxisTime(instant, 'Asia/Seoul', 3 * 86_400_000)).toBe('12-06 10:02')
  })
})
