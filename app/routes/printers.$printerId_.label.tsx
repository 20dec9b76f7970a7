import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import QRCode from 'qrcode'
import { PrintButton, PrintStyle } from '~/components/printers/print-controls'
import { buttonClass } from '~/components/ui/button'
import { getPrinter } from '~/models/printers/printers.server'
import { requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** A print-friendly QR label: the code opens the printer's page, where an operator at the machine logs maintenance. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, 'printers:read')
  const printer = await getPrinter(params.printerId ?? '')
  if (!printer) throw new Response('Printer not found', { status: 404 })
  const url = new URL(`/printers/${printer.id}`, request.url).toString()
  // Generated here from our own URL (no user input reaches the markup), so it is safe to inline.
  const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
  return { printer: { id: printer.id, assetId: printer.assetId, name: printer.name, model: printer.model, location: printer.location }, url, svg }
}


export default function PrinterLabelPage() {
  const { printer, url, svg } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      {/* Printing shows the label only: the app's header and these buttons are hidden on paper. */}
      <PrintStyle />
      <div data-print-hide className="mb-4 flex flex-wrap items-center gap-2">
        <PrintButton label={t('printers.label.print')} />
        <Link to={`/printers/${printer.id}`} className={buttonClass('ghost')}>
          {t('printers.label.back')}
        </Link>
      </div>
      <h1 data-print-hide className="mb-4 text-2xl font-bold">
        {t('printers.label.title')}
      </h1>
      <figure className="inline-flex items-center gap-4 rounded-lg border-2 border-slate-900 bg-white p-4" data-testid="qr-label">
        <div className="h-40 w-40" role="img" aria-label={url} dangerouslySetInnerHTML={{ __html: svg }} />
        <figcaption>
          <p className="text-3xl font-bold tracking-wide">{printer.assetId}</p>
          <p className="text-lg">{printer.name}</p>
          {printer.model ? <p className="text-slate-700">{printer.model}</p> : null}
          {printer.location ? <p className="text-slate-700">{printer.location}</p> : null}
          <p className="mt-2 text-sm text-slate-600">{t('printers.label.hint')}</p>
        </figcaption>
      </figure>
    </>
  )
}

