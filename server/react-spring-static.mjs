/**
 * The server's stand-in for `@react-spring/web` under nivo (registered by ./static-spring-hook.mjs; the browser keeps the
 * real library). Our charts never animate (`animate={false}`) and the server never runs effects, so what react-spring
 * puts in the server's markup is each value's first state: a transition's `initial` values (or its `enter` values when
 * `initial` is null, else `from`), a spring's `from` values, else its goals. This module renders exactly those, without
 * building a spring controller per bar, tick and grid line — which was most of a chart's server CPU (issue 20).
 *
 * Only the part of the API nivo uses: `animated` (host elements), `useSpring`, `useTransition`, `to` and `config`.
 * tests/unit/react-spring-static.test.ts renders every chart kind we draw with both and requires identical markup.
 */
import '@react-spring/core'
import { colors, createInterpolator, Globals, isAnimatedString } from '@react-spring/shared'
import { createElement, forwardRef, Fragment } from 'react'

export { config } from '@react-spring/core'

// Tells tests/support/nivo-markup.mjs which library drew its charts.
globalThis[Symbol.for('mes.staticSpring')] = true

// What @react-spring/web sets up when it loads (@react-spring/core, imported above, sets the string interpolator).
Globals.assign({ colors })

/**
 * A spring's string value as react-spring writes it: colours (and numbers inside strings) go through its string
 * interpolator, so `#e8c1a0` becomes `rgba(232, 193, 160, 1)` exactly as in the library's own markup.
 */
function normalise(value) {
  if (!isAnimatedString(value)) return value
  // Most strings (a transform, a path) hold no colour and only numbers as JavaScript writes them: the interpolator
  // would give them back unchanged, so they skip it. Anything else takes the library's own path.
  if (!COLOURISH.test(value) && value.replace(NUMBER, canonical) === value) return value
  return createInterpolator({ output: [value, value] })(0)
}

// react-spring's number pattern, and what may hold a colour: a hex, rgb(a)/hsl(a), a CSS variable, or a colour name as
// react-spring finds one (a name not followed by a word character).
const NUMBER = /[+-]?(?:0|[1-9]\d*)(?:\.\d*)?(?:[eE][+-]?\d+)?/g
const COLOURISH = new RegExp(`#|rgb|hsl|var\\(|(?:${Object.keys(colors).join('|')})(?!\\w)`)
const canonical = (n) => String(Number(n))

/** A value that never changes; `.to(fn)` derives another, as react-spring's interpolations do. */
class StaticValue {
  constructor(value) {
    this.value = value
  }
  get() {
    return this.value
  }
  to(fn) {
    return new StaticValue(fn(this.value))
  }
}

const read = (v) => (v instanceof StaticValue ? v.get() : v)

/** `to(value, fn)` or `to([a, b], fn)`. */
export function to(input, fn) {
  return Array.isArray(input) ? new StaticValue(fn(...input.map(read))) : new StaticValue(fn(read(input)))
}

const RESERVED = new Set(['config', 'immediate', 'from', 'to', 'reset', 'reverse', 'delay', 'loop', 'cancel', 'pause', 'default', 'ref', 'keys', 'initial', 'enter', 'update', 'leave', 'trail', 'expires', 'sort', 'exitBeforeEnter', 'onStart', 'onChange', 'onRest', 'onResolve', 'onProps', 'onDestroyed', 'onPause', 'onResume'])

function staticValues(values) {
  const out = {}
  for (const key of Object.keys(values ?? {})) out[key] = new StaticValue(normalise(values[key]))
  return out
}

function firstState(props) {
  const goals = {}
  for (const key of Object.keys(props)) if (!RESERVED.has(key)) goals[key] = props[key]
  if (props.to && typeof props.to === 'object' && !Array.isArray(props.to)) Object.assign(goals, props.to)
  return { ...goals, ...(props.from ?? {}) }
}

const api = { start() {}, stop() {}, set() {}, pause() {}, resume() {}, update() {} }

export function useSpring(props) {
  if (typeof props === 'function') return [staticValues(firstState(props())), api]
  return staticValues(firstState(props))
}

export function useTransition(data, props) {
  const items = Array.isArray(data) ? data : data == null ? [] : [data]
  const source = props.initial === null ? props.enter : props.initial !== undefined ? props.initial : (props.from ?? props.enter)
  const keyOf = (item, i) => (typeof props.keys === 'function' ? props.keys(item, i) : Array.isArray(props.keys) ? props.keys[i] : (props.keys ?? item))
  return (render) =>
    createElement(
      Fragment,
      null,
      items.map((item, i) => {
        const key = keyOf(item, i)
        const values = staticValues(typeof source === 'function' ? source(item, i) : source)
        const element = render(values, item, { key, item, phase: 'mount' }, i)
        return element && element.type ? createElement(element.type, { ...element.props, key, ref: element.ref }) : element
      }),
    )
}

function resolveProps(props) {
  const out = {}
  for (const key of Object.keys(props)) {
    const v = props[key]
    if (key === 'style' && v && typeof v === 'object') {
      const style = {}
      for (const s of Object.keys(v)) style[s] = read(v[s])
      out.style = style
    } else out[key] = read(v)
  }
  return out
}

const hosts = new Map()
function host(type) {
  let component = hosts.get(type)
  if (!component) {
    component = forwardRef((props, ref) => createElement(type, { ...resolveProps(props), ref }))
    component.displayName = `animated.${typeof type === 'string' ? type : (type.displayName ?? type.name)}`
    hosts.set(type, component)
  }
  return component
}

/** `animated.g`, `animated.rect`, … and `animated(Component)`. */
export const animated = new Proxy(host, { get: (target, prop) => (typeof prop === 'string' ? host(prop) : target[prop]) })
