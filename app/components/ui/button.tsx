import type { ButtonHTMLAttributes } from 'react'

export type Variant = 'primary' | 'secondary' | 'danger' | 'danger-outline' | 'ghost'

const variants: Record<Variant, string> = {
  primary: 'bg-blue-700 text-white hover:bg-blue-800 focus-visible:outline-blue-700',
  secondary: 'bg-white text-slate-900 ring-1 ring-inset ring-slate-300 hover:bg-slate-50',
  danger: 'bg-red-700 text-white hover:bg-red-800 focus-visible:outline-red-700',
  // The first tap of a destructive action (it only opens the confirm step): white like a secondary button, red text.
  'danger-outline': 'bg-white text-red-800 ring-1 ring-inset ring-red-300 hover:bg-red-50',
  ghost: 'text-slate-700 hover:bg-slate-100',
}

export function buttonClass(variant: Variant = 'primary', extra = '') {
  return `inline-flex min-h-touch min-w-touch items-center justify-center gap-2 whitespace-nowrap rounded-lg px-4 py-2 text-base font-semibold focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60 ${variants[variant]} ${extra}`
}

export function Button({ variant = 'primary', className = '', type = 'button', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type={type} className={buttonClass(variant, className)} {...props} />
}
