import type { ReactNode } from 'react'

export function PageHeader({ title, actions }: { title: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-2xl font-bold text-slate-900">{title}</h1>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  )
}

export function Card({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <section className={`rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6 ${className}`}>{children}</section>
}

/** `.badge` and `.tone-*` live in app/styles.css. */
const badgeTones = {
  green: 'tone-green',
  red: 'tone-red',
  amber: 'tone-amber',
  slate: 'tone-slate',
  blue: 'tone-blue',
} as const

export function Badge({ tone = 'slate', children }: { tone?: keyof typeof badgeTones; children: ReactNode }) {
  return <span className={`badge font-medium ${badgeTones[tone]}`}>{children}</span>
}
