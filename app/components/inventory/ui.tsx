import { Form, NavLink } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { ConfirmStep } from '~/components/ui/confirm'
import type { OutlookStatus, SpoolStatus } from '~/domain/inventory'
import type { Translate } from '~/i18n'
import { formatGrams } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { useIsPending } from '~/utils/use-is-pending'

/** Grams as the inventory tables and messages write them: one decimal, the unit in the column header or the text. */
export function useGrams(): (mg: number) => string {
  const locale = useLocale()
  return (mg) => formatGrams(locale, mg, { unit: false })
}

export function InventoryTabs() {
  const t = useT()
  const tabs = [
    { to: '/inventory', label: t('inventory.tab.spools'), end: true },
    { to: '/inventory/filaments', label: t('inventory.tab.filaments'), end: false },
    { to: '/inventory/outlook', label: t('inventory.tab.outlook'), end: false },
  ]
  return (
    <nav aria-label={t('inventory.tabs')} className="mb-4 flex flex-wrap gap-2 print:hidden">
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end={tab.end}
          className={({ isActive }) =>
            `flex min-h-touch items-center rounded-lg px-4 text-base font-medium ring-1 ring-inset ${isActive ? 'bg-slate-900 text-white ring-slate-900' : 'bg-white text-slate-800 ring-slate-300 hover:bg-slate-50'}`
          }
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  )
}

/** A clear colour swatch (with a border so white and black both show); the colour name is always written beside it. */
export function Swatch({ hex, size = 'md' }: { hex: string | null; size?: 'md' | 'lg' }) {
  const dim = size === 'lg' ? 'h-10 w-10' : 'h-7 w-7'
  return (
    <span
      aria-hidden="true"
      data-testid="swatch"
      className={`swatch ${dim}`}
      style={{ backgroundColor: hex ?? '#ffffff' }}
    />
  )
}

const spoolTone: Record<SpoolStatus, string> = {
  active: 'tone-green',
  empty: 'tone-amber',
  archived: 'tone-slate',
}
const spoolIcon: Record<SpoolStatus, string> = { active: '●', empty: '○', archived: '▪' }

/** Status never by colour alone: icon + text + colour. */
function Pill({ tone, icon, children, ...data }: { tone: string; icon: string; children: string; 'data-status'?: string }) {
  return (
    <span {...data} className={`badge gap-1 ${tone}`}>
      <span aria-hidden="true">{icon}</span>
      {children}
    </span>
  )
}

export function SpoolStatusBadge({ status }: { status: SpoolStatus }) {
  const t = useT()
  return (
    <Pill tone={`font-medium ${spoolTone[status]}`} icon={spoolIcon[status]}>
      {t(`inventory.status.${status}`)}
    </Pill>
  )
}

const outlookTone: Record<OutlookStatus, string> = {
  sufficient: 'bg-green-100 text-green-900 ring-green-400',
  low: 'bg-amber-100 text-amber-900 ring-amber-400',
  short: 'bg-red-100 text-red-900 ring-red-400',
}
const outlookIcon: Record<OutlookStatus, string> = { sufficient: '✔', low: '⚠', short: '✖' }

export function OutlookStatusBadge({ status }: { status: OutlookStatus }) {
  const t = useT()
  return (
    <Pill data-status={status} tone={`font-semibold ${outlookTone[status]}`} icon={outlookIcon[status]}>
      {t(`inventory.outlook.status.${status}`)}
    </Pill>
  )
}

export const outlookRowTone: Record<OutlookStatus, string> = {
  sufficient: '',
  low: 'bg-amber-50',
  short: 'bg-red-50',
}

export function usageKindLabel(t: Translate, kind: string): string {
  const known = ['receive', 'weigh', 'deduct', 'correct', 'consume'] as const
  return (known as readonly string[]).includes(kind) ? t(`inventory.usage.kind.${kind as (typeof known)[number]}`) : kind
}

/** Archive or restore (a filament or a spool) at the version shown: one button, its own form. */
/**
 * Archive (behind a confirm step that works without JavaScript: the red button is the second tap, never the first) or
 * restore. After archiving, the toast offers Undo.
 */
export function ArchiveForm({ archived, version, labels }: { archived: boolean; version: number; labels: { archive: string; restore: string; question: string } }) {
  const isPending = useIsPending({ intent: archived ? 'restore' : 'archive' })
  return (
    <Form method="post" className="mt-6 border-t border-slate-200 pt-4">
      <input type="hidden" name="version" value={version} />
      {archived ? (
        <Button type="submit" name="intent" value="restore" variant="secondary" disabled={isPending}>
          {labels.restore}
        </Button>
      ) : (
        <ConfirmStep label={labels.archive} question={labels.question} testId="confirm-archive">
          <Button type="submit" name="intent" value="archive" variant="danger" disabled={isPending}>
            {labels.archive}
          </Button>
        </ConfirmStep>
      )}
    </Form>
  )
}
