import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { generateSensorHistory, oneChannelCsv } from '../fixtures/vibration/generator'
import { langCookie, login, tag } from './helpers'

// Issue #19: one-channel sensors. A machine's sensor uploads two healthy recordings, then an unbalance and a looseness
// one: the healthy ones become its provisional baseline ("confirm or choose another"), the faults are judged against it
// and its alarm bands (shown on the trends). A machine with only a few seconds of data has no baseline: its windows are
// not judged and its tile says "baseline needed". Both projects run this, so confirming, marking a range and removing a
// baseline (behind its confirm step) all work without JavaScript too.

/** One recording through the upload form (machine and sensor 1 from the file name; the machine is made by the first). */
async function upload(page: Page, machine: string, csv: string, recordedAt: string) {
  await page.goto('/vibration/upload')
  await page.getByLabel('녹화 시각').fill(recordedAt)
  await page.getByLabel('CSV 파일').setInputFiles([{ name: `${machine}_sensor1.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) }])
  await page.getByRole('button', { name: '업로드', exact: true }).click()
  await expect(page).toHaveURL(/\/vibration\/imports\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('import-diagnosis-runs')).toContainText('완료')
}

/**
 * For people to look at: the page in Korean and English at both tablet sizes, with `open` run after each reload (a
 * panel opened); no sideways scroll at any of them.
 */
async function screenshots(page: Page, baseURL: string, name: string, open: () => Promise<void> = async () => {}) {
  for (const lang of ['ko', 'en'] as const) {
    await page.context().addCookies([{ name: 'mes_lang', value: langCookie(lang), url: baseURL }])
    for (const size of [
      { width: 820, height: 1180 },
      { width: 1180, height: 820 },
    ]) {
      await page.setViewportSize(size)
      await page.reload()
      await open()
      await page.screenshot({ path: `test-results/vibration-baselines/${name}-${lang}-${size.width}x${size.height}.png`, fullPage: true })
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, `${name} ${lang} ${size.width}: sideways scroll`).toBeLessThanOrEqual(0)
    }
  }
  await page.context().addCookies([{ name: 'mes_lang', value: langCookie('ko'), url: baseURL }])
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.reload()
}

test('one-channel sensors: provisional baseline, bands on the trends, "baseline needed", confirm, choose a range, remove', async ({ page, baseURL }, info) => {
  test.setTimeout(120_000)
  const t = tag(info)
  const machine = `base${t}`
  const fresh = `newb${t}`
  const shots = info.project.name === 'js-on'
  await login(page)

  const history = generateSensorHistory({ machineSeed: 77, phases: [{ cls: 'normal', recordings: 2 }, { cls: 'unbalance', recordings: 1 }, { cls: 'looseness', recordings: 1 }], seconds: 12 })
  for (const [i, rec] of history.recordings.entries()) await upload(page, machine, oneChannelCsv(rec), `2025-07-01T${String(8 + i).padStart(2, '0')}:00:00`)
  const short = generateSensorHistory({ machineSeed: 78, phases: [{ cls: 'normal', recordings: 1 }], seconds: 3.1 })
  await upload(page, fresh, oneChannelCsv(short.recordings[0]), '2025-07-01T08:00:00')

  // The overview: the fresh machine's tile says a baseline is needed, and why.
  await page.goto('/vibration/diagnosis')
  const freshTile = page.getByTestId('machine-tile').filter({ hasText: fresh })
  await expect(freshTile).toContainText('기준선 필요')
  await expect(freshTile.getByTestId('baseline-needed')).toContainText('기준선 없음, 신호 단위 모름, ISO 그룹·기초 미설정')
  await expect(page.getByTestId('machine-tile').filter({ hasText: machine })).not.toContainText('기준선 필요')
  if (shots) await screenshots(page, baseURL!, 'overview')

  // The fresh machine's page: its windows are grey ("not judged") on the timeline, and its sensor has no baseline.
  await freshTile.getByRole('link', { name: '기준선 정하기' }).click()
  await expect(page.getByTestId('baseline-1')).toContainText('없음 — 기준선 필요')
  await expect(page.getByTestId('baseline-1')).toContainText('지금까지 구간 2개 / 4개')
  await expect(page.getByTestId('fault-timeline').locator('rect[data-state="4"]')).toHaveCount(1)
  await expect(page.getByTestId('fault-timeline')).toContainText('판정 안 함 — 기준선 필요')
  if (shots) await screenshots(page, baseURL!, 'machine-no-baseline')

  // The learning machine: provisional baseline of its two healthy recordings, bands, and the faults on the timeline.
  await page.goto('/vibration/diagnosis')
  await page.getByTestId('machine-tile').filter({ hasText: machine }).getByRole('link', { name: '타임라인' }).click()
  const sensor = page.getByTestId('baseline-1')
  await expect(sensor).toContainText('임시')
  await expect(sensor).toContainText('녹화 2개의 구간')
  await expect(page.getByTestId('provisional-1')).toContainText('임시 기준선입니다 — 확정하거나 다른 기준선을 고르세요.')
  await expect(page.getByTestId('bands-1').locator('tbody tr')).toHaveCount(5)
  const timeline = page.getByTestId('fault-timeline')
  for (const state of ['0', '1', '2']) await expect(timeline.locator(`rect[data-state="${state}"]`).first()).toBeVisible()
  await expect(page.getByTestId('trend-oneX')).toContainText('센서 1 밴드')
  await expect(page.getByTestId('recording-summaries')).toContainText('임시 기준선')
  if (shots) await screenshots(page, baseURL!, 'machine-provisional', () => page.getByTestId('choose-baseline-1').locator('summary').click())

  // Confirm it: it becomes the marked baseline.
  await page.getByRole('button', { name: '센서 1 기준선 확정' }).click()
  await expect(page.getByTestId('toast')).toHaveText('센서 1의 기준선을 확정했습니다.')
  await expect(sensor).toContainText('지정됨')
  await expect(page.getByTestId('provisional-1')).toHaveCount(0)

  // Choose another: the first recording's minute only.
  const choose = page.getByTestId('choose-baseline-1')
  await choose.locator('summary').click()
  await choose.getByLabel('정상 구간 시작').fill('2025-07-01T07:59:00')
  await choose.getByLabel('정상 구간 끝').fill('2025-07-01T08:01:00')
  await choose.getByRole('button', { name: '이 구간을 기준선으로' }).click()
  await expect(page.getByTestId('toast')).toContainText('센서 1의 기준선을 구간 7개로 정했습니다.')
  await expect(sensor).toContainText('구간 7개')
  await expect(page.getByTestId('baseline-progress-1')).toContainText('녹화 4개 중 4개')
  if (shots) await screenshots(page, baseURL!, 'machine-marked')

  // Remove it (confirm step first): the provisional baseline is learned again.
  await sensor.getByText('센서 1의 기준선 지우기').first().click()
  await page.getByTestId('confirm-clear-baseline-1').getByRole('button', { name: '센서 1의 기준선 지우기' }).click()
  await expect(page.getByTestId('toast')).toContainText('센서 1의 기준선을 지웠습니다.')
  await expect(sensor).toContainText('임시')
})
