import { describe, expect, it } from 'vitest'
import { detectDelimiter, detectLayout, type DetectedLayout } from './layout'

function ok(row: string[]): DetectedLayout {
  const r = detectLayout(row)
  if (!r.ok) throw new Error(`expected a layout, got ${r.code}`)
  return r
}

const TABLE_HEADER = [
  'machine_name',
  'sensor_no',
  'collected_at',
  'measured_time',
  'normal',
  'unbalance',
  'looseness',
  'unbalance_looseness',
]

describe('detectLayout: recording files', () => {
  it('reads five numbers without a header as a recording', () => {
    expect(detectLayout(['0.0', '0.1', '-0.2', '0.3', '0.4'])).toEqual({
      ok: true,
      layout: 'recording',
      hasHeader: false,
      columnCount: 5,
      columnIndex: { time: 0, normal: 1, type1: 2, type2: 3, type3: 4 },
      channels: ['normal', 'type1', 'type2', 'type3'],
    })
  })

  it('recognises the KAMP header', () => {
    const r = ok(['Time', 'Normal', 'Type 1', 'Type 2', 'Type 3'])
    expect(r).toMatchObject({ layout: 'recording', hasHeader: true })
    expect(r.columnIndex).toEqual({ time: 0, normal: 1, type1: 2, type2: 3, type3: 4 })
  })

  it('recognises the measured_time / unbalance / looseness spelling', () => {
    const r = ok(['measured_time', 'normal', 'unbalance', 'looseness', 'unbalance_looseness'])
    expect(r.layout).toBe('recording')
    expect(r.columnIndex.type3).toBe(4)
  })

  it('matches headers ignoring case, spaces, BOM and a trailing delimiter', () => {
    const r = ok(['\uFEFF TIME ', 'normal', 'type1', 'TYPE  2', 'Type_3\r', ''])
    expect(r).toMatchObject({ layout: 'recording', hasHeader: true, columnCount: 5 })
  })

  it('accepts columns in any order', () => {
    const r = ok(['Type 3', 'Type 2', 'Type 1', 'Normal', 'Time'])
    expect(r.columnIndex).toEqual({ time: 4, normal: 3, type1: 2, type2: 1, type3: 0 })
  })

  it('strips a BOM from a headerless first cell', () => {
    expect(ok(['\uFEFF0.000', '1', '2', '3', '4']).hasHeader).toBe(false)
  })

  it('reports a missing channel with its canonical name', () => {
    expect(detectLayout(['Time', 'Normal', 'Type 1', 'Type 3'])).toEqual({ ok: false, code: 'missing_column', column: 'type2' })
    expect(detectLayout(['Normal', 'Type 1', 'Type 2', 'Type 3'])).toEqual({ ok: false, code: 'missing_column', column: 'time' })
  })
})

describe('detectLayout: table export', () => {
  it('recognises the previous system export', () => {
    const r = ok(TABLE_HEADER)
    expect(r).toMatchObject({ layout: 'table', hasHeader: true, columnCount: 8 })
    expect(r.columnIndex).toEqual({
      machine: 0,
      sensor: 1,
      collectedAt: 2,
      time: 3,
      normal: 4,
      type1: 5,
      type2: 6,
      type3: 7,
    })
  })

  it('accepts any column order', () => {
    const shuffled = [...TABLE_HEADER].reverse()
    const r = ok(shuffled)
    expect(r.layout).toBe('table')
    expect(r.columnIndex.machine).toBe(7)
    expect(r.columnIndex.type3).toBe(0)
  })

  it('reports the first missing table column by its export name', () => {
    const withoutCollected = TABLE_HEADER.filter((c) => c !== 'collected_at')
    expect(detectLayout(withoutCollected)).toEqual({ ok: false, code: 'missing_column', column: 'collected_at' })
    const withoutLooseness = TABLE_HEADER.filter((c) => c !== 'looseness')
    expect(detectLayout(withoutLooseness)).toEqual({ ok: false, code: 'missing_column', column: 'looseness' })
  })
})

