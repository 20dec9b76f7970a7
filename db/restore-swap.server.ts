/**
 * Swapping a restored embedded database into place (docs/decisions/011-…). `db:restore` builds the new database in
 * `DATA_DIR/pglite.restoring-<pid>` and checks it there; only then is it renamed to `DATA_DIR/pglite.restore-ready`
 * (one atomic rename: "built and verified"), the current `DATA_DIR/pglite` renamed aside, and the ready one renamed into
 * place. A process stopped between those renames leaves `pglite.restore-ready` behind; whoever opens the folder next
 * (holding its lock) finishes the swap, so the folder never ends up without its database — or with a fresh empty one.
 */
import fs from 'node:fs'
import path from 'node:path'

export const RESTORE_READY = 'pglite.restore-ready'
export const restoringDir = (root: string) => path.join(root, `pglite.restoring-${process.pid}`)

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')

function fsyncDir(dir: string) {
  try {
    const fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
  } catch {
    // not every filesystem lets a directory be fsynced; the renames are done either way
  }
}

const holdsDatabase = (dir: string) => fs.existsSync(dir) && fs.readdirSync(dir).length > 0

/**
 * Moves `DATA_DIR/pglite.restore-ready` into `DATA_DIR/pglite`; a database already there is kept aside as
 * `pglite.before-restore-<time>` (returned). The caller holds the folder's lock.
 */
export function swapInRestored(root: string): { aside: string | null } {
  const ready = path.join(root, RESTORE_READY)
  const target = path.join(root, 'pglite')
  let aside: string | null = null
  if (holdsDatabase(target)) {
    aside = `${target}.before-restore-${stamp()}`
    fs.renameSync(target, aside)
  } else {
    fs.rmSync(target, { recursive: true, force: true })
  }
  fs.renameSync(ready, target)
  fsyncDir(root)
  return { aside }
}

/** Finishes a swap a stopped `db:restore` left half-done (see the module comment); null when there was none. */
export function finishInterruptedRestore(root: string): { aside: string | null } | null {
  if (!fs.existsSync(path.join(root, RESTORE_READY))) return null
  const done = swapInRestored(root)
  console.error(JSON.stringify({ level: 'warn', msg: 'finished an interrupted restore: the verified database is now in place', dataDir: root, previousKeptIn: done.aside }))
  return done
}

/** Marks a database built and verified in `restoringDir` as ready, then swaps it in. */
export function commitRestore(root: string, built: string): { aside: string | null } {
  fs.renameSync(built, path.join(root, RESTORE_READY))
  fsyncDir(root)
  return swapInRestored(root)
}
