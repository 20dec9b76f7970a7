/** What a machine's page shows of its live streams: each sensor's newest gaps, sensors in natural order. */
import { beforeEach, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { vibrationMachines, vibrationStreamGaps, vibrationStreams } from '~db/schema'
import { machineStreams } from '~/models/vibration/stream/views.server'
import { resetVibration } from './vibration-support'

beforeEach(async () => {
  await resetVibration()
})

test('each sensor lists its own five newest gaps: one sensor’s many gaps do not crowd out another’s', async () => {
  const [m] = await db.insert(vibrationMachines).values({ name: 'views-1' }).returning()
  const T = Date.parse('2026-12-07T02:00:00Z')
  await db.insert(vibrationStreams).values([
    { machineId: m.id, sensorNo: '10', topic: 'mes/vibration/views-1/10', gaps: 1 },
    { machineId: m.id, sensorNo: '2', topic: 'mes/vibration/views-1/2', gaps: 20 },
    { machineId: m.id, sensorNo: '3', topic: 'mes/vibration/views-1/3', gaps: 0 },
  ])
  // Sensor 2's twenty gaps are all newer than sensor 10's one.
  await db.insert(vibrationStreamGaps).values([
    { machineId: m.id, sensorNo: '10', fromAt: new Date(T), toAt: new Date(T + 1000), missingFrom: 4, missingTo: 4 },
    ...Array.from({ length: 20 }, (_, i) => ({ machineId: m.id, sensorNo: '2', fromAt: new Date(T + 60_000 * (i + 1)), toAt: new Date(T + 60_000 * (i + 1) + 500), missingFrom: null, missingTo: null })),
  ])
  const streams = await machineStreams(m.id)
  expect(streams.map((s) => s.sensorNo)).toEqual(['2', '3', '10'])
  expect(streams[0].recentGaps.map((g) => g.fromAt.getTime())).toEqual([20, 19, 18, 17, 16].map((i) => T + 60_000 * i))
  expect(streams[1].recentGaps).toEqual([])
  expect(streams[2].recentGaps).toEqual([{ sensorNo: '10', fromAt: new Date(T), toAt: new Date(T + 1000), missingFrom: 4, missingTo: 4 }])
})
