/**
 * Drawn icons for states that also have a text label (never the icon alone). Drawn rather than emoji: an emoji needs a
 * colour-emoji font, which not every tablet, print server or test browser has.
 */
export function LockIcon({ className = 'inline h-4 w-4 align-[-2px]' }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" className={className} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true" data-icon="lock">
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </svg>
  )
}
