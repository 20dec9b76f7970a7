import { NavLink } from '@remix-run/react'
import { formatDateTime } from '~/components/printers/format'
import type { OutlookStatus, SpoolStatus } from '~/domain/inventory'
import { mgToGramsString } from '~/domain/inventory/mass'
import type { Translate } from '~/i18n'
import { useT } from '~/utils/i18n'

/** "1234.5" → "1,234.5" (grams with one decimal, exact). */
export function formatGrams(mg: number): string {
  const s = mgToGramsString(mg, 1)
  const [int, frac] = s.split('.')
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`
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
      className={`inline-block shrink-0 rounded-full ring-2 ring-inset ring-slate-400 ${dim}`}
      style={{ backgroundColor: hex ?? '#ffffff' }}
    />
  )
}

const spoolTone: Record<SpoolStatus, string> = {
  active: 'bg-green-100 text-green-900 ring-green-300',
  empty: 'bg-amber-100 text-amber-900 ring-amber-300',
  archived: 'bg-slate-100 text-slate-800 ring-slate-300',
}
const spoolIcon: Record<SpoolStatus, string> = { active: '●', empty: '○', archived: '▪' }

export function SpoolStatusBadge({ status }: { status: SpoolStatus }) {
  const t = useT()
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-sm font-medium ring-1 ring-inset ${spoolTone[status]}`}>
      <span aria-hidden="true">{spoolIcon[status]}</span>
      {t(`inventory.status.${status}`)}
    </span>
  )
}

const outlookTone: Record<OutlookStatus, string> = {
  sufficient: 'bg-green-100 text-green-900 ring-green-400',
  low: 'bg-amber-100 text-amber-900 ring-amber-400',
  short: 'bg-red-100 text-red-900 ring-red-400',
}
const outlookIcon: Record<OutlookStatus, string> = { sufficient: '✔', low: '⚠', short: '✖' }

/** Status never by colour alone: icon + text + colour. */
export function OutlookStatusBadge({ status }: { status: OutlookStatus }) {
  const t = useT()
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-sm font-semibold ring-1 ring-inset ${outlookTone[status]}`}
    >
      <span aria-hidden="true">{outlookIcon[status]}</span>
      {t(`inventory.outlook.status.${status}`)}
    </span>
  )
}

export const outlookRowTone: Record<OutlookStatus, string> = {
  sufficient: '',
  low: 'bg-amber-50',
  short: 'bg-red-50',
}

/** Same text on the server and in the browser (see formatDateTime). */
export function shopDate(value: string | Date, timeZone: string, locale: string): string {
  return formatDateTime(locale === 'ko' ? 'ko' : 'en', value, timeZone)
}

export function usageKindLabel(t: Translate, kind: string): string {
  const known = ['receive', 'weigh', 'deduct', 'correct', 'consume'] as const
  return (known as readonly string[]).includes(kind) ? t(`inventory.usage.kind.${kind as (typeof known)[number]}`) : kind
}
