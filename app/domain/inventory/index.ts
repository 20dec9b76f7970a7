export * from './mass'
export * from './keys'
export * from './stock-change'
export * from './projection'
