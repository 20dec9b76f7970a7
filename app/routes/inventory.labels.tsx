import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import QRCode from 'qrcode'
import { readSpoolFilters, toModelFilters } from '~/domain/inventory/spool-filters'
import { Swatch, useGrams } from '~/components/inventory/ui'
import { PrintButton, PrintStyle } from '~/components/printers/print-controls'
import { buttonClass } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/layout'
import { listSpools } from '~/models/inventory/spools.server'
import { requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

const MAX_LABELS = 200

/**
 * Printable spool labels, several per A4 sheet: `?ids=…&ids=…` for a selection, or the spool list's filters. Each label
 * has material, colour swatch + name, batch, net weight and a QR code (SVG, rendered here) that opens the spool's page.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'inventory:read')
  const url = new URL(request.url)
  const ids = url.searchParams.getAll('ids').slice(0, MAX_LABELS)
  const spools = (await listSpools(ids.length ? { ids, status: 'all' } : toModelFilters(readSpoolFilters(url.searchParams)))).slice(0, MAX_LABELS)
  const labels = await Promise.all(
    spools.map(async (s) => ({
      ...s,
      url: `${url.origin}/inventory/spools/${s.id}`,
      qr: await QRCode.toString(`${url.origin}/inventory/spools/${s.id}`, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' }),
    })),
  )
  return { labels, back: ids.length === 1 ? `/inventory/spools/${ids[0]}` : `/inventory${url.search}` }
}

// Printing shows the labels only: the app's header and this page's controls are hidden (PrintStyle).
const sheetCss = `.label-sheet { gap: 4mm !important; } .label { break-inside: avoid; box-shadow: none !important; }`

export default function LabelsPage() {
  const { labels, back } = useLoaderData<typeof loader>()
  const t = useT()
  const grams = useGrams()
  return (
    <>
      <PrintStyle css={sheetCss} />
      <div data-print-hide>
        <PageHeader
          title={t('inventory.labels.title')}
          actions={
            <>
              {labels.length > 0 ? <PrintButton label={t('printers.label.print')} /> : null}
              <Link to={back} className={buttonClass('secondary')}>
                {t('common.previous')}
              </Link>
            </>
          }
        />
        <p className="mb-4 text-slate-700">{t('inventory.labels.hint')}</p>
      </div>
      {labels.length === 0 ? (
        <Card>
          <p>{t('inventory.labels.empty')}</p>
        </Card>
      ) : (
        <div className="label-sheet grid grid-cols-2 gap-4 lg:grid-cols-3">
          {labels.map((l) => (
            <article key={l.id} className="label flex items-center gap-3 rounded-lg border-2 border-slate-800 bg-white p-3" data-testid="spool-label">
              <div className="min-w-0 flex-1 space-y-1">
                <p className="text-xl font-bold">{l.material}</p>
                <p className="flex items-center gap-2 text-lg">
                  <Swatch hex={l.colourHex} size="lg" />
                  <span>{l.colourName}</span>
                </p>
                <p>
                  {l.brand} · {t('inventory.batch')} <strong>{l.batch || t('inventory.noBatch')}</strong>
                </p>
                <p>{t('inventory.labels.net', { grams: grams(l.initialNetMg) })}</p>
                <p className="truncate text-xs text-slate-500">{l.id.slice(0, 8)}</p>
              </div>
              <a href={l.url} className="block h-28 w-28 shrink-0 [&>svg]:h-full [&>svg]:w-full" aria-label={`${l.material} ${l.colourName} ${l.batch}`} dangerouslySetInnerHTML={{ __html: l.qr }} />
            </article>
          ))}
        </div>
      )}
    </>
  )
}

