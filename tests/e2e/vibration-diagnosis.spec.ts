import { expect, test } from './fixtures'
import { generateRecording, recordingToCsv } from '../fixtures/vibration/generator'
import { login, tag } from './helpers'

// A 12-second four-channel recording (layout a) from the generator: Normal, Type 1 unbalance, Type 2 looseness, Type 3 both.
const FILE = Buffer.from(recordingToCsv(generateRecording({ seconds: 12, seed: 11 })))

test('upload a generated recording, see the machine tile, the fault timeline, a window view and the agreement table', async ({ page }, info) => {
  const machine = `diag${tag(info)}`
  await login(page)

  // 1. Upload: small enough to be diagnosed in the request; the import report lists the finished run.
  await page.goto('/vibration/upload')
  await page.getByLabel('녹화 시각').fill('2025-05-01T09:00:00')
  await page.getByLabel('CSV 파일').setInputFiles([{ name: `${machine}_sensor1.csv`, mimeType: 'text/csv', buffer: FILE }])
  await page.getByRole('button', { name: '업로드', exact: true }).click()
  await expect(page).toHaveURL(/\/vibration\/imports\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('import-diagnosis-runs')).toContainText('완료')

  // 2. The machine overview: a tile with the latest diagnosis, confidence, zone and time.
  await page.getByRole('link', { name: '진단', exact: true }).click()
  await expect(page).toHaveURL(/\/vibration\/diagnosis$/)
  const tile = page.getByTestId('machine-tile').filter({ hasText: machine })
  await expect(tile).toContainText('불평형 + 풀림')
  await expect(tile).toContainText('신뢰도')
  await expect(tile).toContainText('영역 판정 없음')
  await expect(tile).toContainText('9:00:10') // the last window ends 10.5 s after 09:00 (shop time)

  // 3. The fault timeline: one row per channel (server-rendered SVG), and the recording's channel summaries.
  await tile.getByRole('link', { name: '타임라인' }).click()
  await expect(page.getByRole('heading', { name: `진단: ${machine}` })).toBeVisible()
  const timeline = page.getByTestId('fault-timeline')
  await expect(timeline.getByRole('img', { name: new RegExp(`${machine}의 결함 타임라인`) })).toBeVisible()
  await expect(timeline.locator('rect[data-state]')).toHaveCount(4)
  for (const state of ['0', '1', '2', '3']) await expect(timeline.locator(`rect[data-state="${state}"]`)).toHaveCount(1)
  const summaries = page.getByTestId('recording-summaries')
  await expect(summaries.locator('tbody tr')).toHaveCount(4)
  // GET filter: only channel Type 2.
  await page.getByRole('combobox', { name: '채널' }).selectOption({ label: '유형 2' })
  await page.getByRole('button', { name: '필터 적용' }).click()
  await expect(page).toHaveURL(/channel=type2/)
  await expect(timeline.locator('rect[data-state]')).toHaveCount(1)
  await expect(timeline.locator('rect[data-state="2"]')).toHaveCount(1)

  // 4. The window view of a looseness window: waveform and spectrum with order markers.
  await summaries.getByRole('link', { name: '구간 보기' }).click()
  await expect(page).toHaveURL(/\/vibration\/diagnosis\/recordings\/[0-9a-f-]{36}\?channel=type2$/)
  const view = page.getByTestId('window-view')
  await expect(view).toContainText('구간 0 / 7')
  await expect(view).toContainText('지지 풀림')
  await expect(view.getByRole('img', { name: /파형/ })).toBeVisible()
  await expect(view.getByRole('img', { name: /진폭 스펙트럼/ })).toContainText('1X')
  await expect(page.getByTestId('window-reason')).toContainText('→ 지지 풀림')
  await page.getByLabel('구간 번호').fill('3')
  await page.getByRole('button', { name: '보기', exact: true }).click()
  await expect(page).toHaveURL(/window=3/)
  await expect(view).toContainText('구간 3 / 7')

  // 5. The agreement table for this machine: each channel diagnosed as the condition it was recorded under.
  await page.getByRole('link', { name: '라벨과의 일치' }).click()
  await page.getByRole('combobox', { name: '설비' }).selectOption({ label: machine })
  await page.getByRole('button', { name: '필터 적용' }).click()
  await expect(page.getByTestId('agreement-channels-accuracy')).toHaveText('일치: 4개 중 4개 (100%)')
  const row = page.getByTestId('agreement-recordings').locator('tbody tr').filter({ hasText: machine })
  await expect(row.getByText('✓ 일치')).toHaveCount(4)
})
