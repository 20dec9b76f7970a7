import { expect, test } from 'vitest'
import { CHART_FONT_SIZE, ITEM_CHART_MAX_WIDTH, itemChartLayout } from '~/components/charts/chart-frame'

/**
 * A chart of one bar (group) per item — printers, materials, colours — keeps its text legible on a tablet whatever the
 * number of items: side by side only while it is at most ITEM_CHART_MAX_WIDTH wide (its 15-unit text then shows at
 * 12 px or more in a portrait tablet's ~760 px content column), else one row per item, 560 wide, growing in height.
 */
const PORTRAIT_COLUMN = 760

test('any number of items: the chart text shows at 12 px or more in a portrait column', () => {
  for (let items = 1; items <= 300; items++) {
    for (const perItem of [36, 48, 70]) {
      const { layout, width, height } = itemChartLayout(items, perItem, 30)
      const onScreen = CHART_FONT_SIZE * Math.min(1, PORTRAIT_COLUMN / width)
      expect(onScreen, `${items} items × ${perItem}`).toBeGreaterThanOrEqual(12)
      if (layout === 'vertical') {
        expect(width).toBeLessThanOrEqual(ITEM_CHART_MAX_WIDTH)
        expect(height).toBeUndefined()
      } else {
        expect(80 + items * perItem).toBeGreaterThan(ITEM_CHART_MAX_WIDTH)
        expect(height).toBe(48 + items * 30)
      }
    }
  }
})

test('50 printers (36 units each) are drawn a row each; 12 printers side by side', () => {
  expect(itemChartLayout(50, 36, 26).layout).toBe('horizontal')
  expect(itemChartLayout(12, 36, 26)).toEqual({ layout: 'vertical', width: 512 })
})
