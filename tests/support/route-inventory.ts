import fs from 'node:fs'
import path from 'node:path'

export interface RouteFile {
  /** Remix route id without the `routes/` prefix, e.g. `admin.users.$userId`. */
  id: string
  file: string
  hasLoader: boolean
  hasAction: boolean
  /** Values of `intent` the route distinguishes. */
  intents: string[]
}

const ROUTES = path.resolve('app/routes')

/** Every route module under app/routes, flat files and folder routes (`x/route.tsx`) alike. */
export function listRoutes(): RouteFile[] {
  const out: RouteFile[] = []
  for (const entry of fs.readdirSync(ROUTES, { withFileTypes: true })) {
    let file: string | undefined
    let id: string
    if (entry.isDirectory()) {
      id = entry.name
      file = ['route.tsx', 'route.ts'].map((f) => path.join(ROUTES, entry.name, f)).find((f) => fs.existsSync(f))
    } else {
      if (!/\.(tsx?|jsx?)$/.test(entry.name) || /\.test\./.test(entry.name) || entry.name.startsWith('.')) continue
      id = entry.name.replace(/\.(tsx?|jsx?)$/, '')
      file = path.join(ROUTES, entry.name)
    }
    if (!file) continue
    const src = fs.readFileSync(file, 'utf8')
    // Intents the action accepts (`intent: z.literal('x')`) and the ones its page submits (`name="intent" value="x"`).
    const intents = [
      ...[...src.matchAll(/intent:\s*z\.literal\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]),
      ...[...src.matchAll(/name="intent"\s+value="([^"]+)"/g)].map((m) => m[1]),
    ]
    out.push({
      id,
      file,
      hasLoader: /export\s+(async\s+)?function\s+loader\b|export\s+const\s+loader\b/.test(src),
      hasAction: /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(src),
      intents: [...new Set(intents)],
    })
  }
  return out.sort((a, b) => a.id.localeCompare(b.id))
}
