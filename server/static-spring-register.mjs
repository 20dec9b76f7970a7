/** Registers ./static-spring-hook.mjs: imported by server.mjs first, or `node --import ./server/static-spring-register.mjs …`. */
import { register } from 'node:module'

register('./static-spring-hook.mjs', import.meta.url)
