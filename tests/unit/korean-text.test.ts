import { expect, test } from 'vitest'
import { ko } from '~/i18n/ko'

// A Korean message never leaves the particle to the reader ("주문 {reference}을(를) 등록했습니다"): after a placeholder it
// is a pair the translator picks from the value ("{reference}{을/를}", app/i18n/josa.ts); after a fixed word it is simply
// the right one. No exceptions.
const TEMPLATE = /\((?:를|을|가|이|과|와|는|은|으|로|으로|이나|이라)\)|[을를이가은는와과]\([을를이가은는와과]\)/u

test('no Korean message carries a particle template like 을(를), 이(가), 은(는), 와(과) or (으)로', () => {
  const offenders = Object.entries(ko).filter(([, text]) => TEMPLATE.test(text))
  expect(offenders).toEqual([])
})

test('the check catches every spelling of a template', () => {
  for (const text of ['{name}을(를)', '{a}이(가)', '{b}은(는)', '{c}와(과)', '{d}(으)로', '{e}(로)', '{f}를(을)', '{g}(이)나'])
    expect(TEMPLATE.test(text), text).toBe(true)
  for (const text of ['{name}{을/를} 저장했습니다.', '필터를 적용', '(주)회사', '재고 (g)']) expect(TEMPLATE.test(text), text).toBe(false)
})

test('every particle pair in a Korean message follows a placeholder and is one the translator knows', async () => {
  const { particles } = await import('~/i18n/josa')
  for (const [key, text] of Object.entries(ko)) {
    for (const m of text.matchAll(/\{([가-힣]+\/[가-힣]+)\}/gu)) {
      expect(particles as readonly string[], key).toContain(m[1])
      expect(text.slice(0, m.index), key).toMatch(/\}[”"')\]]*$/u)
    }
  }
})
