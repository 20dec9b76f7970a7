import { expect, test } from './fixtures'
import { login, tag } from './helpers'

/** A headerless four-channel recording of `n` rows (about 42 bytes a row). */
function recording(n: number, bad: number[] = []): Buffer {
  const lines: string[] = []
  for (let k = 0; k < n; k++) {
    lines.push(`${(k / 1360).toFixed(7)},${Math.sin(k / 5).toFixed(6)},${Math.cos(k / 9).toFixed(6)},${bad.includes(k + 1) ? 'x' : (k % 17) / 10},${-k / 1000}`)
  }
  return Buffer.from(lines.join('\n') + '\n')
}

type Seen = { phase: string | null; value: number | null; read: boolean; bytes: string }

test('with JavaScript the upload shows a progress bar that reaches 100 %, then the server steps, then the report', async ({ page }, info) => {
  test.skip(info.project.use.javaScriptEnabled === false, 'the progress bar needs JavaScript')
  const machine = `prog${tag(info)}`
  // Every state the progress panel goes through, recorded in the page as it changes (the page navigates client-side to
  // the report, so the record survives and is read once the report is there).
  await page.addInitScript(() => {
    const seen: Seen[] = []
    ;(window as unknown as { __uploadSeen: Seen[] }).__uploadSeen = seen
    new MutationObserver(() => {
      const panel = document.querySelector('[data-testid="upload-progress"]')
      if (!panel) return
      const bar = panel.querySelector<HTMLProgressElement>('[data-testid="upload-bar"]')
      seen.push({
        phase: panel.getAttribute('data-phase'),
        value: bar ? bar.value : null,
        read: panel.querySelector('[data-testid="step-read"]') !== null,
        bytes: panel.querySelector('[data-testid="upload-bytes"]')?.textContent ?? '',
      })
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
  })
  await login(page)
  await page.goto('/vibration/upload')
  await expect(page.getByTestId('machine-rule')).toContainText('새 이름을 입력하세요')
  await page.getByLabel('녹화 시각').fill('2025-06-01T08:00:00')
  // About 5 MB: the server takes a moment to read and store it, so its progress shows between the bytes and the report.
  await page.getByLabel('CSV 파일').setInputFiles([{ name: `${machine}_sensor1.csv`, mimeType: 'text/csv', buffer: recording(120_000) }])
  await expect(page.getByLabel('새 설비 (목록에 없을 때)')).toHaveValue(machine)
  await page.getByRole('button', { name: '업로드', exact: true }).click()

  await expect(page).toHaveURL(/\/vibration\/imports\/[0-9a-f-]{36}$/, { timeout: 60_000 })
  await expect(page.getByTestId('toast')).toHaveText('업로드 완료: 가져옴 1개, 이미 가져옴 0개, 실패 0개.')
  await expect(page.getByTestId('rows-imported')).toHaveText('120,000')
  const seen = await page.evaluate(() => (window as unknown as { __uploadSeen: Seen[] }).__uploadSeen)
  expect(seen.some((s) => s.phase === 'sending')).toBe(true)
  expect(seen.some((s) => s.value === 100)).toBe(true)
  expect(seen.some((s) => s.read)).toBe(true)
  expect(seen.some((s) => /^[\d.]+ MB 중 [\d.]+ MB 보냄 \(100\s%\)/.test(s.bytes))).toBe(true)
  expect(seen.at(-1)?.phase).toBe('done')
})

test('a plain upload lands on the report, whose headline names the first bad line and why', async ({ page }, info) => {
  const machine = `plain${tag(info)}`
  await login(page)
  await page.goto('/vibration/upload')
  await page.getByLabel('녹화 시각').fill('2025-06-02T08:00:00')
  await page.getByLabel('CSV 파일').setInputFiles([{ name: `${machine}_sensor2.csv`, mimeType: 'text/csv', buffer: recording(50, [7, 9]) }])
  await page.getByRole('button', { name: '업로드', exact: true }).click()
  await expect(page).toHaveURL(/\/vibration\/imports\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('toast')).toHaveText('업로드 완료: 가져옴 0개, 이미 가져옴 0개, 실패 1개.')
  await expect(page.getByTestId('import-headline')).toHaveText(/^7번째 줄: “x”/)
  await expect(page.getByRole('alert')).toContainText('아래 표에 문제가 모두 2개 있습니다.')
  await expect(page.getByTestId('problems').locator('tbody tr')).toHaveCount(2)

  // And a good file without JavaScript (or with) lands on its report, stored.
  await page.goto('/vibration/upload')
  await page.getByLabel('녹화 시각').fill('2025-06-02T09:00:00')
  await page.getByLabel('CSV 파일').setInputFiles([{ name: `${machine}_sensor3.csv`, mimeType: 'text/csv', buffer: recording(300) }])
  await page.getByRole('button', { name: '업로드', exact: true }).click()
  await expect(page).toHaveURL(/\/vibration\/imports\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('rows-imported')).toHaveText('300')
  await expect(page.getByRole('status').filter({ hasText: '300행을 저장했습니다' })).toBeVisible()
})
