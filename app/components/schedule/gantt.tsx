import { useNavigate } from '@remix-run/react'
import type { CSSProperties, MouseEvent, Ref } from 'react'
import type { BoardData, BoardItem, BoardRow } from '~/domain/scheduling/gantt-board'
import { sheetParam } from '~/domain/scheduling/gantt-board'
import type { Locale, Translate } from '~/i18n'
import { useLocale, useT } from '~/utils/i18n'
import { CachedChart } from '../charts/cached-chart'
import { barClass, boardQuery, dayLabeller, ganttGridHtml, groupClass, stateClass } from './gantt-html'

/** Custom properties of the board's CSS (`--l` left %, `--w` width %, `--n` lane, `--c` filament colour). */
const vars = (v: Record<string, string | number | undefined>) => v as CSSProperties

/**
 * The planning board as HTML/CSS (server-rendered, no JavaScript needed): a sticky printer column and a time track that
 * fits the page at every zoom (it scrolls sideways inside its own box only below 736 px). Each bar is a link to its job;
 * each group a link that opens the sheet of its jobs (`?sheet=`, kept in the URL).
 *
 * For the drag and live work (issue 17, items 2–3) the markup carries: on the board `data-from` (period start, epoch ms)
 * and `data-zoom`; on each row `data-pid` (printer id); on each bar `data-job` (job id), `data-s`/`data-e` (start and
 * end in minutes from `data-from`) and `data-movable` when the job may be moved (planned and not locked), `data-v` its
 * version when the read model gives it. The drag itself: ./gantt-drag.tsx; live updates: ./gantt-live.tsx.
 */
export function Gantt({ board, renderKey = null, boardRef }: { board: BoardData; renderKey?: string | null; boardRef?: Ref<HTMLDivElement> }) {
  const locale = useLocale()
  const t = useT()
  const navigate = useNavigate()
  // The board's links are plain <a data-nav> (thousands of <Link>s cost the server real time per render, and the memoised
  // markup is rendered outside the router); with JavaScript this one handler gives them client-side navigation. A group
  // opens its sheet where the reader is (no scroll to the top).
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const a = (e.target as Element).closest('a[data-nav]')
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    e.preventDefault()
    navigate(a.getAttribute('href')!, { preventScrollReset: a.hasAttribute('data-keep') })
  }
  const grid = <GanttGrid board={board} t={t} locale={locale} />
  return (
    <div ref={boardRef} className="gantt" data-testid="gantt" data-from={board.from} data-to={board.to} data-zoom={board.zoom} onClick={onClick} role="presentation">
      {/* Without a render key (read cache off) the markup is built afresh, never memoised. */}
      <CachedChart name="gantt" props={{ renderKey, locale }} memo={renderKey !== null} html={() => ganttGridHtml(board, t, locale)}>
        {grid}
      </CachedChart>
    </div>
  )
}

/**
 * The grid itself: a pure function of its props (no hooks). The server sends the same markup built as a string
 * (./gantt-html.ts, tested byte for byte against this component); the browser renders this and hydrates against it.
 */
export function GanttGrid({ board, t, locale }: { board: BoardData; t: Translate; locale: Locale }) {
  const day = dayLabeller(locale)
  const query = boardQuery(board)
  const ticks = board.ticks.length > 0
  return (
    <div className="g-in">
      <div className="g-hd">
        <div className="g-pc">{t('schedule.printer')}</div>
        <div className={ticks ? 'g-axis g-axis2' : 'g-axis'}>
          {board.days.map((d) => (
            <span key={d.date} className="g-day" style={vars({ '--l': d.l, '--w': d.w })}>
              {day(d.date)}
            </span>
          ))}
          {board.ticks.map((k) => (
            <span key={k.l} className="g-tick" style={vars({ '--l': k.l })}>
              {String(k.h).padStart(2, '0')}
            </span>
          ))}
        </div>
      </div>
      <div className={ticks ? 'g-lines g-lines2' : 'g-lines'} aria-hidden>
        {board.days.slice(1).map((d) => (
          <i key={d.date} style={vars({ '--l': d.l })} />
        ))}
        {board.ticks.map((k) => (
          <i key={k.l} className="t" style={vars({ '--l': k.l })} />
        ))}
      </div>
      {board.rows.map((row) => (
        <GanttRowView key={row.id} row={row} now={board.now} query={query} t={t} />
      ))}
    </div>
  )
}