describe('detectLayout: single channel', () => {
  it('recognises measured_time, value', () => {
    expect(detectLayout(['measured_time', 'value'])).toEqual({
      ok: true,
      layout: 'single',
      hasHeader: true,
      columnCount: 2,
      columnIndex: { time: 0, value: 1 },
      channels: ['value'],
    })
  })

  it('accepts optional machine and sensor columns', () => {
    const r = ok(['machine_name', 'sensor_no', 'measured_time', 'value'])
    expect(r).toMatchObject({ layout: 'single', columnIndex: { machine: 0, sensor: 1, time: 2, value: 3 } })
  })

  it('reads two numbers without a header as time and value', () => {
    expect(ok(['0.001', '0.5'])).toMatchObject({ layout: 'single', hasHeader: false, columnIndex: { time: 0, value: 1 } })
  })

  it('requires the time column', () => {
    expect(detectLayout(['machine_name', 'value'])).toEqual({ ok: false, code: 'missing_column', column: 'measured_time' })
  })

  it('rejects a recording channel next to value', () => {
    expect(detectLayout(['measured_time', 'value', 'normal'])).toEqual({
      ok: false,
      code: 'unknown_header',
      column: 'normal',
      columnNumber: 3,
    })
  })
})

describe('detectLayout: errors', () => {
  it.each([[[]], [['']], [['', ' ', '']]])('reports an empty first row %j', (row) => {
    expect(detectLayout(row)).toEqual({ ok: false, code: 'empty' })
  })

  it('reports an unknown header cell with its position', () => {
    expect(detectLayout(['Time', 'Normal', 'Type 1', 'Type 2', 'Temperature'])).toEqual({
      ok: false,
      code: 'unknown_header',
      column: 'Temperature',
      columnNumber: 5,
    })
  })

  it('reports a header of unknown words', () => {
    expect(detectLayout(['foo', 'bar'])).toEqual({ ok: false, code: 'unknown_header', column: 'foo', columnNumber: 1 })
  })

  it('reports a blank header cell between known ones', () => {
    expect(detectLayout(['Time', '', 'Normal'])).toMatchObject({ ok: false, code: 'unknown_header', column: '', columnNumber: 2 })
  })

  it('reports duplicated columns, including aliases of the same column', () => {
    expect(detectLayout(['Time', 'Normal', 'Type 1', 'unbalance', 'Type 2', 'Type 3'])).toEqual({
      ok: false,
      code: 'duplicate_column',
      column: 'unbalance',
      columnNumber: 4,
    })
  })

  it.each([
    [['0', '1', '2']],
    [['0', '1', '2', '3']],
    [['0', '1', '2', '3', '4', '5']],
    [['0']],
  ])('reports a headerless row with %j as wrong_column_count', (row) => {
    expect(detectLayout(row)).toEqual({ ok: false, code: 'wrong_column_count', found: row.length, expected: [5, 2] })
  })

  it('treats a row starting with a number as data even if later cells are bad (the validator reports them)', () => {
    expect(ok(['0.0', 'abc', '1', '2', '3'])).toMatchObject({ layout: 'recording', hasHeader: false })
  })

  it('treats a whole header line that was split with the wrong delimiter as unknown', () => {
    expect(detectLayout(['Time;Normal;Type 1;Type 2;Type 3'])).toMatchObject({ ok: false, code: 'unknown_header' })
  })
})

describe('detectDelimiter', () => {
  it.each([
    ['Time,Normal,Type 1,Type 2,Type 3', ','],
    ['Time;Normal;Type 1;Type 2;Type 3', ';'],
    ['\uFEFFTime;Normal;Type 1;Type 2;Type 3\r', ';'],
    ['0.0,0.1,0.2,0.3,0.4\r', ','],
    ['0,001;0,5;0,25;0,125;1,0', ';'], // decimal commas out-number the semicolons
    ['"g1;a",1,2024-01-01 00:00:00,0,1,2,3,4', ','], // semicolon inside quotes
    ['"a ""x;y"" b",1', ','],
    ['"a,b";"c,d"', ';'],
    ['', ','],
    ['single', ','],
  ])('detects %j → %j', (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter)
  })
})
