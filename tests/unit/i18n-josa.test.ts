import { describe, expect, test } from 'vitest'
import { translator } from '~/i18n'
import { interpolate, pickParticle, spokenEnding } from '~/i18n/josa'

describe('particles chosen from the word before them (es-hangul)', () => {
  test('a Hangul word with a final consonant takes 을/이/은/과/으로, one without takes 를/가/는/와/로', () => {
    expect(interpolate('{w}{을/를}', { w: '필름' })).toBe('필름을')
    expect(interpolate('{w}{을/를}', { w: '프린터' })).toBe('프린터를')
    expect(interpolate('{w}{이/가}', { w: '설비' })).toBe('설비가')
    expect(interpolate('{w}{이/가}', { w: '센서 축' })).toBe('센서 축이')
    expect(interpolate('{w}{은/는}', { w: '시간' })).toBe('시간은')
    expect(interpolate('{w}{와/과}', { w: '작업' })).toBe('작업과')
    expect(interpolate('{w}{와/과}', { w: '스풀' })).toBe('스풀과')
    expect(interpolate('{w}{와/과}', { w: '노즐 교체' })).toBe('노즐 교체와')
  })
  test('ㄹ takes 로, not 으로; other final consonants take 으로', () => {
    expect(interpolate('{w}{으로/로}', { w: '스풀' })).toBe('스풀로')
    expect(interpolate('{w}{으로/로}', { w: '선반' })).toBe('선반으로')
    expect(interpolate('{w}{으로/로}', { w: '프린터' })).toBe('프린터로')
  })
  test('a number is read in Korean: 3 (삼) and 10 (십) take 을, 2 (이) and 4 (사) take 를', () => {
    // es-hangul alone would give "3를": it reads only Hangul.
    expect(interpolate('{w}{을/를}', { w: 3 })).toBe('3을')
    expect(interpolate('{w}{을/를}', { w: 10 })).toBe('10을')
    expect(interpolate('{w}{을/를}', { w: 2 })).toBe('2를')
    expect(interpolate('{w}{을/를}', { w: '49.4' })).toBe('49.4를')
    expect(interpolate('{w}{을/를}', { w: 'SO-2026-103' })).toBe('SO-2026-103을')
    expect(interpolate('{w}{이/가}', { w: 'PO-json-1' })).toBe('PO-json-1이')
    expect(interpolate('{w}{으로/로}', { w: '0' })).toBe('0으로')
    expect(interpolate('{w}{으로/로}', { w: '1' })).toBe('1로')
  })
  test('a capital letter is read by its Korean name (L, M, N, R end in a consonant); a Latin word ending in -ng/-m/-n/-l ends in one too', () => {
    expect(interpolate('{w}{을/를}', { w: 'PLA' })).toBe('PLA를')
    expect(interpolate('{w}{을/를}', { w: 'ABS' })).toBe('ABS를')
    expect(interpolate('{w}{을/를}', { w: 'PETG' })).toBe('PETG를')
    expect(interpolate('{w}{을/를}', { w: 'TPU-L' })).toBe('TPU-L을')
    expect(interpolate('{w}{이/가}', { w: 'XM' })).toBe('XM이')
    expect(interpolate('{w}{으로/로}', { w: 'R' })).toBe('R로')
    expect(interpolate('{w}{을/를}', { w: 'gateway json' })).toBe('gateway json을')
    expect(interpolate('{w}{을/를}', { w: 'kim' })).toBe('kim을')
    expect(interpolate('{w}{으로/로}', { w: 'pool' })).toBe('pool로')
    expect(interpolate('{w}{이/가}', { w: 'printing' })).toBe('printing이')
    // Any other ending: es-hangul's reading (no final consonant).
    expect(interpolate('{w}{을/를}', { w: 'gateway' })).toBe('gateway를')
    expect(interpolate('{w}{을/를}', { w: 'Acme' })).toBe('Acme를')
    expect(spokenEnding('gateway')).toBe('gateway')
  })
  test('closing quotes and brackets between the word and its particle are skipped', () => {
    expect(interpolate('“{text}”{은/는} 숫자가 아닙니다.', { text: 'abc1' })).toBe('“abc1”은 숫자가 아닙니다.')
    expect(interpolate('“{text}”{은/는} 숫자가 아닙니다.', { text: '가나' })).toBe('“가나”는 숫자가 아닙니다.')
    expect(interpolate('필라멘트 {name}{을/를} 추가했습니다.', { name: 'PLA 검정 (Acme)' })).toBe('필라멘트 PLA 검정 (Acme)를 추가했습니다.')
    expect(pickParticle('(책)', '을/를')).toBe('을')
  })
  test('a placeholder left unfilled keeps its particle pair, and a value that contains a pair is not rewritten', () => {
    expect(interpolate('{name}{을/를} 만들었습니다.')).toBe('{name}{을/를} 만들었습니다.')
    expect(interpolate('{name}{을/를} 만들었습니다.', {})).toBe('{name}{을/를} 만들었습니다.')
    expect(interpolate('{a} {b}{이/가}', { a: '{을/를}', b: '책' })).toBe('{을/를} 책이')
    expect(interpolate('{a}{을/를}', { a: '' })).toBe('을')
  })
  test('an unknown pair is left as written', () => {
    expect(interpolate('{w}{가나/다라}', { w: '책' })).toBe('책{가나/다라}')
  })
})

describe('the translator fills particles in real messages', () => {
  const ko = translator('ko')
  test('toasts after creating records read as Korean', () => {
    expect(ko('orders.created', { reference: 'SO-2026-103' })).toBe('주문 SO-2026-103을 등록했습니다.')
    expect(ko('orders.created', { reference: 'SO-2026-104' })).toBe('주문 SO-2026-104를 등록했습니다.')
    expect(ko('products.created', { name: '드론 프레임' })).toBe('제품 드론 프레임을 등록했습니다.')
    expect(ko('products.created', { name: '키링' })).toBe('제품 키링을 등록했습니다.')
    expect(ko('admin.userCreated', { username: 'kim' })).toBe('사용자 kim을 만들었습니다.')
    expect(ko('schedule.error.overlap', { reference: 'J-7', from: '09:00', to: '10:00' })).toBe('작업 J-7과 겹칩니다 (09:00 – 10:00).')
  })
  test('English messages are untouched', () => {
    expect(translator('en')('orders.created', { reference: 'SO-1' })).toBe('Order SO-1 created.')
  })
})