function GanttRowView({ row, now, query, t }: { row: BoardRow; now: number | null; query: string; t: Translate }) {
  const spans = (flat: number[], cls: string) => {
    const out = []
    for (let i = 0; i < flat.length; i += 2) out.push(<i key={`${cls}${i}`} className={cls} style={vars({ '--l': flat[i], '--w': flat[i + 1] })} />)
    return out
  }
  return (
    <div className="g-row" data-testid="gantt-row" data-printer={row.label} data-pid={row.id}>
      <div className="g-pc">
        <a href={`/printers/${row.id}`} data-nav="">
          {row.label}
        </a>
        {row.status !== 'active' ? <p className="g-ps">{t(`printers.status.${row.status}` as never)}</p> : null}
      </div>
      <div className="g-tr" style={row.lanes > 1 ? vars({ '--n': row.lanes }) : undefined}>
        {spans(row.off, 'g-off')}
        {spans(row.mnt, 'g-mnt')}
        {row.items.map((it) => (it.b ? <Bar key={it.b.id} item={it} t={t} /> : <Group key={`g${it.n ?? 0}-${it.g.s}`} item={it} href={`${query}&sheet=${sheetParam(row.id, it.g)}`} t={t} />))}
        {now !== null ? <i className="g-now" style={vars({ '--l': now })} data-testid="now-line" /> : null}
      </div>
    </div>
  )
}

function Bar({ item, t }: { item: BoardItem; t: Translate }) {
  const j = item.b!
  return (
    <a
      href={`/schedule/jobs/${j.id}`}
      data-nav=""
      data-testid="gantt-job"
      data-job={j.id}
      data-s={j.s}
      data-e={j.e}
      data-movable={j.st === 'planned' && !j.lk ? '' : undefined}
      data-v={j.v}
      className={barClass(j)}
      style={vars({ '--l': item.l, '--w': item.w, '--n': item.n, '--c': j.hx })}
    >
      <b>{j.r}</b>
      <span>{t('schedule.barRest', { product: j.p, units: j.u })}</span>
    </a>
  )
}

function Group({ item, href, t }: { item: BoardItem; href: string; t: Translate }) {
  const g = item.g!
  return (
    <a
      href={href}
      data-nav=""
      data-keep=""
      data-testid="gantt-group"
      data-s={g.s}
      data-e={g.e}
      className={groupClass(g)}
      style={vars({ '--l': item.l, '--w': item.w, '--n': item.n })}
    >
      <b>{t('schedule.group.count', { count: g.c })}</b>
      <span>{g.r}</span>
    </a>
  )
}

export function GanttLegend() {
  const t = useT()
  const swatch = (cls: string, label: string, text = '') => (
    <span className="inline-flex items-center gap-1">
      <span aria-hidden className={`g-key ${cls}`}>
        {text}
      </span>
      {label}
    </span>
  )
  return (
    <div className="mt-3 flex flex-wrap gap-x-4 gap-y-2 text-sm text-slate-700" aria-label={t('schedule.legend')}>
      {swatch(stateClass.planned, t('schedule.status.planned'))}
      {swatch(stateClass.printing, t('schedule.status.printing'))}
      {swatch(stateClass.done, t('schedule.status.done'))}
      {swatch(stateClass.failed, t('schedule.status.failed'))}
      {swatch(`gg ${stateClass.planned}`, t('schedule.legend.group'), '2')}
      {swatch('g-off', t('schedule.legend.offHours'))}
      {swatch('g-mnt', t('schedule.legend.maintenance'))}
      {swatch(`${stateClass.planned} late`, t('schedule.legend.late'))}
      {swatch(`${stateClass.planned} lk`, t('schedule.legend.locked'))}
      {swatch('g-now', t('schedule.legend.now'))}
    </div>
  )
}
