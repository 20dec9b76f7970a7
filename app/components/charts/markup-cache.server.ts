/**
 * Server-side memo of rendered chart markup. nivo computes scales, axes and one spring per bar/tick on every render even
 * with animation off, which made a statistics page cost ~120 ms of server CPU; the SVG of a chart is a pure function of
 * its (serialisable) props, so each distinct chart is rendered once and its markup reused. Server only: the client
 * bundle gets an empty module and renders charts itself when it has to.
 *
 * `READ_CACHE=0` turns the memo off with the read-model cache, so "cold" figures (`npm run bench`) include rendering
 * every chart (issue 20: a cache must not hide the real cost).
 */
import { LRUCache } from 'lru-cache'
import type { ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
// eslint-disable-next-line no-restricted-imports -- this memo is itself server-only and follows the read cache's switch
import { readCacheEnabled } from '~/utils/read-cache.server'
import { compactSvg } from './compact-svg'

// A chart's SVG is 2–25 KB; 400 of them bound the memory at ~10 MB.
const cache = new LRUCache<string, string>({ max: 400 })

/**
 * `renderToString` of `element` (or the markup `element` builds itself) once per key; `compact` shortens nivo's SVG
 * (./compact-svg.ts) — the browser keeps the server's markup of such a chart rather than hydrating it (CachedChart).
 */
export function chartMarkup(key: string, element: ReactElement | (() => string), compact = false, memo = true): string {
  const cached = memo && readCacheEnabled()
  let html = cached ? cache.get(key) : undefined
  if (html === undefined) {
    html = typeof element === 'function' ? element() : renderToString(element)
    if (compact) html = compactSvg(html)
    if (cached) cache.set(key, html)
  }
  return html
}
