import type { ReactNode } from 'react'
import type { MaintenanceDueStatus, PrinterStatus } from '~/domain/printers'
import { useT } from '~/utils/i18n'
import { Badge } from '../ui/layout'

const statusTone = { active: 'green', maintenance: 'amber', retired: 'slate' } as const

export function PrinterStatusBadge({ status }: { status: PrinterStatus }) {
  const t = useT()
  return <Badge tone={statusTone[status]}>{t(`printers.status.${status}`)}</Badge>
}

const dueTone = { ok: 'green', due_soon: 'amber', overdue: 'red', never_done: 'slate' } as const

/** Small icons so the state never rides on colour alone (text + colour + shape). */
function DueIcon({ status }: { status: MaintenanceDueStatus }) {
  const common = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true, className: 'mr-1 shrink-0', fill: 'none', stroke: 'currentColor', strokeWidth: 2 } as const
  if (status === 'overdue')
    return (
      <svg {...common}>
        <path d="M8 1.5 15 14.5H1z" strokeLinejoin="round" />
        <path d="M8 6v4M8 12v.5" strokeLinecap="round" />
      </svg>
    )
  if (status === 'due_soon')
    return (
      <svg {...common}>
        <circle cx="8" cy="8" r="6.5" />
        <path d="M8 4v4l3 2" strokeLinecap="round" />
      </svg>
    )
  if (status === 'ok')
    return (
      <svg {...common}>
        <path d="m3 8.5 3 3 7-7" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    )
  return (
    <svg {...common}>
      <circle cx="8" cy="8" r="6.5" />
      <path d="M5 8h6" strokeLinecap="round" />
    </svg>
  )
}

export function DueBadge({ status, children }: { status: MaintenanceDueStatus; children?: ReactNode }) {
  const t = useT()
  return (
    <span data-due={status} className="inline-flex">
      <Badge tone={dueTone[status]}>
        <DueIcon status={status} />
        {children ?? t(`printers.due.${status}`)}
      </Badge>
    </span>
  )
}
