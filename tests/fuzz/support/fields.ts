import fs from 'node:fs'
import path from 'node:path'
import { listRoutes } from '../../support/route-inventory'

/**
 * The form field names a route really reads, found in its source so that generated inputs use them and get past the
 * first validation: `name="x"` attributes and zod schema keys (`x: z.…`, `x: text(…)`, `x: gramsField()`, …) in the route
 * file, the files next to it (folder routes) and the `~/components/…`, `./…` and `~/utils/…schemas|params` modules it
 * imports (one level deep); `form.get('x')` / `params.get('x')` reads (form fields and query parameters alike).
 * Names built at run time (the printer calendar's `day0`…`day6`) are not found here: targets add them by hand.
 */
const APP = path.resolve('app')

const NAME_ATTR = /\bname=(?:"([A-Za-z_][\w-]*)"|\{\s*['"]([A-Za-z_][\w-]*)['"]\s*\})/g
// An object key whose value is a field schema: zod itself or one of the schema helpers of app/components/*/schemas.ts.
const SCHEMA_KEY =
  /^\s*([A-Za-z_]\w*):\s*(?:z\s*\.|text\(|label\(|decimal\(|gramsField\(|localDateField\b|version\b|count\b|uuid\b|reason\b|num\b|assetIdSchema\b|usernameSchema\b|displayNameSchema\b|passwordSchema\b|roleSchema\b|productFields\.)/gm
// `form.get('x')`, `params.get('x')`, `fields.x`: fields and query parameters read one by one.
const GET_CALL = /\b(?:form|formData|params|searchParams|fields)\s*(?:\.get\(\s*'([A-Za-z_][\w-]*)'\s*\)|\.([A-Za-z_]\w*)\b(?!\s*\())/g
// Upload fields: `imageFromForm(form, 'photo')`.
const FILE_FIELD = /\(\s*form\s*,\s*'([A-Za-z_]\w*)'/g
const IMPORT = /from\s+'((?:~\/components\/|\.\/|~\/utils\/[\w-]*(?:schemas|params)[\w.-]*)[^']*)'/g

function resolveModule(spec: string, fromFile: string): string | null {
  const base = spec.startsWith('~/') ? path.join(APP, spec.slice(2)) : path.resolve(path.dirname(fromFile), spec)
  for (const ext of ['', '.ts', '.tsx']) if (fs.existsSync(base + ext) && fs.statSync(base + ext).isFile()) return base + ext
  return null
}

function namesIn(src: string): string[] {
  const out: string[] = []
  for (const m of src.matchAll(NAME_ATTR)) out.push(m[1] ?? m[2])
  for (const m of src.matchAll(SCHEMA_KEY)) out.push(m[1])
  for (const m of src.matchAll(GET_CALL)) out.push(m[1] ?? m[2])
  for (const m of src.matchAll(FILE_FIELD)) out.push(m[1])
  return out
}

// Keys that look like schema keys but are not form fields (zod options, the discriminator).
const NOT_FIELDS = new Set(['intent', 'get', 'getAll', 'has', 'entries', 'keys', 'length', 'size', 'required_error', 'invalid_type_error', 'message', 'errorMap', 'path', 'code'])

/** The field names of route `id` (a Remix route id as in tests/support/route-inventory.ts), sorted. */
export function routeFieldNames(id: string): string[] {
  const route = listRoutes().find((r) => r.id === id)
  if (!route) throw new Error(`no route ${id}`)
  const files = new Set<string>([route.file])
  if (path.basename(route.file).startsWith('route.')) {
    for (const f of fs.readdirSync(path.dirname(route.file))) if (/\.tsx?$/.test(f)) files.add(path.join(path.dirname(route.file), f))
  }
  for (const f of [...files]) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(IMPORT)) {
      const dep = resolveModule(m[1], f)
      if (dep) files.add(dep)
    }
  }
  const names = new Set<string>()
  for (const f of files) for (const n of namesIn(fs.readFileSync(f, 'utf8'))) if (!NOT_FIELDS.has(n)) names.add(n)
  return [...names].sort()
}
