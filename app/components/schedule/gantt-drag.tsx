import { useFetcher } from '@remix-run/react'
import { useEffect, useRef, useState, type RefObject } from 'react'
import type { BoardData } from '~/domain/scheduling/gantt-board'
import { clashAt, dragTarget, DRAG_STEP_MIN, keyTarget, percentAt, resizeKeyTarget, resizeTarget, type DragReply, type DragTarget } from '~/domain/scheduling/gantt-drag'
import { formatDateTime, formatWallClock } from '~/utils/format'
import { useT } from '~/utils/i18n'

/**
 * Drag to plan (issue 17, item 2), with JavaScript only: the board stays plain links without it (each job page has the
 * Move form). A movable bar (`data-movable`: planned and not locked) can be
 * - dragged with a mouse or pen (after a few px) or a finger (after holding it still for a moment, so a swipe still
 *   scrolls the page), to another time and/or printer row;
 * - moved with the keyboard: with the bar focused, each arrow key moves the preview one step (←/→ time, ↑/↓ printer),
 *   Enter or Space saves, Escape (or leaving the bar) cancels — one save per move, not one per key press;
 * - resized: dragged by its right edge (the last ~24 px, a grip shows there), or Shift + ←/→: the end moves by steps,
 *   the start and printer stay; saved through the same move action with the new end.
 * While it moves, the target lane is outlined and a ghost bar shows the snapped start, the printer and what the board
 * knows it would hit (another job, maintenance, off hours; the server decides). The drop posts the job page's own move
 * action (through /schedule/drag/:jobId, which answers in JSON), so refusals are the same as the form's; they are shown
 * above the board with the next-free-slot offer when there is one. Success shows the usual toast; the board reloads.
 */
