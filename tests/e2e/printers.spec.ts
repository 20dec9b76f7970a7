import { expect, test } from './fixtures'
import { login, tag } from './helpers'

// The label test opens the printer the first test registered.
test.describe.configure({ mode: 'serial' })

test('register a printer, set its calendar, log a nozzle change and see when it is next due', async ({ page }, info) => {
  const assetId = `E2E-${tag(info).toUpperCase()}`
  // With JavaScript on, the pages hydrate without errors (no server/client mismatch in charts or dates).
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  // The deliberate bad calendar below answers 400; the browser logs that, which is expected.
  page.on('console', (m) => (m.type() === 'error' && !m.text().includes('status of 400') ? problems.push(m.text()) : undefined))
  await login(page)
  await page.goto('/printers')
  await page.getByRole('link', { name: '새 프린터' }).click()
  await expect(page).toHaveURL(/\/printers\/new$/)

  await page.getByLabel('자산 번호').fill(assetId)
  await page.getByLabel('이름').fill('Prusa MK4 bench')
  await page.getByLabel('모델').fill('MK4')
  await page.getByLabel('위치').fill('A-1')
  await page.getByLabel('가동 시간', { exact: true }).selectOption('weekdays_09_21')
  await page.getByRole('button', { name: '프린터 등록' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`프린터 ${assetId}를 등록했습니다.`)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(assetId)
  await expect(page.getByTestId('weekly-hours')).toHaveText('주 60시간')

  // A range that ends before it starts is a field error; nothing is saved.
  await page.getByLabel('월요일').fill('21:00-09:00')
  await page.getByRole('button', { name: '가동 시간 저장' }).click()
  await expect(page.getByText('종료가 시작보다 뒤여야 합니다. 자정을 넘는 구간은 두 요일로 나누세요.')).toBeVisible()
  await expect(page.getByTestId('weekly-hours')).toHaveText('주 60시간')

  await page.getByLabel('월요일').fill('08:00-20:00')
  await page.getByLabel('토요일').fill('10:00-14:00')
  await page.getByRole('button', { name: '가동 시간 저장' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`${assetId}의 가동 시간을 저장했습니다.`)
  await expect(page.getByTestId('weekly-hours')).toHaveText('주 64시간')
  await expect(page.getByLabel('토요일')).toHaveValue('10:00-14:00')

  // The operator's one-tap log at the machine.
  await page.getByLabel('출력 시간 (계기)', { exact: true }).fill('250')
  // Enter in a text field must not log anything by accident: it asks for the type of work.
  await page.getByLabel('부품', { exact: true }).fill('0.4 mm brass')
  await page.getByLabel('부품', { exact: true }).press('Enter')
  await expect(page.getByText('작업 종류를 선택하세요.')).toBeVisible()
  await expect(page.getByTestId('history-table')).toHaveCount(0)
  await expect(page.getByLabel('출력 시간 (계기)', { exact: true })).toHaveValue('250')
  const nozzle = page.getByRole('button', { name: '노즐 교체', exact: true })
  expect((await nozzle.boundingBox())!.height).toBeGreaterThanOrEqual(44)
  await nozzle.click()
  await expect(page.getByTestId('toast')).toHaveText(`${assetId}에 노즐 교체 기록을 남겼습니다.`)
  await expect(page.getByTestId('counter')).toHaveText('250 h')
  await expect(page.getByTestId('next-due-nozzle_change')).toContainText('750시간 시점')
  await expect(page.getByTestId('due-nozzle_change')).toContainText('정상')
  await expect(page.getByTestId('history-table')).toContainText('노즐 교체')

  await page.getByRole('link', { name: '전체 프린터' }).click()
  await expect(page.getByTestId(`printer-row-${assetId}`)).toContainText('Prusa MK4 bench')
  await expect(page.getByTestId(`printer-row-${assetId}`)).toContainText('64')
  expect(problems).toEqual([])
})

test('the QR label page shows a QR code for the printer', async ({ page }, info) => {
  const assetId = `E2E-${tag(info).toUpperCase()}`
  await login(page)
  await page.goto('/printers')
  await page.getByRole('link', { name: assetId }).click()
  await page.getByRole('link', { name: 'QR 라벨' }).click()
  await expect(page.getByTestId('qr-label')).toContainText(assetId)
  await expect(page.getByTestId('qr-label').locator('svg')).toBeVisible()
})
