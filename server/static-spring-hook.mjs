/**
 * Node module hook (registered by server.mjs): nivo's `import … from '@react-spring/web'` gets ./react-spring-static.mjs
 * on the server. Only imports made from inside @nivo packages are redirected.
 */
const STATIC = new URL('./react-spring-static.mjs', import.meta.url).href

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@react-spring/web' && context.parentURL && context.parentURL.includes('/node_modules/@nivo/')) {
    return { url: STATIC, shortCircuit: true, format: 'module' }
  }
  return nextResolve(specifier, context)
}
