/**
 * Shortens the SVG markup nivo writes for a chart without changing what it draws (issue 20: the statistics page was
 * 222 KB, 122 KB of it chart markup). nivo writes, per tick, bar and point, attributes that set defaults or draw nothing:
 * `opacity="1"`, `rotate(0)`, `rx="0" ry="0"`, a zero-length tick line (tick size 0), a stroke of width 0, `focusable`,
 * the same text style and placement on every label, colours as `rgba(r, g, b, 1)`, and coordinates with 15 decimals.
 *
 * Only the server writes the compacted markup; the browser keeps it as it came (CachedChart) and renders nivo itself
 * only for a chart that changes after the page loaded. Works on React's `renderToString` output, where attribute values
 * never hold `<` or `>` (React escapes them), so every tag is one `<…>` match and text is never touched.
 */

/** The inline style nivo gives every axis label with our theme (CHART_THEME); `.ct` in app/styles.css is the same. */
const TICK_TEXT_STYLE = ' style="font-family:sans-serif;font-size:15px;fill:#334155"'

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0')
}

/** `12.537313432835822` → `12.5`, `24.937499999999996` → `24.9`, `3.10` → `3.1`. */
function roundNumber(text: string): string {
  const n = Math.round(Number(text) * 10) / 10
  return Object.is(n, -0) ? '0' : String(n)
}

/** Text placement attributes of axis labels as classes (`.b-*`, `.a-*` in app/styles.css, with `.ct`). */
const PLACEMENT: Record<string, string> = {
  'dominant-baseline="text-before-edge"': 'b-te',
  'dominant-baseline="central"': 'b-c',
  'text-anchor="middle"': 'a-m',
  'text-anchor="end"': 'a-e',
  'text-anchor="start"': 'a-s',
}

/** Attributes that hold coordinates and sizes (not colours or opacities). */
const GEOMETRY = new Set(['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'transform', 'd'])
/** Attributes dropped when they hold this value: defaults, or nothing a chart that never takes input needs. */
const DEFAULTS: Record<string, string> = { opacity: '1', focusable: 'false', rx: '0', ry: '0' }
const DROPPED_STYLES = new Set(['opacity:1', 'pointer-events:none'])
const ATTRIBUTE = / ([a-z][a-z0-9-]*)="([^"]*)"/g
const LONG_DECIMAL = /-?\d+\.\d{2,}/g
const RGBA = /rgba\((\d+), (\d+), (\d+), 1\)/g

const toHex = (_: string, r: string, g: string, b: string) => `#${hex2(+r)}${hex2(+g)}${hex2(+b)}`

/** One tag, one pass over its attributes. */
function compactTag(tag: string): string {
  const noStroke = tag.includes(' stroke-width="0"')
  // An axis label with our theme's style: its style and placement become classes.
  const label = tag.startsWith('<text ') && tag.includes(TICK_TEXT_STYLE)
  const grid = tag.startsWith('<line ') && tag.includes(' stroke="#dddddd" stroke-width="1"')
  const classes: string[] = []
  const out = tag.replace(ATTRIBUTE, (attr, name: string, value: string) => {
    if (DEFAULTS[name] === value) return ''
    // A stroke of width 0 draws nothing, whatever its colour.
    if (noStroke && (name === 'stroke' || name === 'stroke-width')) return ''
    if (grid && (name === 'stroke' || name === 'stroke-width')) return name === 'stroke' ? ' class="cg"' : ''
    if (name === 'style') {
      if (DROPPED_STYLES.has(value)) return ''
      if (label && attr === TICK_TEXT_STYLE) {
        classes.unshift('ct')
        return '\u0000'
      }
    }
    // nivo's per-element test ids (bar.item.…, line.point.…); ours (chart-…) stay.
    if (name === 'data-testid' && (value.startsWith('bar.') || value.startsWith('line.'))) return ''
    // A tenth of a chart unit is far below a pixel at any scale we draw (charts only ever shrink to fit).
    if (GEOMETRY.has(name)) {
      const v = name === 'transform' ? value.replace(' rotate(0)', '') : value
      return ` ${name}="${v.replace(LONG_DECIMAL, roundNumber)}"`
    }
    if (label && (name === 'dominant-baseline' || name === 'text-anchor') && PLACEMENT[attr.slice(1)]) {
      classes.push(PLACEMENT[attr.slice(1)])
      return ''
    }
    return value.includes('rgba(') ? attr.replace(RGBA, toHex) : attr
  })
  // An axis label's placement joins its class, where its style was.
  return classes[0] === 'ct' ? out.replace('\u0000', ` class="${classes.join(' ')}"`) : out
}

/** The compact form of a chart's markup (see above); anything that is not a tag passes through unchanged. */
export function compactSvg(html: string): string {
  return (
    html
      // A tick line of length 0 (tickSize 0) draws nothing.
      .replace(/<line x1="0" x2="0" y1="0" y2="0" style="[^"]*"><\/line>/g, '')
      .replace(/<[^>]+>/g, compactTag)
  )
}
