/**
 * Trims and collapses inner whitespace (what the unique index and FIFO pooling compare). Unlike `normalizeLabel` it keeps
 * the case: this is how a label is stored, not how two labels are compared.
 */
export const tidy = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ')
