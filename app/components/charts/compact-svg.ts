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

/** An axis label (`<text … class="ct">`): its known placement attributes join its class. */
function compactLabel(tag: string): string {
  const classes = ['ct']
  const out = tag.replace(/ (?:dominant-baseline|text-anchor)="[^"]*"/g, (attr) => {
    const cls = PLACEMENT[attr.slice(1)]
    if (!cls) return attr
    classes.push(cls)
    return ''
  })
  return out.replace(' class="ct"', ` class="${classes.join(' ')}"`)
}

function compactTag(tag: string): string {
  const out = tag
    // Coordinates and sizes (not colours or opacities): a tenth of a chart unit is far below a pixel at any scale we
    // draw (charts only ever shrink to fit).
    .replace(/ (x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|d)="([^"]*)"/g, (_, name: string, value: string) => ` ${name}="${value.replace(/-?\d+\.\d{2,}/g, roundNumber)}"`)
    .replace(/ opacity="1"| style="opacity:1"| focusable="false"| style="pointer-events:none"| rx="0" ry="0"/g, '')
    .replace(/ rotate\(0\)/g, '')
    // A stroke of width 0 draws nothing, whatever its colour (nivo writes them in either order).
    .replace(/ stroke-width="0" stroke="[^"]*"| stroke="[^"]*" stroke-width="0"/g, '')
    .replace(/rgba\((\d+), (\d+), (\d+), 1\)/g, (_, r: string, g: string, b: string) => `#${hex2(+r)}${hex2(+g)}${hex2(+b)}`)
    // nivo's per-element test ids (bar.item.…, line.point.…); ours (chart-…) stay.
    .replace(/ data-testid="(?:bar|line)\.[^"]*"/g, '')
    .replace(TICK_TEXT_STYLE, ' class="ct"')
    // Grid lines in nivo's default grid colour: `.cg`.
    .replace(/^(<line [^>]*?) stroke="#dddddd" stroke-width="1">$/, '$1 class="cg">')
  return out.startsWith('<text ') && out.includes(' class="ct"') ? compactLabel(out) : out
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
