/** Statistics and dashboard domain: periods, figures from grouped rows, dashboard states. */
export * from './period'
export * from './figures'
export * from './dashboard'
