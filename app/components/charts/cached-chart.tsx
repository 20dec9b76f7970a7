import type { ReactElement } from 'react'
// In the browser this is the compiler's empty module; the component checks for that before using it.
// eslint-disable-next-line no-restricted-imports -- deliberate server-only memo, see above
import { chartMarkup } from './markup-cache.server'

/**
 * Renders `children` (one nivo chart) inside a `display: contents` div. On the server the markup comes from a cache keyed
 * by the chart's name and props (`props` must hold everything the chart depends on, all serialisable); in the browser the
 * chart renders normally and hydrates against that same markup.
 */
export function CachedChart({ name, props, children }: { name: string; props: unknown; children: ReactElement }) {
  if (typeof document === 'undefined' && typeof chartMarkup === 'function') {
    return <div className="contents" dangerouslySetInnerHTML={{ __html: chartMarkup(`${name}\u0000${JSON.stringify(props)}`, children) }} />
  }
  return <div className="contents">{children}</div>
}
