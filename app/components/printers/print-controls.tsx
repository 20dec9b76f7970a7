import { useEffect, useState } from 'react'
import { buttonClass } from '~/components/ui/button'
import { useT } from '~/utils/i18n'

/**
 * Print CSS of the label pages, sent as-is (a <style> child would be HTML-escaped: `>` as `&gt;`, which breaks the
 * selectors and makes React's hydration see different text). On paper only the labels remain: the app's header, the
 * toasts and everything marked `data-print-hide` are hidden.
 */
export function PrintStyle({ css = '' }: { css?: string }) {
  const base = `@media print { header:not(main header), [data-print-hide], [role="status"] { display: none !important; } main { padding: 0 !important; max-width: none !important; } body { background: white !important; } ${css} }`
  return <style dangerouslySetInnerHTML={{ __html: base }} />
}

/**
 * The Print button (JavaScript: window.print()). Without JavaScript, and until the page has hydrated, a hint says the
 * browser's own Print command does the same — the first render is identical on server and client.
 */
export function PrintButton({ label }: { label: string }) {
  const t = useT()
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated ? (
    <button type="button" className={buttonClass('primary')} onClick={() => window.print()} data-testid="print-button">
      {label}
    </button>
  ) : (
    <p className="flex min-h-touch items-center text-slate-700 break-keep" data-testid="print-hint">
      {t('printers.label.printHint')}
    </p>
  )
}
