import { describe, expect, it } from 'vitest'
import { netDrawnBySpool } from './job-returns'

describe('netDrawnBySpool', () => {
  it('lists the latest-drawn spool first with what the job still holds from each', () => {
    // newest first: a 300 mg draw from B, then (older) 200 mg and 500 mg draws from A
    const usage = [
      { spoolId: 'B', deltaMg: -300 },
      { spoolId: 'A', deltaMg: -200 },
      { spoolId: 'A', deltaMg: -500 },
    ]
    expect(netDrawnBySpool(usage)).toEqual([
      { spoolId: 'B', netMg: 300 },
      { spoolId: 'A', netMg: 700 },
    ])
  })

  it('subtracts what was already given back', () => {
    const usage = [
      { spoolId: 'A', deltaMg: 400 },
      { spoolId: 'A', deltaMg: -1000 },
    ]
    expect(netDrawnBySpool(usage)).toEqual([{ spoolId: 'A', netMg: 600 }])
  })

  it('is empty for a job that drew nothing', () => {
    expect(netDrawnBySpool([])).toEqual([])
  })
})
