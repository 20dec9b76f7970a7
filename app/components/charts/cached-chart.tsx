import { useId, useState, type ReactElement } from 'react'
// In the browser this is the compiler's empty module; the component checks for that before using it.
// eslint-disable-next-line no-restricted-imports -- deliberate server-only memo, see above
import { chartMarkup } from './markup-cache.server'

/**
 * Renders `children` (one chart) inside a `display: contents` div. On the server the markup comes from a cache keyed by
 * the chart's name and props (`props` must hold everything the chart depends on, all serialisable).
 *
 * Without `compact` the browser renders the chart and hydrates it against that same markup (the planning board, whose
 * server markup `html` builds as a string — the same bytes as rendering `children`, much faster). `memo={false}`: the
 * props do not name the data (the board without the read cache), so the markup is built afresh every time.
 * With `compact` (nivo charts, which draw nothing interactive) the server shortens the SVG (./compact-svg.ts) and the
 * browser keeps the markup it was sent: the div carries its `useId` (`data-chart`), and on hydration the component
 * reads that div's markup back and renders it as is — no nivo work on the tablet while the page loads. A chart whose
 * props change afterwards (a new period), or one first drawn by a client-side navigation, is rendered by nivo.
 */
export function CachedChart({ name, props, children, compact = false, html, memo = true }: { name: string; props: unknown; children: ReactElement; compact?: boolean; html?: () => string; memo?: boolean }) {
  const id = useId()
  const key = `${name}\u0000${JSON.stringify(props)}`
  const [kept] = useState(() => (compact ? serverMarkup(id, key) : null))
  if (typeof document === 'undefined' && typeof chartMarkup === 'function') {
    return <div className="contents" data-chart={compact ? id : undefined} dangerouslySetInnerHTML={{ __html: chartMarkup(key, html ?? children, compact, memo) }} />
  }
  if (kept && kept.key === key) {
    return <div key="kept" className="contents" data-chart={id} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: kept.html }} />
  }
  return (
    <div key="live" className="contents">
      {children}
    </div>
  )
}

/** In the browser, while hydrating: the server's markup of the chart with this id (null after a client navigation). */
function serverMarkup(id: string, key: string): { key: string; html: string } | null {
  if (typeof document === 'undefined') return null
  const div = document.querySelector(`div[data-chart="${CSS.escape(id)}"]`)
  return div ? { key, html: div.innerHTML } : null
}
