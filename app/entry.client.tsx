import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { registerMessages } from './i18n/registry'

/**
 * The page's language arrives as a deferred script of its own (app/routes/i18n.$file.ts); Remix's module script is async
 * and may run first, so hydration waits for it (a script that fails to load lets it go on after 5 s).
 */
function messagesLoaded(): Promise<void> {
  if (window.__mesI18n) return Promise.resolve()
  const script = document.querySelector('script[data-mes-i18n]')
  if (!script) return Promise.resolve()
  return new Promise((resolve) => {
    script.addEventListener('load', () => resolve(), { once: true })
    script.addEventListener('error', () => resolve(), { once: true })
    setTimeout(resolve, 5_000)
  })
}

// A request the browser aborted because the page moved on (a revalidation or route discovery cut short by the next
// navigation) is not an error anyone must see; anything else still reaches the console.
window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason
  if (reason instanceof DOMException && reason.name === 'AbortError') event.preventDefault()
})

void messagesLoaded().then(() => {
  if (window.__mesI18n) registerMessages(window.__mesI18n.locale, window.__mesI18n.messages)
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    )
  })
})
