import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { encodeBinaryMessage, MAX_STREAM_SAMPLES, parseStreamTopic, readStreamMessage, streamFilter } from './message'

const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o))
const T0 = '2026-12-07T01:00:00.000Z'
const T0_MS = Date.parse(T0)

describe('stream topics', () => {
  test('machine and sensor under the prefix, with the upload rules for names', () => {
    expect(parseStreamTopic('mes/vibration/g1/1', 'mes/vibration')).toEqual({ machine: 'g1', sensor: '1' })
    expect(parseStreamTopic('mes/vibration/%ED%8E%8C%ED%94%84%201/sensor-03', 'mes/vibration')).toEqual({ machine: '펌프 1', sensor: '3' })
    expect(parseStreamTopic('plant/a/vib/g1/S1', 'plant/a/vib')).toEqual({ machine: 'g1', sensor: 'S1' })
  })

  test.each(['mes/vibration/g1', 'mes/vibration/g1/1/extra', 'other/g1/1', 'mes/vibration/<b>/1', 'mes/vibration/g1/0', 'mes/vibration/%E0%A4%A/1', 'mes/vibrationx/g1/1'])('%s is not a stream topic', (topic) => {
    expect(parseStreamTopic(topic, 'mes/vibration')).toBeNull()
  })

  test('the subscription filter', () => {
    expect(streamFilter('mes/vibration')).toBe('mes/vibration/+/+')
  })
})

describe('stream payloads', () => {
  test('evenly sampled: times from t0 and the rate', () => {
    const r = readStreamMessage(json({ seq: 7, t0: T0, rateHz: 1000, values: [0.5, -1, 2] }))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.message.seq).toBe(7)
    expect([...r.message.timesMs]).toEqual([T0_MS, T0_MS + 1, T0_MS + 2])
    expect([...r.message.values]).toEqual([0.5, -1, 2])
    expect(r.message.rateHz).toBe(1000)
  })

  test('t0 keeps digits below the millisecond', () => {
    const r = readStreamMessage(json({ seq: 1, t0: '2026-12-07T01:00:00.4096Z', rateHz: 5000, values: [1] }))
    expect(r.ok && r.message.t0Ms).toBeCloseTo(T0_MS + 409.6, 6)
    const plus = readStreamMessage(json({ seq: 1, t0: '2026-12-07T10:00:00.0005+09:00', rateHz: 5000, values: [1] }))
    expect(plus.ok && plus.message.t0Ms).toBeCloseTo(T0_MS + 0.5, 6)
  })

  test('unevenly sampled: times in seconds after t0; the rate from them', () => {
    const r = readStreamMessage(json({ seq: 0, t0: T0, times: [0, 0.001, 0.0025, 0.003], values: [1, 2, 3, 4] }))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.message.timesMs[2]).toBeCloseTo(T0_MS + 2.5, 9)
    expect(r.message.rateHz).toBeCloseTo(1000, 6)
  })

  test.each([
    ['not JSON', new TextEncoder().encode('{"seq": 1,'), 'not_json'],
    ['an array', json([1, 2]), 'not_object'],
    ['a negative seq', json({ seq: -1, t0: T0, rateHz: 10, values: [1] }), 'bad_seq'],
    ['a fractional seq', json({ seq: 1.5, t0: T0, rateHz: 10, values: [1] }), 'bad_seq'],
    ['no t0', json({ seq: 1, rateHz: 10, values: [1] }), 'bad_t0'],
    ['a t0 that is no date', json({ seq: 1, t0: '2026-13-45T99:00:00Z', rateHz: 10, values: [1] }), 'bad_t0'],
    ['a zero rate', json({ seq: 1, t0: T0, rateHz: 0, values: [1] }), 'bad_rate'],
    ['no rate and no times', json({ seq: 1, t0: T0, values: [1] }), 'bad_rate'],
    ['a string value', json({ seq: 1, t0: T0, rateHz: 10, values: [1, '2'] }), 'bad_values'],
    ['a null value (NaN in JSON)', json({ seq: 1, t0: T0, rateHz: 10, values: [1, null] }), 'bad_values'],
    ['no values', json({ seq: 1, t0: T0, rateHz: 10, values: [] }), 'bad_values'],
    ['too many values', json({ seq: 1, t0: T0, rateHz: 10, values: new Array(MAX_STREAM_SAMPLES + 1).fill(0) }), 'too_many_values'],
    ['times not increasing', json({ seq: 1, t0: T0, times: [0, 0.2, 0.1], values: [1, 2, 3] }), 'bad_times'],
    ['times of another length', json({ seq: 1, t0: T0, times: [0, 0.1], values: [1, 2, 3] }), 'bad_times'],
    ['both times and rate', json({ seq: 1, t0: T0, rateHz: 10, times: [0, 0.1], values: [1, 2] }), 'times_and_rate'],
    ['a cut binary message', encodeBinaryMessage({ seq: 1, t0Ms: T0_MS, rateHz: 100, values: [1, 2] }).subarray(0, 30), 'binary_header'],
  ])('%s is refused as %s', (_what, payload, problem) => {
    expect(readStreamMessage(payload)).toEqual({ ok: false, problem })
  })

  test('the binary variant reads back what was encoded (float32 precision)', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 40 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 }),
        (seq, rateHz, values) => {
          const r = readStreamMessage(encodeBinaryMessage({ seq, t0Ms: T0_MS, rateHz, values }))
          expect(r.ok).toBe(true)
          if (!r.ok) return
          expect(r.message.seq).toBe(seq)
          expect(r.message.timesMs[0]).toBe(T0_MS)
          expect([...r.message.values]).toEqual(values.map((v) => Math.fround(v)))
        },
      ),
    )
  })

  test('any bytes: a message or a problem, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = readStreamMessage(bytes)
        expect(typeof r.ok).toBe('boolean')
      }),
    )
  })
})
