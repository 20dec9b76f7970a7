import { describe, expect, it } from 'vitest'
import { parseMachineName, parseSensorId } from './names'

describe('parseMachineName', () => {
  it.each([
    ['g1', 'g1'],
    ['  Press-02 ', 'Press-02'],
    ['line_3.mill A', 'line_3.mill A'],
    ['사출기1', '사출기1'],
    ['x'.repeat(64), 'x'.repeat(64)],
  ])('accepts %j', (text, name) => {
    expect(parseMachineName(text)).toBe(name)
  })

  it('composes decomposed Hangul (NFC) before checking', () => {
    const decomposed = '사출기'.normalize('NFD')
    expect(parseMachineName(decomposed)).toBe('사출기')
  })

  it.each([
    '',
    '   ',
    'x'.repeat(65),
    "g1'; DROP TABLE machines;--",
    '<script>alert(1)</script>',
    'a&b',
    'a"b',
    'a/b',
    'a\\b',
    'a,b',
    'tab\there',
    '...',
    '- _',
  ])('rejects %j', (text) => {
    expect(parseMachineName(text)).toBeNull()
  })
})

describe('parseSensorId', () => {
  it.each([
    ['1', '1'],
    [' 03 ', '3'],
    ['1000', '1000'],
    ['sensor3', '3'],
    ['Sensor_3', '3'],
    ['SENSOR-12', '12'],
    ['sensor 7', '7'],
    ['S1', 'S1'],
    ['ch-a', 'ch-a'],
    ['front_left', 'front_left'],
  ])('accepts %j as %j', (text, id) => {
    expect(parseSensorId(text)).toBe(id)
  })

  it.each(['', '0', '1001', 'sensor0', '-1', '1.5', '1e2', '1a', 'x'.repeat(33), 'a b', '<b>', "s'1"])('rejects %j', (text) => {
    expect(parseSensorId(text)).toBeNull()
  })
})
