import { describe, expect, it } from 'vitest'
import { detectLayout, type DetectedLayout } from './layout'
import { RowValidator, createRowValidator, type PushResult, type RowValidatorOptions, type ValidRow } from './validator'

function layoutOf(header: string[]): DetectedLayout {
  const r = detectLayout(header)
  if (!r.ok) throw new Error(r.code)
  return r
}

const RECORDING = layoutOf(['Time', 'Normal', 'Type 1', 'Type 2', 'Type 3'])
const TABLE = layoutOf([
  'machine_name',
  'sensor_no',
  'collected_at',
  'measured_time',
  'normal',
  'unbalance',
  'looseness',
  'unbalance_looseness',
])
const SINGLE = layoutOf(['measured_time', 'value'])

function validator(layout: DetectedLayout, options: Partial<RowValidatorOptions> = {}): RowValidator {
  return new RowValidator({ layout, ...options })
}

/** A recording row: time and four channel values. */
function rec(time: string, ...values: string[]): string[] {
  const v = values.length ? values : ['0.1', '0.2', '0.3', '0.4']
  return [time, ...v]
}

/** A table row with overridable cells. */
function tab(overrides: Partial<Record<'machine' | 'sensor' | 'collectedAt' | 'time' | 'v', string>> = {}): string[] {
  return [
    overrides.machine ?? 'g1',
    overrides.sensor ?? '1',
    overrides.collectedAt ?? '2024-05-01 10:00:00',
    overrides.time ?? '0.0',
    overrides.v ?? '1',
    '2',
    '3',
    '4',
  ]
}

function rows(results: PushResult[]): ValidRow[] {
  return results.filter((r): r is ValidRow => r.kind === 'row')
}

describe('RowValidator: accepted rows', () => {
  it('parses a recording row and numbers samples from 0', () => {
    const v = validator(RECORDING)
    const first = v.push(rec('0.000', '1.5', '-2e-3', ' 3 ', '4'), 2)
    expect(first).toEqual({
      kind: 'row',
      line: 2,
      recording: 0,
      sampleIndex: 0,
      time: 0,
      values: [1.5, -0.002, 3, 4],
      machine: null,
      sensor: null,
      collectedAt: null,
    })
    expect(v.push(rec('0.001'), 3)).toMatchObject({ kind: 'row', sampleIndex: 1, time: 0.001 })
  })

  it('reads channel values by header position, in channel order', () => {
    const v = validator(layoutOf(['Type 3', 'Type 2', 'Type 1', 'Normal', 'Time']))
    expect(v.push(['4', '3', '2', '1', '0.5'], 2)).toMatchObject({ time: 0.5, values: [1, 2, 3, 4] })
  })

  it('tolerates CRLF leftovers and empty trailing cells', () => {
    const v = validator(RECORDING)
    expect(v.push(['0', '1', '2', '3', '4\r', '', ''], 2)).toMatchObject({ kind: 'row', values: [1, 2, 3, 4] })
  })

  it('skips blank lines without counting them as problems', () => {
    const v = validator(RECORDING)
    expect(v.push([''], 5)).toEqual({ kind: 'blank', line: 5 })
    expect(v.push(['', ' '], 6)).toEqual({ kind: 'blank', line: 6 })
    expect(v.summary()).toMatchObject({ blankRows: 2, problemCount: 0, acceptedRows: 0 })
  })

  it('parses table identity columns and groups recordings by machine, sensor and collected_at', () => {
    const v = validator(TABLE)
    const results = [
      v.push(tab({ time: '0.0' }), 2),
      v.push(tab({ time: '0.1' }), 3),
      v.push(tab({ sensor: 'sensor2', time: '0.0' }), 4),
      v.push(tab({ time: '0.2' }), 5),
      v.push(tab({ collectedAt: '2024-05-01T01:00:00Z', time: '0.3' }), 6), // same instant as 10:00 KST
      v.push(tab({ collectedAt: '2024-05-02 10:00:00', time: '0.0' }), 7),
    ]
    expect(rows(results).map((r) => [r.recording, r.sampleIndex])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [0, 2],
      [0, 3],
      [2, 0],
    ])
    expect(results[0]).toMatchObject({ machine: 'g1', sensor: '1', collectedAt: Date.parse('2024-05-01T01:00:00Z') })
    expect(results[2]).toMatchObject({ sensor: '2' })
    expect(v.summary().recordings).toEqual([
      {
        recording: 0,
        machine: 'g1',
        sensor: '1',
        collectedAt: Date.parse('2024-05-01T01:00:00Z'),
        sampleCount: 4,
        firstTime: 0,
        lastTime: 0.3,
        firstLine: 2,
        lastLine: 6,
      },
      expect.objectContaining({ recording: 1, sensor: '2', sampleCount: 1 }),
      expect.objectContaining({ recording: 2, collectedAt: Date.parse('2024-05-02T01:00:00Z'), sampleCount: 1 }),
    ])
  })

  it('interprets zone-less collected_at in the given time zone', () => {
    const v = validator(TABLE, { timeZone: 'UTC' })
    expect(v.push(tab(), 2)).toMatchObject({ collectedAt: Date.parse('2024-05-01T10:00:00Z') })
  })

  it('validates single-channel rows', () => {
    const v = validator(SINGLE)
    expect(v.push(['0.5', '-1.25'], 2)).toMatchObject({ kind: 'row', time: 0.5, values: [-1.25], sampleIndex: 0 })
  })

  it('is also available as a factory function', () => {
    expect(createRowValidator({ layout: SINGLE }).push(['1', '2'], 1)).toMatchObject({ kind: 'row' })
  })
})