export function GanttDrag({ boardRef, board, timeZone, onActive }: { boardRef: RefObject<HTMLDivElement>; board: BoardData; timeZone: string; onActive?: (active: boolean) => void }) {
  const t = useT()
  const fetcher = useFetcher<DragReply>()
  const [lastJob, setLastJob] = useState<string | null>(null)
  const [dismissed, setDismissed] = useState(false)
  const [announce, setAnnounce] = useState('')
  // Everything the listeners read lives in refs: the board re-renders on every revalidation.
  const live = useRef({ board, timeZone, t, fetcher, onActive })
  live.current = { board, timeZone, t, fetcher, onActive }
  const cleanup = useRef<(() => void) | null>(null)

  useEffect(() => {
    if (fetcher.state === 'idle' && cleanup.current) {
      cleanup.current()
      cleanup.current = null
    }
  }, [fetcher.state])

  useEffect(() => {
    const el = boardRef.current
    if (!el) return
    type Session = {
      bar: HTMLElement
      job: string
      row: number
      s: number
      e: number
      target: DragTarget
      mode: 'pointer' | 'key'
      /** A pointer picked the bar up by its right edge: the end moves, not the job. */
      kind: 'move' | 'resize'
      pointerId: number
      x: number
      y: number
      active: boolean
      timer: number | null
    }
    let session: Session | null = null
    let suppressClick = 0
    let ghost: HTMLDivElement | null = null
    let lane: HTMLDivElement | null = null

    /** The target changes the job's length (its end was dragged, or Shift + arrows). */
    const isResize = (s: Session) => s.target.e - s.target.s !== s.e - s.s
    const rows = () => Array.from(el.querySelectorAll<HTMLElement>('[data-testid="gantt-row"]'))
    const periodMin = () => (live.current.board.to - live.current.board.from) / 60_000
    const step = () => DRAG_STEP_MIN[live.current.board.zoom]
    const overlay = (style: Partial<CSSStyleDeclaration>) => {
      const d = document.createElement('div')
      Object.assign(d.style, { position: 'absolute', pointerEvents: 'none', zIndex: '40', boxSizing: 'border-box' }, style)
      document.body.appendChild(d)
      return d
    }

    const draw = (s: Session) => {
      const { board: b, t: tr, timeZone: tz } = live.current
      const rowEls = rows()
      const rowEl = rowEls[s.target.row]
      const track = rowEl?.querySelector<HTMLElement>('.g-tr')
      const data = b.rows[s.target.row]
      if (!rowEl || !track || !data) return
      const clash = clashAt(s.target, { jobs: data.items.flatMap((it): Array<{ s: number; e: number }> => (it.b ? (it.b.id === s.job ? [] : [it.b]) : [it.g])), off: data.off, mnt: data.mnt }, periodMin())
      const rr = rowEl.getBoundingClientRect()
      const tr0 = track.getBoundingClientRect()
      const br = s.bar.getBoundingClientRect()
      lane ??= overlay({ border: '3px solid #1d4ed8', background: 'rgba(37, 99, 235, 0.08)', borderRadius: '6px' })
      lane.setAttribute('data-testid', 'drag-lane')
      Object.assign(lane.style, { left: `${rr.left + scrollX}px`, top: `${rr.top + scrollY}px`, width: `${rr.width}px`, height: `${rr.height}px` })
      ghost ??= overlay({ borderRadius: '6px', padding: '2px 6px', font: '600 13px/1.25 system-ui, sans-serif', overflow: 'hidden', whiteSpace: 'nowrap', boxShadow: '0 4px 12px rgba(15, 23, 42, 0.25)' })
      ghost.setAttribute('data-testid', 'drag-ghost')
      ghost.setAttribute('data-clash', clash ?? '')
      const left = tr0.left + (percentAt(s.target.s, periodMin()) / 100) * tr0.width
      const resized = isResize(s)
      const width = resized ? Math.min(Math.max(((s.target.e - s.target.s) / periodMin()) * tr0.width, 44), tr0.right - left) : Math.min(Math.max(br.width, 150), tr0.width)
      Object.assign(ghost.style, {
        left: `${Math.min(left, tr0.right - width) + scrollX}px`,
        top: `${rr.top + (rr.height - Math.max(br.height, 44)) / 2 + scrollY}px`,
        width: `${width}px`,
        minHeight: '44px',
        border: `2px dashed ${clash ? '#b91c1c' : '#1d4ed8'}`,
        background: clash ? 'rgba(254, 226, 226, 0.95)' : 'rgba(219, 234, 254, 0.95)',
        color: clash ? '#7f1d1d' : '#1e3a8a',
      })
      const start = formatDateTime(b.from + s.target.s * 60_000, tz)
      const printer = data.label
      // A resized job's ghost is as long as the job will be: its times say only what changes.
      const when = resized ? `${start.slice(11)}–${formatDateTime(b.from + s.target.e * 60_000, tz).slice(11)}` : start.slice(5)
      const where = resized && s.target.row === s.row ? '' : ` · ${printer}`
      ghost.textContent = `${when}${where}${clash ? ` · ${tr(`schedule.drag.clash.${clash}`)}` : ''}`
      s.bar.style.opacity = '0.45'
      if (s.mode === 'key') setAnnounce(tr('schedule.drag.announce', { printer, time: when }))
    }

    const clear = (s: Session | null) => {
      if (s?.timer) clearTimeout(s.timer)
      if (s) s.bar.style.opacity = ''
      ghost?.remove()
      lane?.remove()
      ghost = null
      lane = null
      live.current.onActive?.(false)
    }

    const cancel = () => {
      const s = session
      session = null
      clear(s)
      setAnnounce('')
    }

    const commit = () => {
      const s = session
      session = null
      if (!s) return
      const { board: b, timeZone: tz, fetcher: f } = live.current
      const data = b.rows[s.target.row]
      if (!data || (s.target.row === s.row && s.target.s === s.s && s.target.e === s.e)) return clear(s)
      if (ghost) ghost.textContent = live.current.t('schedule.drag.saving')
      // The ghost stays where the job goes until the answer and the board's reload are in.
      cleanup.current = () => clear(s)
      setLastJob(s.job)
      setDismissed(false)
      setAnnounce('')
      const version = s.bar.getAttribute('data-v')
      const resized = isResize(s)
      f.submit(
        {
          intent: 'move',
          printerId: data.id,
          start: formatWallClock(b.from + s.target.s * 60_000, tz).slice(0, 16),
          ...(resized ? { end: formatWallClock(b.from + s.target.e * 60_000, tz).slice(0, 16) } : {}),
          ...(version ? { version } : {}),
        },
        { method: 'post', action: `/schedule/drag/${s.job}` },
      )
    }

    const begin = (bar: HTMLElement, mode: Session['mode'], e?: PointerEvent): Session | null => {
      if (live.current.fetcher.state !== 'idle') return null
      const rowEl = bar.closest<HTMLElement>('[data-testid="gantt-row"]')
      const row = rowEl ? rows().indexOf(rowEl) : -1
      const job = bar.getAttribute('data-job')
      if (row < 0 || !job) return null
      const s = Number(bar.getAttribute('data-s'))
      const end = Number(bar.getAttribute('data-e'))
      const kind = e && onEdge(bar, e.clientX) ? 'resize' : 'move'
      return { bar, job, row, s, e: end, target: { row, s, e: end }, mode, kind, pointerId: e?.pointerId ?? -1, x: e?.clientX ?? 0, y: e?.clientY ?? 0, active: false, timer: null }
    }

    const activate = (s: Session) => {
      s.active = true
      live.current.onActive?.(true)
      if (s.mode === 'pointer') {
        try {
          s.bar.setPointerCapture(s.pointerId)
        } catch {
          /* the pointer is gone */
        }
      }
      draw(s)
    }

    const movableBar = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>('a[data-movable]') : null)
    /** The bar's right edge, where a drag changes the end: the last 24 px, or the last 30 % of a short bar. */
    const onEdge = (bar: HTMLElement, x: number) => {
      const r = bar.getBoundingClientRect()
      return x >= r.right - Math.min(24, r.width * 0.3)
    }

    const onPointerDown = (e: PointerEvent) => {
      const bar = movableBar(e.target)
      if (!bar || e.button !== 0 || session) return
      const s = begin(bar, 'pointer', e)
      if (!s) return
      session = s
      // A finger holds still to pick a job up (a swipe keeps scrolling); a mouse or pen starts on moving.
      if (e.pointerType === 'touch') s.timer = window.setTimeout(() => session === s && activate(s), 350)
    }

    const onPointerMove = (e: PointerEvent) => {
      const s = session
      if (!s) {
        // Hovering with a mouse: the edge shows it resizes.
        const bar = e.pointerType === 'mouse' ? movableBar(e.target) : null
        if (bar) bar.style.cursor = onEdge(bar, e.clientX) ? 'ew-resize' : ''
        return
      }
      if (s.mode !== 'pointer' || e.pointerId !== s.pointerId) return
      const dx = e.clientX - s.x
      const dy = e.clientY - s.y
      if (!s.active) {
        if (Math.hypot(dx, dy) < 6) return
        if (e.pointerType === 'touch') return cancel() // moved before the hold: a scroll, not a drag
        activate(s)
      }
      e.preventDefault()
      const rowEls = rows()
      let row = rowEls.findIndex((r) => {
        const box = r.getBoundingClientRect()
        return e.clientY >= box.top && e.clientY < box.bottom
      })
      if (row < 0) row = e.clientY < (rowEls[0]?.getBoundingClientRect().top ?? 0) ? 0 : rowEls.length - 1
      const track = rowEls[s.row]?.querySelector<HTMLElement>('.g-tr')
      if (s.kind === 'resize') {
        s.target = resizeTarget({ s: s.s, e: s.e, row: s.row, dx, trackPx: track?.getBoundingClientRect().width ?? 0, periodMin: periodMin(), step: step() })
        return draw(s)
      }
      s.target = dragTarget({ s: s.s, e: s.e, row: s.row, dx, dRows: row - s.row, trackPx: track?.getBoundingClientRect().width ?? 0, periodMin: periodMin(), step: step(), rows: rowEls.length })
      draw(s)
    }

    const onPointerUp = (e: PointerEvent) => {
      const s = session
      if (!s || s.mode !== 'pointer' || e.pointerId !== s.pointerId) return
      if (!s.active) return cancel() // a tap: the link opens the job
      suppressClick = Date.now()
      commit()
    }

    const onPointerCancel = (e: PointerEvent) => {
      if (session?.mode === 'pointer' && e.pointerId === session.pointerId) cancel()
    }

    const onKeyDown = (e: KeyboardEvent) => {
      const bar = movableBar(e.target)
      if (!bar) return
      if (session && session.mode === 'key' && session.bar === bar) {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault()
          return commit()
        }
        if (e.key === 'Escape') {
          e.preventDefault()
          return cancel()
        }
      }
      if (!e.key.startsWith('Arrow') || e.altKey || e.ctrlKey || e.metaKey) return
      if (!session) {
        const s = begin(bar, 'key')
        if (!s) return
        session = s
        s.active = true
        live.current.onActive?.(true)
      }
      if (session.mode !== 'key') return
      const next = e.shiftKey
        ? resizeKeyTarget(session.target, e.key, { step: step(), periodMin: periodMin() })
        : keyTarget(session.target, e.key, { step: step(), periodMin: periodMin(), rows: rows().length })
      if (!next) return
      e.preventDefault()
      session.target = next
      draw(session)
    }

    const onFocusOut = (e: FocusEvent) => {
      if (session?.mode === 'key' && e.target === session.bar) cancel()
    }
    // After a drag the click the browser sends is not a tap on the link.
    const onClick = (e: MouseEvent) => {
      if (Date.now() - suppressClick < 500) {
        e.preventDefault()
        e.stopPropagation()
      }
    }
    // No native link drag, no long-press link menu, no scrolling while a job is held.
    const onDragStart = (e: DragEvent) => {
      if (movableBar(e.target)) e.preventDefault()
    }
    const onContextMenu = (e: MouseEvent) => {
      if (session || movableBar(e.target)) e.preventDefault()
    }
    const onTouchMove = (e: TouchEvent) => {
      if (session?.active) e.preventDefault()
    }

    // With JavaScript the movable bars show a grip on their right edge (styles.css: .gantt[data-drag]).
    el.setAttribute('data-drag', '')
    el.addEventListener('pointerdown', onPointerDown)
    el.addEventListener('pointermove', onPointerMove)
    el.addEventListener('pointerup', onPointerUp)
    el.addEventListener('pointercancel', onPointerCancel)
    el.addEventListener('keydown', onKeyDown)
    el.addEventListener('focusout', onFocusOut)
    el.addEventListener('click', onClick, true)
    el.addEventListener('dragstart', onDragStart)
    el.addEventListener('contextmenu', onContextMenu)
    el.addEventListener('touchmove', onTouchMove, { passive: false })
    return () => {
      cancel()
      el.removeAttribute('data-drag')
      el.removeEventListener('pointerdown', onPointerDown)
      el.removeEventListener('pointermove', onPointerMove)
      el.removeEventListener('pointerup', onPointerUp)
      el.removeEventListener('pointercancel', onPointerCancel)
      el.removeEventListener('keydown', onKeyDown)
      el.removeEventListener('focusout', onFocusOut)
      el.removeEventListener('click', onClick, true)
      el.removeEventListener('dragstart', onDragStart)
      el.removeEventListener('contextmenu', onContextMenu)
      el.removeEventListener('touchmove', onTouchMove)
    }
  }, [boardRef])

  const reply = fetcher.state === 'idle' && !dismissed && fetcher.data && !fetcher.data.ok ? fetcher.data : null
  return (
    <>
      <p className="sr-only" aria-live="polite" data-testid="drag-announce">
        {announce}
      </p>
      {reply ? (
        <div role="alert" data-testid="drag-refusal" className="mb-3 flex flex-wrap items-center gap-3 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
          <p className="min-w-0 flex-1 break-keep">
            {t('schedule.drag.refused')} {reply.message}
          </p>
          {reply.suggestion && lastJob ? (
            <button
              type="button"
              className="min-h-touch rounded-lg bg-blue-700 px-3 font-medium text-white"
              onClick={() => fetcher.submit({ intent: 'move', printerId: reply.suggestion!.printerId, start: reply.suggestion!.start }, { method: 'post', action: `/schedule/drag/${lastJob}` })}
            >
              {t('schedule.slot.useNext', { time: reply.suggestion.label })}
            </button>
          ) : null}
          <button type="button" className="min-h-touch min-w-touch rounded-lg px-3 font-medium ring-1 ring-red-300" onClick={() => setDismissed(true)}>
            {t('schedule.drag.dismiss')}
          </button>
        </div>
      ) : null}
    </>
  )
}
