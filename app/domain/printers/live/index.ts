/** Live printer state (issue 18): the one state shape, the protocol parsers and the connection rules. Pure. */
export * from './state'
export * from './moonraker'
export * from './octoprint'
export * from './bambu'
export * from './connection'
