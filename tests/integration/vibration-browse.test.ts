import { beforeEach, describe, expect, test } from 'vitest'
import * as browse from '~/routes/vibration._index'
import * as exportCsv from '~/routes/vibration.export'
import { listSamples, type SampleRow } from '~/models/vibration/samples.server'
import { callLoader, makeRequest } from '../support/app'
import { fixture, recordingCsv, resetVibration, signedIn, uploadFiles } from './vibration-support'

beforeEach(async () => {
  await resetVibration()
})

type BrowseData = { rows: SampleRow[]; nextCursor: string | null; totals: { recordings: number; samples: number }; machines: { id: string; name: string }[] }

describe('vibration data browser', () => {
  test('a viewer browses samples in the previous system’s row shape, filters by machine and sensor, and pages with a cursor', async () => {
    const planner = await signedIn('planner')
    await uploadFiles(planner.cookie, [{ name: 'export.csv', content: fixture('table-export.csv') }])
    await uploadFiles(planner.cookie, [{ name: 'pump_sensor4.csv', content: fixture('single-channel.csv') }], { recordedAt: '2024-06-01T08:00:00' })
    const { cookie } = await signedIn('viewer')
    const all = (await callLoader(browse, makeRequest('/vibration', { cookie }))).data as BrowseData
    expect(all.totals).toEqual({ recordings: 4, samples: 90 })
    // Newest recording first: the single-channel one (2024-06-01), its samples in the value column.
    expect(all.rows[0]).toMatchObject({ machine_name: 'pump', sensor_no: '4', collected_at: '2024-05-31T23:00:00.000Z', measured_time: 0, normal: null, value: 0 })
    const g1 = all.machines.find((m) => m.name === 'g1')!
    const filtered = (await callLoader(browse, makeRequest(`/vibration?machine=${g1.id}&sensor=2`, { cookie }))).data as BrowseData
    expect(filtered.totals).toEqual({ recordings: 1, samples: 20 })
    expect(filtered.rows[3]).toMatchObject({ machine_name: 'g1', sensor_no: '2', collected_at: '2024-05-01T01:00:00.000Z', normal: 0.3, unbalance: 0.6, looseness: 0.9, unbalance_looseness: 1.2 })
    const ranged = (await callLoader(browse, makeRequest('/vibration?from=2024-05-02T00:00&to=2024-05-03T00:00', { cookie }))).data as BrowseData
    expect(new Set(ranged.rows.map((r) => r.machine_name))).toEqual(new Set(['g3']))
    // Bad filter values are ignored or match nothing; never a 500.
    expect((await callLoader(browse, makeRequest('/vibration?machine=nope&cursor=garbage&from=x', { cookie }))).status).toBe(200)
  })

  test('keyset pagination is stable while new data arrives: no sample is shown twice or skipped', async () => {
    const { cookie } = await signedIn('planner')
    await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: recordingCsv(250) }], { recordedAt: '2024-01-01T00:00:00' })
    await uploadFiles(cookie, [{ name: 'g1_sensor2.csv', content: recordingCsv(250, 7) }], { recordedAt: '2024-01-02T00:00:00' })
    const seen: string[] = []
    let page = await listSamples({}, null, 120)
    page.rows.forEach((r) => seen.push(`${r.sensor_no}:${r.measured_time}`))
    // Meanwhile: a newer recording (sorts before the cursor) and an older one (after it) arrive.
    await uploadFiles(cookie, [{ name: 'g1_sensor3.csv', content: recordingCsv(10) }], { recordedAt: '2025-01-01T00:00:00' })
    await uploadFiles(cookie, [{ name: 'g1_sensor4.csv', content: recordingCsv(10) }], { recordedAt: '2023-01-01T00:00:00' })
    while (page.nextCursor) {
      page = await listSamples({}, page.nextCursor, 120)
      page.rows.forEach((r) => seen.push(`${r.sensor_no}:${r.measured_time}`))
    }
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.filter((s) => s.startsWith('2:'))).toHaveLength(250)
    expect(seen.filter((s) => s.startsWith('1:'))).toHaveLength(250)
    expect(seen.filter((s) => s.startsWith('4:'))).toHaveLength(10) // behind the cursor: reached
    expect(seen.filter((s) => s.startsWith('3:'))).toHaveLength(0) // before the cursor: not mixed into later pages
  })

  test('the CSV export streams the whole filtered set in the previous system’s columns', async () => {
    const planner = await signedIn('planner')
    await uploadFiles(planner.cookie, [{ name: 'g1_sensor1.csv', content: recordingCsv(9000) }])
    await uploadFiles(planner.cookie, [{ name: 'export.csv', content: fixture('table-export.csv') }])
    const { cookie } = await signedIn('viewer')
    const all = (await callLoader(browse, makeRequest('/vibration', { cookie }))).data as BrowseData
    const g3 = all.machines.find((m) => m.name === 'g3')!
    const res = await callLoader(exportCsv, makeRequest(`/vibration/export?machine=${g3.id}`, { cookie }))
    expect(res.headers.get('Content-Type')).toContain('text/csv')
    const lines = (res.data as string).trim().split('\r\n')
    expect(lines[0]).toBe('machine_name,sensor_no,collected_at,measured_time,normal,unbalance,looseness,unbalance_looseness,value')
    expect(lines).toHaveLength(21)
    expect(lines[2]).toBe('g3,1,2024-05-02T00:30:00.000Z,0.000735,0.1,0.2,0.3,0.4,')
    const everything = await callLoader(exportCsv, makeRequest('/vibration/export', { cookie }))
    expect((everything.data as string).trim().split('\r\n')).toHaveLength(1 + 9000 + 60)
  })
})
