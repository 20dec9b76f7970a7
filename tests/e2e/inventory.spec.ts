import { expect, test } from './fixtures'
import { login, tag, particle } from './helpers'

// Runs in both the js-on and js-off projects: every step is a real form post or a GET form.
test('add a filament and two spools, weigh one, and see the outlook turn red when a job exceeds the stock', async ({ page }, info) => {
  const colour = `E2E Black ${tag(info)}`
  const pool = `PETG · ${colour}`
  await login(page)

  // 1. A filament.
  await page.goto('/inventory/filaments')
  await page.getByLabel('재질', { exact: true }).fill('PETG')
  await page.getByLabel('색상', { exact: true }).fill(colour)
  await page.getByLabel('색상 코드').fill('#1a1a1a')
  await page.getByLabel('브랜드').fill('Acme')
  await page.getByLabel('재고 부족 기준 (g)').fill('200')
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`필라멘트 PETG ${colour} (Acme)${particle(`PETG ${colour} (Acme)`, '을/를')} 추가했습니다.`)
  await expect(page.getByTestId('filament-row').filter({ hasText: colour })).toBeVisible()

  // 2. Two spools in two batches (1000 g net, 250 g empty spool each).
  for (const batch of ['A1', 'A2']) {
    await page.goto('/inventory/spools/new')
    await page.getByLabel('필라멘트').selectOption({ label: `${pool} · Acme` })
    await page.getByLabel('배치 / 로트').fill(batch)
    await page.getByLabel('입고 시 순중량 (g)').fill('1000')
    await page.getByLabel('빈 스풀 무게 (g)').fill('250')
    await page.getByRole('button', { name: '만들기' }).click()
    await expect(page.getByTestId('toast')).toHaveText(`PETG ${colour} 스풀을 추가했습니다.`)
    await expect(page.getByTestId('remaining')).toHaveText('1,000.0')
  }

  // 3. Weigh the second spool: a reading below the empty spool is refused with a field message, then 1150 g → 900 g.
  const gross = page.getByLabel('저울 총중량 (g)')
  await gross.fill('200')
  await page.getByRole('button', { name: '무게 기록' }).click()
  await expect(page.getByText('총중량이 빈 스풀 무게보다 작습니다.', { exact: false })).toBeVisible()
  await expect(page.getByTestId('remaining')).toHaveText('1,000.0')
  await page.getByLabel('저울 총중량 (g)').fill('1150')
  await page.getByRole('button', { name: '무게 기록' }).click()
  await expect(page.getByTestId('toast')).toHaveText('계량 완료: 900.0 g 남았습니다.')
  await expect(page.getByTestId('remaining')).toHaveText('900.0')
  await expect(page.getByTestId('usage-history')).toContainText('계량')

  // The list groups the pool with a subtotal per batch and a swatch on every row.
  await page.goto(`/inventory?colour=${encodeURIComponent(colour)}`)
  await expect(page.getByTestId('spool-row')).toHaveCount(2)
  await expect(page.getByTestId('spool-row').first().getByTestId('swatch')).toBeVisible()
  await expect(page.getByTestId('batch-subtotal')).toHaveText(['배치 A1: 스풀 1개 · 1,000.0 g', '배치 A2: 스풀 1개 · 900.0 g'])

  // 4. Outlook: with no plan the pool is sufficient; "enough for this job?" with 2500 g turns it short (red, text + icon).
  await page.goto('/inventory/outlook')
  const row = page.getByTestId('outlook-row').filter({ hasText: colour })
  await expect(row).toHaveAttribute('data-status', 'sufficient')
  await expect(row).toContainText('1,900.0')

  await page.getByLabel('재질 · 색상').selectOption({ label: pool })
  await page.getByLabel('필요량 (g)').fill('2500')
  await page.getByLabel('예정일').fill('2030-06-15')
  await page.getByRole('button', { name: '확인' }).click()
  await expect(page).toHaveURL(/\/inventory\/outlook\?filament=/)
  const result = page.getByTestId('check-result')
  await expect(result).toHaveAttribute('data-status', 'short')
  await expect(result).toContainText('600.0 g 모자랍니다. 2030-06-15 이 작업에서 소진됩니다.')
  // The badge says 부족 once; the sentence does not repeat it.
  await expect(result).not.toContainText(/부족.*부족/)
  const shortRow = page.getByTestId('outlook-row').filter({ hasText: colour })
  await expect(shortRow).toHaveAttribute('data-status', 'short')
  await expect(shortRow).toContainText('✖')
  await expect(shortRow).toContainText('부족')
  await expect(shortRow).toContainText('600.0')
  await expect(shortRow).toHaveCSS('background-color', 'rgb(254, 242, 242)')

  // A job that fits leaves it sufficient.
  await page.getByLabel('필요량 (g)').fill('500')
  await page.getByRole('button', { name: '확인' }).click()
  await expect(page.getByTestId('check-result')).toHaveAttribute('data-status', 'sufficient')
  await expect(page.getByTestId('check-result')).toContainText('1,400.0 g 남습니다')
})
