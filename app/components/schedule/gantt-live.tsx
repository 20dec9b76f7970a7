import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/** How often the board asks whether anything changed, and moves its "now" line. */
const POLL_MS = 3_000
const NOW_MS = 15_000

/**
 * Live board (issue 17, item 3), with JavaScript: every few seconds, while the page is visible and nothing is being
 * dragged, it asks /schedule/live for its change mark and reloads the page's data (`revalidate()`, no page load)
 * when the mark moved — another tablet moved a job, a plan was applied, a job was recorded. The "now" line moves
 * with a timer between reloads. Without JavaScript a refresh shows the same.
 */
export function useBoardLive({ paused, period }: { paused: boolean; period: { from: number; to: number } | null }) {
  const revalidator = useRevalidator()
  const state = useRef({ paused, revalidator, period })
  state.current = { paused, revalidator, period }

  useEffect(() => {
    let last: string | null = null
    let busy = false
    const poll = async () => {
      if (busy || document.visibilityState !== 'visible') return
      busy = true
      try {
        const res = await fetch('/schedule/live', { headers: { Accept: 'application/json' }, cache: 'no-store' })
        if (!res.ok) return
        const { v } = (await res.json()) as { v: string }
        const s = state.current
        if (last !== null && v !== last) {
          // Busy (a drag, a reload already going): keep the old value, so the next poll tries again.
          if (s.paused || s.revalidator.state !== 'idle') return
          s.revalidator.revalidate()
        }
        last = v
      } catch {
        // Offline for a moment: the next poll tries again.
      } finally {
        busy = false
      }
    }
    const moveNow = () => {
      const p = state.current.period
      if (!p) return
      const l = ((Date.now() - p.from) / (p.to - p.from)) * 100
      if (l < 0 || l > 100) return
      for (const el of document.querySelectorAll<HTMLElement>('[data-testid="now-line"]')) el.style.setProperty('--l', String(Math.round(l * 1000) / 1000))
    }
    void poll()
    const a = window.setInterval(() => void poll(), POLL_MS)
    const b = window.setInterval(moveNow, NOW_MS)
    const onVisible = () => document.visibilityState === 'visible' && void poll()
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      clearInterval(a)
      clearInterval(b)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [])
}
