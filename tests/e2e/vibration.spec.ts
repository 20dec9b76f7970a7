import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from './fixtures'
import { login, tag, particle } from './helpers'

const fixture = (name: string) => fs.readFileSync(path.resolve('tests/fixtures/vibration-data', name))

test('upload two CSV files at once, read the import report, browse and filter, download the CSV export', async ({ page }, info) => {
  const t = tag(info)
  // Unique machines per project (js-on / js-off), named by the files: `<machine>_sensor<n>.csv`.
  const first = `vib${t}a`
  const second = `vib${t}b`
  await login(page)

  // 1. Two files in one upload (machine and sensor from each file name).
  await page.goto('/vibration/upload')
  await page.getByLabel('CSV 파일').setInputFiles([
    { name: `${first}_sensor1.csv`, mimeType: 'text/csv', buffer: fixture('g1_sensor1.csv') },
    { name: `${second}_sensor3.csv`, mimeType: 'text/csv', buffer: fixture('g2_sensor3.csv') },
  ])
  await page.getByRole('button', { name: '업로드', exact: true }).click()

  // 2. The batch report: both files imported.
  await expect(page).toHaveURL(/\/vibration\/imports\?batch=/)
  await expect(page.getByTestId('toast')).toHaveText('업로드 완료: 가져옴 2개, 이미 가져옴 0개, 실패 0개.')
  const batch = page.getByRole('region', { name: '이번 업로드' })
  await expect(batch).toContainText(`${first}_sensor1.csv`)
  await expect(batch).toContainText(`${second}_sensor3.csv`)
  await expect(batch.getByTestId('rows-imported')).toHaveText(['300', '50'])

  // 3. Browse, filtered to the first machine.
  await page.goto('/vibration')
  await page.getByRole('combobox', { name: '설비', exact: true }).selectOption({ label: first })
  await page.getByRole('button', { name: '필터 적용' }).click()
  await expect(page).toHaveURL(/machine=/)
  await expect(page.getByTestId('browse-summary')).toHaveText('녹화 1개, 샘플 300개')
  const rows = page.getByTestId('samples').locator('tbody tr')
  await expect(rows).toHaveCount(100)
  await expect(rows.first()).toContainText(first)
  await expect(page.getByTestId('samples')).not.toContainText(second)
  // Keyset paging: the next page goes on with the same machine.
  await page.getByRole('link', { name: '다음 페이지' }).click()
  await expect(page).toHaveURL(/cursor=/)
  await expect(rows).toHaveCount(100)

  // 4. The CSV export of the same filter.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV 내보내기' }).click()])
  expect(download.suggestedFilename()).toMatch(/^vibration-\d{14}\.csv$/)
  const text = fs.readFileSync((await download.path())!, 'utf8')
  const lines = text.trimEnd().split('\r\n')
  expect(lines[0]).toBe('machine_name,sensor_no,collected_at,measured_time,normal,unbalance,looseness,unbalance_looseness,value')
  expect(lines).toHaveLength(301)
  expect(lines[1].startsWith(`${first},1,`)).toBe(true)
})

test('an admin makes a write token (shown once), a gateway posts CSV and reads it back over HTTP, revoking ends access', async ({ page, request }, info) => {
  const t = tag(info)
  const machine = `api${t}`
  await login(page)
  await page.goto('/admin/tokens')
  await page.getByLabel('이름', { exact: true }).fill(`gateway ${t}`)
  await page.getByRole('combobox', { name: '권한 범위' }).selectOption({ label: '읽기와 쓰기' })
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`토큰 gateway ${t}${particle(t, '을/를')} 만들었습니다.`)
  const token = (await page.getByTestId('new-token').textContent())!.trim()
  expect(token).toMatch(/^mes_/)
  // Shown once: a reload no longer has it.
  await page.reload()
  await expect(page.getByTestId('new-token')).toHaveCount(0)

  const auth = { Authorization: `Bearer ${token}` }
  const posted = await request.post(`/api/v1/vibration-data?machine=${machine}&sensor=1&recorded_at=2025-01-02T03:04:05Z`, {
    headers: { ...auth, 'Content-Type': 'text/csv' },
    data: fixture('g1_sensor1.csv'),
  })
  expect(posted.status()).toBe(201)
  expect(await posted.json()).toMatchObject({ status: 'succeeded', rows_imported: 300 })
  const again = await request.post(`/api/v1/vibration-data?machine=${machine}&sensor=1&recorded_at=2025-01-02T03:04:05Z`, {
    headers: { ...auth, 'Content-Type': 'text/csv' },
    data: fixture('g1_sensor1.csv'),
  })
  expect(again.status()).toBe(200)
  const read = await request.get(`/api/v1/vibration-data?machine=${machine}&limit=120`, { headers: auth })
  expect(read.status()).toBe(200)
  const body = (await read.json()) as { data: { machine_name: string; collected_at: string }[]; next_cursor: string | null }
  expect(body.data).toHaveLength(120)
  expect(body.data[0]).toMatchObject({ machine_name: machine, collected_at: '2025-01-02T03:04:05.000Z' })
  expect(body.next_cursor).not.toBeNull()
  expect((await request.get('/api/v1/machines')).status()).toBe(401)

  // Revoking asks first (a disclosure that works without JavaScript), then the red button sends it.
  await page.getByRole('row').filter({ hasText: `gateway ${t}` }).getByText('폐기', { exact: true }).click()
  await page.getByRole('button', { name: `폐기 gateway ${t}` }).click()
  await expect(page.getByTestId('toast')).toHaveText(`토큰 gateway ${t}${particle(t, '을/를')} 폐기했습니다.`)
  expect((await request.get('/api/v1/machines', { headers: auth })).status()).toBe(401)
})
