/**
 * The planning board's grid as a string, for the server (issue 17 item 4, issue 20): the same markup, byte for byte,
 * as `renderToString(<GanttGrid …/>)` (./gantt.tsx), which the browser renders and hydrates against it — React
 * building ~2,000 bars and groups per request cost the server ~6–8 ms of a cold Gantt request; this costs a tenth of
 * that. tests/unit/gantt-html.test.ts compares both for the board's every shape (property-tested).
 *
 * Rules followed (React 18's server renderer): attributes in the order the component writes them, `className` as
 * `class`, absent (`undefined`) attributes and style values left out, text and attribute values escaped the same way,
 * custom properties written `--l:12.5;--w:3`.
 */
import type { BoardData, BoardItem, BoardRow } from '~/domain/scheduling/gantt-board'
import { sheetParam } from '~/domain/scheduling/gantt-board'
import type { JobStatus } from '~/domain/scheduling/jobs'
import type { Locale, Translate } from '~/i18n'
import { localeTag } from '~/utils/format'
import { dateTimeFormat } from '~/utils/intl'

/**
 * Short state classes (the `.gb` rules in app/styles.css): colour plus a glyph in front of the label — ○ planned,
 * ▶ printing, ✓ done, ✕ failed — so the state never rests on colour alone.
 */
export const stateClass: Record<JobStatus, string> = {
  planned: 's-p',
  printing: 's-r',
  done: 's-d',
  failed: 's-f',
  cancelled: 's-c',
}

/** Day headers name the weekday in the reader's language; a local date is formatted as that day's noon UTC. */
export function dayLabeller(locale: Locale): (date: string) => string {
  const f = dateTimeFormat(localeTag(locale), { weekday: 'short', month: 'numeric', day: 'numeric', timeZone: 'UTC' })
  return (date) => f.format(new Date(`${date}T12:00:00Z`))
}

/** The links' query: the board's zoom and start (a group's sheet link adds `&sheet=`). */
export const boardQuery = (board: Pick<BoardData, 'zoom' | 'start'>) => `?zoom=${board.zoom}&start=${board.start}`

/** A bar's classes. */
export const barClass = (j: { st: JobStatus; lk?: 1; late?: 1 }) => `gb ${stateClass[j.st]}${j.lk ? ' lk' : ''}${j.late ? ' late' : ''}`

/** A group's classes. */
export const groupClass = (g: { st: JobStatus; late?: 1 }) => `gb gg ${stateClass[g.st]}${g.late ? ' late' : ''}`

const ESC: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&#x27;', '<': '&lt;', '>': '&gt;' }
/** React's escaping of text and attribute values. */
export const esc = (v: string | number) => {
  const s = String(v)
  return /["&'<>]/.test(s) ? s.replace(/["&'<>]/g, (c) => ESC[c]) : s
}

const attr = (name: string, v: string | number | undefined) => (v === undefined ? '' : ` ${name}="${esc(v)}"`)

/** A `style` attribute of custom properties (none: no attribute). */
function style(v: Record<string, string | number | undefined>): string {
  let out = ''
  for (const k in v) {
    const x = v[k]
    if (x === undefined || x === '') continue
    out += `${out ? ';' : ''}${k}:${esc(String(x).trim())}`
  }
  return out ? ` style="${out}"` : ''
}

export function ganttGridHtml(board: BoardData, t: Translate, locale: Locale): string {
  const day = dayLabeller(locale)
  const query = boardQuery(board)
  const ticks = board.ticks.length > 0
  let out = `<div class="g-in"><div class="g-hd"><div class="g-pc">${esc(t('schedule.printer'))}</div><div class="${ticks ? 'g-axis g-axis2' : 'g-axis'}">`
  for (const d of board.days) out += `<span class="g-day"${style({ '--l': d.l, '--w': d.w })}>${esc(day(d.date))}</span>`
  for (const k of board.ticks) out += `<span class="g-tick"${style({ '--l': k.l })}>${esc(String(k.h).padStart(2, '0'))}</span>`
  out += `</div></div><div class="${ticks ? 'g-lines g-lines2' : 'g-lines'}" aria-hidden="true">`
  for (const d of board.days.slice(1)) out += `<i${style({ '--l': d.l })}></i>`
  for (const k of board.ticks) out += `<i class="t"${style({ '--l': k.l })}></i>`
  out += '</div>'
  for (const row of board.rows) out += rowHtml(row, board.now, query, t)
  return out + '</div>'
}

function rowHtml(row: BoardRow, now: number | null, query: string, t: Translate): string {
  let out = `<div class="g-row" data-testid="gantt-row"${attr('data-printer', row.label)}${attr('data-pid', row.id)}><div class="g-pc"><a${attr('href', `/printers/${row.id}`)} data-nav="">${esc(row.label)}</a>`
  if (row.status !== 'active') out += `<p class="g-ps">${esc(t(`printers.status.${row.status}` as never))}</p>`
  out += `</div><div class="g-tr"${row.lanes > 1 ? style({ '--n': row.lanes }) : ''}>`
  for (let i = 0; i < row.off.length; i += 2) out += `<i class="g-off"${style({ '--l': row.off[i], '--w': row.off[i + 1] })}></i>`
  for (let i = 0; i < row.mnt.length; i += 2) out += `<i class="g-mnt"${style({ '--l': row.mnt[i], '--w': row.mnt[i + 1] })}></i>`
  for (const it of row.items) out += it.b ? barHtml(it, t) : groupHtml(it, `${query}&sheet=${sheetParam(row.id, it.g!)}`, t)
  if (now !== null) out += `<i class="g-now"${style({ '--l': now })} data-testid="now-line"></i>`
  return out + '</div></div>'
}

function barHtml(item: BoardItem, t: Translate): string {
  const j = item.b!
  return (
    `<a${attr('href', `/schedule/jobs/${j.id}`)} data-nav="" data-testid="gantt-job"${attr('data-job', j.id)}${attr('data-s', j.s)}${attr('data-e', j.e)}` +
    `${j.st === 'planned' && !j.lk ? ' data-movable=""' : ''}${attr('data-v', j.v)}${attr('class', barClass(j))}${style({ '--l': item.l, '--w': item.w, '--n': item.n, '--c': j.hx })}>` +
    `<b>${esc(j.r)}</b><span>${esc(t('schedule.barRest', { product: j.p, units: j.u }))}</span></a>`
  )
}

function groupHtml(item: BoardItem, href: string, t: Translate): string {
  const g = item.g!
  return (
    `<a${attr('href', href)} data-nav="" data-keep="" data-testid="gantt-group"${attr('data-s', g.s)}${attr('data-e', g.e)}${attr('class', groupClass(g))}${style({ '--l': item.l, '--w': item.w, '--n': item.n })}>` +
    `<b>${esc(t('schedule.group.count', { count: g.c }))}</b><span>${esc(g.r)}</span></a>`
  )
}