describe('RowValidator: problems', () => {
  it.each([
    ['', 'not_a_number'],
    ['abc', 'not_a_number'],
    ['1,5', 'not_a_number'],
    ['0x10', 'not_a_number'],
    ['NaN', 'not_finite'],
    ['Infinity', 'not_finite'],
    ['-Infinity', 'not_finite'],
  ] as const)('reports channel value %j as %s with line and column', (cell, code) => {
    const v = validator(RECORDING)
    expect(v.push(rec('0.0', '1', '2', cell, '4'), 17)).toEqual({
      kind: 'problem',
      line: 17,
      column: 4,
      field: 'type2',
      code,
      text: cell,
    })
  })

  it('reports a bad time cell', () => {
    const v = validator(RECORDING)
    expect(v.push(rec('t0'), 3)).toMatchObject({ kind: 'problem', line: 3, column: 1, field: 'time', code: 'not_a_number' })
  })

  it('reports time going backwards or repeating, against the last accepted row', () => {
    const v = validator(RECORDING)
    v.push(rec('0.001'), 2)
    expect(v.push(rec('0.001'), 3)).toMatchObject({ line: 3, column: 1, code: 'time_not_increasing', text: '0.001' })
    expect(v.push(rec('0.0005'), 4)).toMatchObject({ line: 4, code: 'time_not_increasing' })
    expect(v.push(rec('0.002'), 5)).toMatchObject({ kind: 'row', sampleIndex: 1 })
  })

  it('does not let a rejected row move the time reference or consume a sample index', () => {
    const v = validator(RECORDING)
    v.push(rec('1'), 2)
    expect(v.push(rec('5', 'x', '0', '0', '0'), 3).kind).toBe('problem')
    expect(v.push(rec('2'), 4)).toMatchObject({ kind: 'row', sampleIndex: 1 })
  })

  it('checks time order per table recording, not across recordings', () => {
    const v = validator(TABLE)
    v.push(tab({ time: '0.5' }), 2)
    expect(v.push(tab({ sensor: '2', time: '0.1' }), 3)).toMatchObject({ kind: 'row', sampleIndex: 0 })
    expect(v.push(tab({ time: '0.4' }), 4)).toMatchObject({ kind: 'problem', code: 'time_not_increasing', line: 4, column: 4 })
  })

  it.each([
    ['2024/05/01 10:00', 'bad_date'],
    ['2024-02-30 10:00:00', 'bad_date'],
    ['', 'bad_date'],
  ] as const)('reports collected_at %j', (collectedAt, code) => {
    const v = validator(TABLE)
    expect(v.push(tab({ collectedAt }), 9)).toMatchObject({ line: 9, column: 3, field: 'collectedAt', code })
  })

  it.each(["g1'; DROP TABLE x;--", '<b>g1</b>', '', 'x'.repeat(65)])('reports machine %j as bad_machine', (machine) => {
    const v = validator(TABLE)
    expect(v.push(tab({ machine }), 4)).toMatchObject({ line: 4, column: 1, field: 'machine', code: 'bad_machine' })
  })

  it.each(['0', '1001', '1.5', '', 'a b'])('reports sensor %j as bad_sensor', (sensor) => {
    const v = validator(TABLE)
    expect(v.push(tab({ sensor }), 4)).toMatchObject({ line: 4, column: 2, field: 'sensor', code: 'bad_sensor' })
  })

  it('reports columns relative to the header order', () => {
    const layout = layoutOf(['measured_time', 'value', 'sensor_no', 'machine_name'])
    const v = validator(layout)
    expect(v.push(['0', '1', '1', 'bad<'], 2)).toMatchObject({ column: 4, code: 'bad_machine' })
  })

  it('reports rows with too few or too many cells', () => {
    const v = validator(RECORDING)
    expect(v.push(['0', '1', '2', '3'], 8)).toEqual({
      kind: 'problem',
      line: 8,
      column: null,
      field: null,
      code: 'wrong_column_count',
      found: 4,
      expected: 5,
    })
    expect(v.push(['0', '1', '2', '3', '4', '5'], 9)).toMatchObject({ code: 'wrong_column_count', found: 6 })
  })

  it('reports a quoted field that contained the delimiter as a bad cell, not a crash', () => {
    // papaparse unquotes "g1,a" into one cell.
    const v = validator(TABLE)
    expect(v.push(tab({ machine: 'g1,a' }), 2)).toMatchObject({ code: 'bad_machine' })
  })

  it('truncates the offending text', () => {
    const v = validator(RECORDING)
    const r = v.push(rec('x'.repeat(200)), 2)
    expect(r.kind === 'problem' && r.text).toBe('x'.repeat(40))
  })

  it('keeps at most 100 problems but counts all of them', () => {
    const v = validator(RECORDING)
    for (let line = 1; line <= 250; line++) v.push(rec('bad'), line)
    const s = v.summary()
    expect(s.problemCount).toBe(250)
    expect(s.problems).toHaveLength(100)
    expect(s.problems[99].line).toBe(100)
    expect(s.problemsTruncated).toBe(true)
    expect(v.problemCount).toBe(250)
  })

  it('honours a custom problem cap', () => {
    const v = validator(RECORDING, { maxProblems: 2 })
    for (let line = 1; line <= 5; line++) v.push(rec('bad'), line)
    expect(v.problems.map((p) => p.line)).toEqual([1, 2])
  })

  it('rejects an unknown time zone at creation', () => {
    expect(() => validator(TABLE, { timeZone: 'Nowhere/Land' })).toThrow(RangeError)
  })
})
