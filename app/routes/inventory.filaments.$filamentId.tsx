import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FilamentFields } from '~/components/inventory/filament-fields'
import { FilamentAction } from '~/components/inventory/schemas'
import { formatGrams, InventoryTabs, SpoolStatusBadge, Swatch } from '~/components/inventory/ui'
import { Button, buttonClass } from '~/components/ui/button'
import { FormErrors } from '~/components/ui/field'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { mgToGramsString } from '~/domain/inventory/mass'
import type { MessageKey } from '~/i18n'
import { changeFilament, getFilament } from '~/models/inventory/filaments.server'
import { listSpools } from '~/models/inventory/spools.server'
import { type Filament } from '~/models/inventory/shapes.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { translateErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'inventory:read')
  const filament = await getFilament(params.filamentId ?? '')
  if (!filament) throw new Response('Filament not found', { status: 404 })
  const spools = await listSpools({ filamentId: filament.id, status: 'all' })
  return { filament, spools, canWrite: can(user.role, 'inventory:write') }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'inventory:write')
  const id = params.filamentId ?? ''
  if (!(await getFilament(id))) throw new Response('Filament not found', { status: 404 })
  const submission = parseWithZod(await readForm(request), { schema: FilamentAction })
  if (submission.status !== 'success') return data({ result: submission.reply(), current: null as Filament | null }, { status: 400 })
  const v = submission.value
  const actor = actorOf(user, request)
  const result =
    v.intent === 'save'
      ? await changeFilament(actor, id, v.version, {
          input: {
            material: v.material,
            colourName: v.colourName,
            colourHex: v.colourHex,
            brand: v.brand,
            diameterMm: v.diameterMm,
            densityGPerCm3: v.densityGPerCm3,
            costPerKg: v.costPerKg ?? null,
            lowStockMg: v.lowStockGrams,
          },
        })
      : await changeFilament(actor, id, v.version, { archived: v.intent === 'archive' })
  if (!result.ok) {
    if (result.reason === 'not_found') throw new Response('Filament not found', { status: 404 })
    if (result.reason === 'duplicate') {
      return data({ result: submission.reply({ fieldErrors: { brand: ['inventory.error.duplicateFilament'] } }), current: null }, { status: 409 })
    }
    if (result.reason === 'conflict') return data({ result: submission.reply({ formErrors: ['error.conflict'] }), current: result.current }, { status: 409 })
  }
  const f = result.filament
  const key: MessageKey = v.intent === 'save' ? 'inventory.filaments.saved' : v.intent === 'archive' ? 'inventory.filaments.archivedToast' : 'inventory.filaments.restoredToast'
  return redirectWithToast(`/inventory/filaments/${id}`, { type: 'success', key, params: { name: `${f.material} ${f.colourName} (${f.brand})` } })
}

export default function FilamentPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const f = actionData?.current ?? loaded.filament
  const errors = (actionData?.result.error ?? {}) as Record<string, string[] | undefined>
  const sent = (actionData && !actionData.current ? actionData.result.initialValue ?? {} : {}) as Record<string, string | undefined>
  const busy = navigation.state === 'submitting'
  const defaults = {
    material: f.material,
    colourName: f.colourName,
    colourHex: f.colourHex,
    brand: f.brand,
    diameterMm: f.diameterMm,
    densityGPerCm3: f.densityGPerCm3,
    costPerKg: f.costPerKg,
    lowStockGrams: mgToGramsString(f.lowStockMg),
    ...sent,
  }
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            <Swatch hex={f.colourHex} size="lg" />
            {f.material} · {f.colourName} ({f.brand}){f.archivedAt ? <Badge>{t('inventory.filaments.archived')}</Badge> : null}
          </span>
        }
      />
      <InventoryTabs />
      <div className="grid gap-6 lg:grid-cols-2" key={f.version}>
        {loaded.canWrite ? (
          <Card>
            <h2 className="text-lg font-semibold">{t('inventory.filaments.edit')}</h2>
            <FormErrors errors={translateErrors(t, errors[''])} />
            <Form method="post" className="mt-4 space-y-4">
              <input type="hidden" name="version" value={f.version} />
              <FilamentFields defaults={defaults} errors={errors} />
              <Button type="submit" name="intent" value="save" disabled={busy}>
                {t('common.save')}
              </Button>
            </Form>
            <Form method="post" className="mt-6 border-t border-slate-200 pt-4">
              <input type="hidden" name="version" value={f.version} />
              {f.archivedAt ? (
                <Button type="submit" name="intent" value="restore" variant="secondary" disabled={busy}>
                  {t('inventory.filaments.restore')}
                </Button>
              ) : (
                <Button type="submit" name="intent" value="archive" variant="danger" disabled={busy}>
                  {t('inventory.filaments.archive')}
                </Button>
              )}
            </Form>
          </Card>
        ) : null}
        <Card className="overflow-x-auto">
          <div className="flex items-center justify-between gap-2">
            <h2 className="text-lg font-semibold">{t('inventory.filaments.spools')}</h2>
            {loaded.canWrite && !f.archivedAt ? (
              <Link to={`/inventory/spools/new?filamentId=${f.id}`} className={buttonClass('secondary')}>
                {t('inventory.filaments.addSpool')}
              </Link>
            ) : null}
          </div>
          <table className="mt-3 w-full text-left">
            <thead className="text-sm text-slate-600">
              <tr>
                <th className="py-2 pr-3">{t('inventory.batch')}</th>
                <th className="py-2 pr-3 text-right">{t('inventory.remaining')}</th>
                <th className="py-2 pr-3">{t('inventory.status')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {loaded.spools.map((s) => (
                <tr key={s.id}>
                  <td className="py-1 pr-3">
                    <Link to={`/inventory/spools/${s.id}`} className="flex min-h-touch items-center gap-2 text-blue-800 underline">
                      <Swatch hex={s.colourHex} />
                      {s.batch || t('inventory.noBatch')}
                    </Link>
                  </td>
                  <td className="pr-3 text-right tabular-nums">{formatGrams(s.remainingMg)}</td>
                  <td className="pr-3">
                    <SpoolStatusBadge status={s.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
