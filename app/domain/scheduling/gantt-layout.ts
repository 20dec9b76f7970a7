/**
 * The pure pieces of the planning board's geometry (issue 17): lanes, the width a bar needs for its label, and the
 * grouping of jobs too short to be tapped on their own.
 *
 * - Lanes: a printer has one lane; a job goes to a second lane only when it truly overlaps another in time (which live
 *   jobs cannot; a finished job may). Never for label width.
 * - Every item on the board is at least a tap target wide (44 px at the narrowest track, GANTT_TRACK_MIN_PX) and wide
 *   enough to show its order number whole (the rest of the label — product, quantity — is cut by CSS with an ellipsis).
 * - Jobs that cannot each get that width without covering their neighbours become one group, drawn over their combined
 *   time; a group opens a sheet listing its jobs.
 *
 * Geometry here is in fractions of the visible period (0…1); the caller turns them into percent.
 */

/**
 * The narrowest time track the board is laid out for (41rem): a tablet held upright, 820 px, minus the page padding
 * (2 × 24 px) and the printer column (7rem = 112 px) leaves 660 px. The CSS gives the track at least this width.
 */
export const GANTT_TRACK_MIN_PX = 656
/** Smallest tap target (WCAG 2.5.5) — every bar and group is at least this wide and tall on screen. */
export const GANTT_TAP_PX = 44
/** Bars and groups are drawn 2 px narrower than their slot (a gap between neighbours), so they get this much room. */
export const GANTT_ITEM_MIN_PX = GANTT_TAP_PX + 4
/** Padding, the colour edge and the state glyph around a bar's label, in px. */
const BAR_CHROME_PX = 34
/** The lock sign in front of a locked job's label, and the "!" of a late one. */
const LOCK_PX = 18
const LATE_PX = 9

/**
 * Estimated width in px of `text` in the bar's font (12 px, semibold): generous per-class averages, so a label that is
 * estimated to fit does fit (Hangul and other wide characters ≈ one em, capitals and digits ≈ 0.75 em).
 */
const WIDE = /[A-Z@%&]/
const DIGIT = /[0-9#$?]/
const LOWER = /[a-z]/

export function textWidthPx(text: string, fontPx = 12): number {
  let em = 0
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60))) em += 1.05
    else if (WIDE.test(ch)) em += 0.78
    else if (DIGIT.test(ch)) em += 0.66
    else if (LOWER.test(ch)) em += ch === 'i' || ch === 'l' || ch === 'j' ? 0.32 : ch === 'm' || ch === 'w' ? 0.95 : 0.6
    else if (ch === ' ' || ch === '.' || ch === ',' || ch === ':' || ch === ';' || ch === "'" || ch === '|') em += 0.34
    else if (ch === '-' || ch === '_' || ch === '/' || ch === '(' || ch === ')') em += 0.42
    else em += 0.8
  }
  return em * fontPx
}

/** The width in px a bar needs to show its order number whole, with its lock and late signs (and to be a tap target). */
export function barMinPx(reference: string, flags: { locked?: boolean; late?: boolean } = {}): number {
  const signs = (flags.locked ? LOCK_PX : 0) + (flags.late ? LATE_PX : 0)
  return Math.max(GANTT_ITEM_MIN_PX, Math.ceil(referenceWidth(reference) + BAR_CHROME_PX + signs))
}

// Order numbers repeat across a week's jobs (and across requests): their widths are remembered (a bounded memo).
const widths = new Map<string, number>()
function referenceWidth(reference: string): number {
  let w = widths.get(reference)
  if (w === undefined) {
    if (widths.size >= 20_000) widths.clear()
    w = textWidthPx(reference)
    widths.set(reference, w)
  }
  return w
}

/** The width in px a group needs to show its label (e.g. "3 jobs") whole. */
export function groupMinPx(label: string): number {
  return Math.max(GANTT_ITEM_MIN_PX, Math.ceil(textWidthPx(label) + BAR_CHROME_PX - 4))
}

export interface Interval {
  start: number
  end: number
}

/**
 * Lane of each interval (same order as given): intervals are taken by start and each goes to the lowest lane that is
 * free at its start (an interval ending exactly when another starts leaves the lane free). The number of lanes is the
 * largest number of intervals that overlap at one instant — 1 when none overlap.
 */
export function assignLanes(intervals: ReadonlyArray<Interval>): { lanes: number[]; count: number } {
  const order = intervals.map((_, i) => i).sort((a, b) => intervals[a].start - intervals[b].start || intervals[a].end - intervals[b].end || a - b)
  const laneEnds: number[] = []
  const lanes = new Array<number>(intervals.length).fill(0)
  for (const i of order) {
    const { start, end } = intervals[i]
    let lane = laneEnds.findIndex((e) => e <= start)
    if (lane === -1) lane = laneEnds.push(end) - 1
    else laneEnds[lane] = end
    lanes[i] = lane
  }
  return { lanes, count: Math.max(1, laneEnds.length) }
}

export interface PackInput extends Interval {
  /** Narrowest this job may be drawn on its own (fraction of the period). */
  min: number
}

/** Narrowest a group of `count` jobs may be drawn (fraction of the period). */
export type GroupMin = (count: number) => number

export interface PackedItem {
  /** Indices into the input; one for a bar, two or more for a group. */
  members: number[]
  left: number
  width: number
}

interface Work {
  members: number[]
  start: number
  end: number
  left: number
  right: number
}

const EPS = 1e-9

/**
 * Packs the jobs of ONE lane (intervals that do not overlap, in fractions of the period, clipped to 0…1) into bars and
 * groups: a job is drawn from its start, at least `min` wide (its own label width) and at least to its end; when that
 * would cover the previous item, the two become a group, drawn from the first start to the last end and at least
 * `groupMin(count)` wide. Items never overlap, never leave 0…1 (one that would run past the end is drawn further left),
 * and every job is in exactly one item. Input order does not matter.
 */
export function packLane(jobs: ReadonlyArray<PackInput>, groupMin: GroupMin): PackedItem[] {
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[a].start - jobs[b].start || jobs[a].end - jobs[b].end || a - b)
  // Sets left/right of `w` from its span and the width it needs (in place: a week of short jobs merges many times).
  const place = (w: Work): Work => {
    const min = Math.min(1, w.members.length === 1 ? jobs[w.members[0]].min : groupMin(w.members.length))
    const width = Math.max(w.end - w.start, min)
    w.left = Math.max(0, Math.min(w.start, 1 - width))
    w.right = w.left + width
    return w
  }
  const out: Work[] = []
  for (const i of order) {
    out.push(place({ members: [i], start: jobs[i].start, end: jobs[i].end, left: 0, right: 0 }))
    while (out.length >= 2 && out[out.length - 2].right > out[out.length - 1].left + EPS) {
      const b = out.pop()!
      const a = out[out.length - 1]
      for (const m of b.members) a.members.push(m)
      a.start = Math.min(a.start, b.start)
      a.end = Math.max(a.end, b.end)
      place(a)
    }
  }
  return out.map((w) => ({ members: w.members, left: w.left, width: w.right - w.left }))
}
