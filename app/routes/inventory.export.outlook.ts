import type { LoaderFunctionArgs } from '@remix-run/node'
import { CHECK_JOB_ID, readCheck } from '~/domain/inventory/outlook-check'
import type { MaterialColourOutlook } from '~/domain/inventory'
import { localDate } from '~/domain/time/zoned'
import { inventoryOutlook } from '~/models/inventory/outlook.server'
import { requireUser } from '~/utils/auth.server'
import { csvResponse, toCsv, type CsvColumn } from '~/utils/csv.server'
import { env } from '~/utils/env.server'
import { getTranslator } from '~/utils/i18n.server'

/** GET /inventory/export/outlook[?<the "enough for this job?" check>] — the outlook per material + colour as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'inventory:read')
  const { t } = await getTranslator(request)
  const now = new Date()
  const timeZone = env().SHOP_TIME_ZONE
  const base = await inventoryOutlook([], now)
  const check = readCheck(new URL(request.url).searchParams, base.filaments, timeZone, now)
  const { outlook } = check.job ? await inventoryOutlook([check.job], now) : base
  const g = (mg: number) => mg / 1000
  const columns: CsvColumn<MaterialColourOutlook>[] = [
    { header: t('inventory.csv.material'), value: (o) => o.material },
    { header: t('inventory.csv.colour'), value: (o) => o.colour },
    { header: t('inventory.csv.colourHex'), value: (o) => o.colourHex },
    { header: t('inventory.csv.status'), value: (o) => t(`inventory.outlook.status.${o.status}`) },
    { header: t('inventory.csv.onHand'), value: (o) => g(o.onHandMg) },
    { header: t('inventory.csv.planned'), value: (o) => g(o.plannedUseMg) },
    { header: t('inventory.csv.projected'), value: (o) => g(o.projectedRemainingMg) },
    { header: t('inventory.csv.shortfall'), value: (o) => g(o.shortfallMg) },
    { header: t('inventory.csv.lowStock'), value: (o) => g(o.lowStockMg) },
    { header: t('inventory.csv.runsOutOn'), value: (o) => o.runsOutOn?.localDate ?? null },
    {
      header: t('inventory.csv.runsOutJob'),
      value: (o) => (o.runsOutOn ? (o.runsOutOn.jobId === CHECK_JOB_ID ? t('inventory.check.jobRef') : (o.runsOutOn.ref ?? String(o.runsOutOn.jobId))) : null),
    },
  ]
  return csvResponse(`filament-outlook-${localDate(now, timeZone)}.csv`, toCsv(columns, outlook.groups))
}
