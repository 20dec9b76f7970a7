import { describe, expect, it } from 'vitest'
import { parseVibrationFileName } from './file-name'

describe('parseVibrationFileName', () => {
  it.each([
    ['g1_sensor1.csv', { machine: 'g1', sensor: '1' }],
    ['G2_Sensor_3.CSV', { machine: 'G2', sensor: '3' }],
    ['machineA-sensor2.csv', { machine: 'machineA', sensor: '2' }],
    ['press 4 sensor 12.csv', { machine: 'press 4', sensor: '12' }],
    ['line_1_g3_sensor04.csv', { machine: 'line_1_g3', sensor: '4' }],
    ['C:\\data\\g1_sensor1.csv', { machine: 'g1', sensor: '1' }],
    ['uploads/g5_sensor2.csv', { machine: 'g5', sensor: '2' }],
  ])('parses %j', (name, expected) => {
    expect(parseVibrationFileName(name)).toEqual(expected)
  })

  it.each([
    'g1_sensor1.txt',
    'g1_sensor1',
    'g1sensor1.csv',
    'sensor1.csv',
    '_sensor1.csv',
    'g1_sensor.csv',
    'g1_sensor0.csv',
    'g1_sensor1001.csv',
    'g<1>_sensor1.csv',
    'recording.csv',
  ])('returns null for %j', (name) => {
    expect(parseVibrationFileName(name)).toBeNull()
  })
})
