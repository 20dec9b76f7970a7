import { describe, expect, test } from 'vitest'
import { diagnosisFilterFromSearch, filterFromSearch } from './filters'

const SEOUL = 'Asia/Seoul'
const params = (query: string) => new URLSearchParams(query)

describe('filterFromSearch', () => {
  test('reads the browser filters, times as wall-clock in the shop time zone', () => {
    const f = filterFromSearch(params('machine=m1&sensor=%201%20&import=i1&recording=r1&from=2024-05-01%2010:00&to=2024-05-02'), SEOUL)
    expect(f).toEqual({
      machineId: 'm1',
      sensor: '1',
      importId: 'i1',
      recordingId: 'r1',
      from: Date.parse('2024-05-01T01:00:00Z'),
      to: Date.parse('2024-05-01T15:00:00Z'),
      raw: { machine: 'm1', sensor: '1', import: 'i1', from: '2024-05-01 10:00', to: '2024-05-02' },
    })
  })

  test('missing or malformed values filter nothing; long values are cut at 100 characters', () => {
    const f = filterFromSearch(params(`sensor=&from=yesterday&machine=${'x'.repeat(150)}`), SEOUL)
    expect(f).toMatchObject({ machineId: 'x'.repeat(100), sensor: null, importId: null, recordingId: null, from: null, to: null })
    expect(f.raw.from).toBe('yesterday')
  })
})

describe('diagnosisFilterFromSearch', () => {
  test('keeps a known sensor, a channel name and parsed dates', () => {
    const out = diagnosisFilterFromSearch(params('sensor=2&channel=type1&from=2024-05-01&to=2024-05-01T12:00Z'), 'UTC', ['1', '2'])
    expect(out.filter).toEqual({ sensor: '2', channel: 'type1', from: Date.parse('2024-05-01T00:00:00Z'), to: Date.parse('2024-05-01T12:00:00Z') })
    expect(out.errors).toEqual({})
  })

  test('drops what does not parse and names the field it came from', () => {
    const out = diagnosisFilterFromSearch(params('sensor=9&channel=type7&from=soon&to='), 'UTC', ['1'])
    expect(out.filter).toEqual({ sensor: null, channel: null, from: null, to: null })
    expect(out.errors).toEqual({
      sensor: 'vibration.diagnosis.error.sensor',
      channel: 'vibration.diagnosis.error.channel',
      from: 'vibration.diagnosis.filter.badDate',
    })
    expect(out.raw).toEqual({ sensor: '9', channel: 'type7', from: 'soon', to: '' })
  })
})
