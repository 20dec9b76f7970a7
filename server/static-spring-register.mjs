/** `node --import ./server/static-spring-register.mjs …`: what server.mjs does first (see ./static-spring-hook.mjs). */
import { register } from 'node:module'

register('./static-spring-hook.mjs', import.meta.url)
