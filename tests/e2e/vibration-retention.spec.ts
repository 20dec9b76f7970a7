import { expect, test } from './fixtures'
import { login, OWNER, tabletScreenshots, tag } from './helpers'

// Issue #19 item 5: the raw-data retention job is visible on the machines page — its policy, its last runs — and a
// manager can run it now (a confirm step first; a plain POST, so also without JavaScript: both projects run this).

test('the machines page shows the retention policy and its runs, and runs it now after asking', async ({ page, baseURL }, info) => {
  await login(page)
  await page.goto('/vibration/machines')
  const card = page.getByTestId('retention')
  await expect(card).toContainText('원시 샘플은 90일 동안 보관한 뒤 한 주 단위로 삭제합니다')

  // The first tap only asks.
  const confirm = card.getByTestId('retention-confirm')
  await confirm.getByText('지금 실행').first().click()
  await expect(confirm).toContainText('90일이 지난 원시 샘플을 지금 삭제할까요?')
  await confirm.getByRole('button', { name: '지금 실행' }).click()
  await expect(page.getByTestId('toast')).toContainText('보존 정리를 실행했습니다')
  await expect(page).toHaveURL(/\/vibration\/machines$/)

  // The run is listed, with who asked for it.
  const runs = page.getByTestId('retention-runs')
  await expect(runs.getByRole('row').filter({ hasText: `${OWNER.username} 실행` }).first()).toContainText('완료')
  const button = confirm.getByText('지금 실행').first()
  expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44)
  if (tag(info) === 'json') await tabletScreenshots(page, baseURL!, 'vibration-retention', 'machines')
})
