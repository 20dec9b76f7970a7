import type { FieldMetadata } from '@conform-to/react'

/** Shapes the order and product components take as props (plain data from the loaders). */
export interface FilamentOption {
  id: string
  material: string
  colourName: string
  colourHex: string
  brand: string
}

/** Conform's metadata of the named fields, from whichever form holds them (field components shared by several forms). */
export type FieldsMeta<Name extends string> = Record<Name, FieldMetadata<unknown>>
