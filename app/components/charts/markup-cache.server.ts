/**
 * Server-side memo of rendered chart markup. nivo computes scales, axes and one spring per bar/tick on every render even
 * with animation off, which made a statistics page cost ~120 ms of server CPU; the SVG of a chart is a pure function of
 * its (serialisable) props, so each distinct chart is rendered once and its markup reused. Server only: the client
 * bundle gets an empty module and renders charts itself when it has to.
 */
import { LRUCache } from 'lru-cache'
import type { ReactElement } from 'react'
import { renderToString } from 'react-dom/server'

// A chart's SVG is 5–40 KB; 400 of them bound the memory at ~16 MB.
const cache = new LRUCache<string, string>({ max: 400 })

/** `renderToString` (hydratable markup, identical to what the streaming renderer writes) of `element`, once per key. */
export function chartMarkup(key: string, element: ReactElement): string {
  let html = cache.get(key)
  if (html === undefined) {
    html = renderToString(element)
    cache.set(key, html)
  }
  return html
}
