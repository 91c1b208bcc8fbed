// Module-resolution hook (runs on the loader thread, see register-wrtc.mjs).
const SHIM_URL = new URL('./wrtc-shim.mjs', import.meta.url).href

export async function resolve (specifier, context, nextResolve) {
  if (specifier === 'webrtc-polyfill') {
    return { url: SHIM_URL, shortCircuit: true }
  }
  return nextResolve(specifier, context)
}
