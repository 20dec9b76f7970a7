import type { LoaderFunctionArgs } from '@remix-run/node'
import { readSpoolFilters, toModelFilters } from '~/domain/inventory/spool-filters'
import { localDate } from '~/domain/time/zoned'
import { inventoryOutlook } from '~/models/inventory/outlook.server'
import { listSpools } from '~/models/inventory/spools.server'
import { type Spool } from '~/models/inventory/shapes.server'
import { requireUser } from '~/utils/auth.server'
import { csvResponse, toCsv, type CsvColumn } from '~/utils/csv.server'
import { env } from '~/utils/env.server'
import { getTranslator } from '~/utils/i18n.server'

/** GET /inventory/export/spools?<the list's filters> — the spool list as CSV (grams as numbers with one decimal). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'inventory:read')
  const { t } = await getTranslator(request)
  const filters = readSpoolFilters(new URL(request.url).searchParams)
  const [spools, { outlook }] = await Promise.all([listSpools(toModelFilters(filters)), inventoryOutlook()])
  const estimated = new Map(outlook.spools.map((s) => [String(s.spoolId), s.estimatedRemainingMg]))
  const g = (mg: number | null | undefined) => (mg === null || mg === undefined ? null : mg / 1000)
  const columns: CsvColumn<Spool>[] = [
    { header: t('inventory.csv.spoolId'), value: (s) => s.id },
    { header: t('inventory.csv.material'), value: (s) => s.material },
    { header: t('inventory.csv.colour'), value: (s) => s.colourName },
    { header: t('inventory.csv.colourHex'), value: (s) => s.colourHex },
    { header: t('inventory.csv.brand'), value: (s) => s.brand },
    { header: t('inventory.csv.batch'), value: (s) => s.batch },
    { header: t('inventory.csv.initialNet'), value: (s) => g(s.initialNetMg) },
    { header: t('inventory.csv.remaining'), value: (s) => g(s.remainingMg) },
    { header: t('inventory.csv.estimated'), value: (s) => g(estimated.get(s.id)) },
    { header: t('inventory.csv.tare'), value: (s) => g(s.tareMg) },
    { header: t('inventory.csv.location'), value: (s) => s.location },
    { header: t('inventory.csv.receivedOn'), value: (s) => s.receivedOn },
    { header: t('inventory.csv.status'), value: (s) => t(`inventory.status.${s.status}`) },
  ]
  return csvResponse(`spools-${localDate(new Date(), env().SHOP_TIME_ZONE)}.csv`, toCsv(columns, spools))
}
