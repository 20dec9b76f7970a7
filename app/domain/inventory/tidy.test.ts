import { describe, expect, it } from 'vitest'
import { normalizeLabel } from './keys'
import { tidy } from './tidy'

describe('tidy', () => {
  it('trims, collapses inner whitespace and folds full-width characters but keeps the case', () => {
    expect(tidy('  Matte \t\n Black ')).toBe('Matte Black')
    expect(tidy('ＰＬＡ')).toBe('PLA')
    expect(tidy('검정')).toBe('검정')
  })

  it('stores what the pooling key compares, up to case', () => {
    const raw = ' Silk\u3000 Gold '
    expect(tidy(raw).toLowerCase()).toBe(normalizeLabel(raw))
  })
})
