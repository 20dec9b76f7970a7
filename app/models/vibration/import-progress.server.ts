/**
 * How far an upload got, for the upload page's progress while the request still runs: each file's import (rows read so
 * far — published by import-file.server.ts while it runs — then stored or failed) and the diagnosis runs it started.
 * An upload is found by its batch id, which the page chooses before it sends the form (`claimBatchId`).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationDiagnosisRuns, vibrationImports, type ImportStatus } from '~db/schema'
import { isUuid } from '~/utils/ids'

export interface DiagnosisTally {
  queued: number
  running: number
  done: number
  failed: number
}

export interface UploadProgressFile {
  id: string
  fileName: string
  status: ImportStatus
  rowsParsed: number
  rowsImported: number
  sizeBytes: number
  message: string | null
  diagnosis: DiagnosisTally
}

/**
 * The batch id an upload's imports get: the one the page sent (so it can poll the progress while the body streams in),
 * unless it is no UUID or is already taken — then a fresh one (that upload simply has no live progress).
 */
export async function claimBatchId(proposed: string | undefined, fresh: () => string): Promise<string> {
  if (!isUuid(proposed)) return fresh()
  const taken = await db.select({ id: vibrationImports.id }).from(vibrationImports).where(eq(vibrationImports.batchId, proposed)).limit(1)
  return taken.length ? fresh() : proposed.toLowerCase()
}

/** The files of one upload by this user, in the order they were sent, with their diagnosis runs counted by status. */
export async function uploadProgress(batchId: string, userId: string): Promise<UploadProgressFile[]> {
  if (!isUuid(batchId)) return []
  const imports = await db
    .select({
      id: vibrationImports.id,
      fileName: vibrationImports.fileName,
      status: vibrationImports.status,
      rowsParsed: vibrationImports.rowsParsed,
      rowsImported: vibrationImports.rowsImported,
      sizeBytes: vibrationImports.sizeBytes,
      message: vibrationImports.message,
    })
    .from(vibrationImports)
    .where(and(eq(vibrationImports.batchId, batchId), eq(vibrationImports.userId, userId)))
    .orderBy(asc(vibrationImports.startedAt), asc(vibrationImports.id))
  if (imports.length === 0) return []
  const runs = await db
    .select({ importId: vibrationDiagnosisRuns.importId, status: vibrationDiagnosisRuns.status, n: sql<number>`count(*)::int` })
    .from(vibrationDiagnosisRuns)
    .where(
      inArray(
        vibrationDiagnosisRuns.importId,
        imports.map((i) => i.id),
      ),
    )
    .groupBy(vibrationDiagnosisRuns.importId, vibrationDiagnosisRuns.status)
  return imports.map((imp) => {
    const diagnosis: DiagnosisTally = { queued: 0, running: 0, done: 0, failed: 0 }
    for (const r of runs) if (r.importId === imp.id) diagnosis[r.status] += Number(r.n)
    return { ...imp, diagnosis }
  })
}
