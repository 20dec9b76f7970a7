/** Shapes the order and product components take as props (plain data from the loaders). */
export interface FilamentOption {
  id: string
  material: string
  colourName: string
  colourHex: string
  brand: string
}
