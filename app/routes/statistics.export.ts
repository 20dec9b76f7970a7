import type { LoaderFunctionArgs } from '@remix-run/node'
import { mgToGramsString } from '~/domain/inventory/mass'
import { materialBreakdown, resolveStatisticsPeriod, STATISTICS_EXPORTS } from '~/domain/statistics'
import { localDate } from '~/domain/time/zoned'
import { dailyFigures, materialUse, printerFigures, productOutput } from '~/models/statistics.server'
import { requireUser } from '~/utils/auth.server'
import { csvResponse, toCsv, type CsvColumn } from '~/utils/csv.server'
import { env } from '~/utils/env.server'
import { getTranslator } from '~/utils/i18n.server'

const grams = (mg: number) => Number(mgToGramsString(mg, 1))
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10)
const csv = <Row,>(filename: string, columns: CsvColumn<Row>[], rows: Row[]) => csvResponse(filename, toCsv(columns, rows))

/**
 * /statistics/export?kind=daily|materials|material-colours|products|printers&period=…&from=…&to=… — the numbers behind one
 * table of the statistics page, for the same period (an unusable period falls back to this week, as on the page).
 * `products` lists every product with recorded output in the period, not only the top five. Unknown kind → 400.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'statistics:read')
  const params = new URL(request.url).searchParams
  const kind = STATISTICS_EXPORTS.find((k) => k === params.get('kind'))
  if (!kind) throw new Response('Unknown export kind', { status: 400 })
  const timeZone = env().SHOP_TIME_ZONE
  const now = new Date()
  const { period } = resolveStatisticsPeriod({ period: params.get('period'), from: params.get('from'), to: params.get('to') }, localDate(now, timeZone), timeZone)
  const { t } = await getTranslator(request)
  const filename = `statistics-${kind}-${period.firstDate}_${period.lastDate}.csv`
  const gramsHeader = t('statistics.csv.grams')

  switch (kind) {
    case 'daily':
      return csv(
        filename,
        [
          { header: t('statistics.day'), value: (d) => d.date },
          { header: t('statistics.goodUnits'), value: (d) => d.goodUnits },
          { header: t('statistics.scrapUnits'), value: (d) => d.scrapUnits },
          { header: t('statistics.csv.scrapRate'), value: (d) => round1(d.scrapRatePct) },
          { header: t('statistics.jobs'), value: (d) => d.jobs },
          { header: t('statistics.failedJobs'), value: (d) => d.failedJobs },
          { header: gramsHeader, value: (d) => grams(d.gramsMg) },
        ],
        await dailyFigures(period, timeZone),
      )
    case 'materials':
      return csv(
        filename,
        [
          { header: t('statistics.material'), value: (m) => m.material },
          { header: gramsHeader, value: (m) => grams(m.gramsMg) },
          { header: t('statistics.jobs'), value: (m) => m.jobs },
        ],
        materialBreakdown(await materialUse(period.from, period.to)).byMaterial,
      )
    case 'material-colours':
      return csv(
        filename,
        [
          { header: t('statistics.material'), value: (m) => m.material },
          { header: t('statistics.colour'), value: (m) => m.colour },
          { header: t('statistics.csv.colourHex'), value: (m) => m.colourHex },
          { header: gramsHeader, value: (m) => grams(m.gramsMg) },
          { header: t('statistics.jobs'), value: (m) => m.jobs },
        ],
        materialBreakdown(await materialUse(period.from, period.to)).byMaterialColour,
      )
    case 'products':
      return csv(
        filename,
        [
          { header: t('statistics.product'), value: (p) => p.name },
          { header: t('statistics.goodUnits'), value: (p) => p.goodUnits },
          { header: t('statistics.scrapUnits'), value: (p) => p.scrapUnits },
          { header: gramsHeader, value: (p) => grams(p.gramsMg) },
          { header: t('statistics.jobs'), value: (p) => p.jobs },
        ],
        await productOutput(period.from, period.to, null),
      )
    case 'printers':
      return csv(
        filename,
        [
          { header: t('statistics.csv.assetId'), value: (p) => p.assetId },
          { header: t('statistics.printer'), value: (p) => p.name },
          { header: t('statistics.csv.availableHours'), value: (p) => round1(p.availableHours) },
          { header: t('statistics.csv.printHours'), value: (p) => round1(p.printHours) },
          { header: t('statistics.csv.utilisation'), value: (p) => round1(p.utilisationPct) },
          { header: t('statistics.jobsRun'), value: (p) => p.jobsRun },
          { header: t('statistics.jobsDone'), value: (p) => p.jobsEnded.done },
          { header: t('statistics.failedJobs'), value: (p) => p.jobsEnded.failed },
          { header: t('statistics.goodUnits'), value: (p) => p.goodUnits },
          { header: t('statistics.scrapUnits'), value: (p) => p.scrapUnits },
        ],
        (await printerFigures(period, now, timeZone)).printers,
      )
  }
}
