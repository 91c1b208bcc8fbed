// The reference tracker for load tests: bittorrent-tracker 11.2.3's own Server, WebSocket
// transport only, on 127.0.0.1 and an ephemeral port. Prints the same ready line as our
// tracker ("Players announce to ws://127.0.0.1:<port>/") so measure.sh can drive it. Stops on
// SIGTERM/SIGINT.
//
//   node load-test/reference-tracker.mjs [--peers-cache-length N] [--modules DIR]
//
//   --peers-cache-length N  peers kept per swarm (bittorrent-tracker's `peersCacheLength`, an
//                           LRU whose evictions it reports as `stopped`); its default is 1000, so
//                           a larger swarm silently loses peers: raise it to compare fairly.
//   --modules DIR           the node_modules holding bittorrent-tracker; default
//                           load-test/.reference/node_modules, which compare.sh installs from npm;
//                           the interop suite passes its own (interop/node_modules).
//
// It loads `bittorrent-tracker/server.js` by path (the package exports only an `import`
// condition, and load-test/ has no node_modules of its own), so the client side and its WebRTC
// dependency are never loaded here.
import { fileURLToPath, pathToFileURL } from 'node:url'
import path from 'node:path'

const here = path.dirname(fileURLToPath(import.meta.url))
let modules = path.join(here, '.reference', 'node_modules')
let peersCacheLength
const args = process.argv.slice(2)
for (let i = 0; i < args.length; i += 2) {
  const [flag, value] = [args[i], args[i + 1]]
  if (value === undefined) usage(`${flag} needs a value`)
  if (flag === '--peers-cache-length') {
    peersCacheLength = Number(value)
    if (!Number.isInteger(peersCacheLength) || peersCacheLength < 1) usage(`--peers-cache-length takes a whole number >= 1, not ${value}`)
  } else if (flag === '--modules') {
    modules = path.resolve(value)
  } else {
    usage(`unknown flag ${flag}`)
  }
}

function usage (message) {
  console.error(`reference-tracker.mjs: ${message}`)
  console.error('usage: node load-test/reference-tracker.mjs [--peers-cache-length N] [--modules DIR]')
  process.exit(2)
}

const { default: Server } = await import(pathToFileURL(path.join(modules, 'bittorrent-tracker', 'server.js')).href)
const { version } = JSON.parse(await (await import('node:fs/promises')).readFile(path.join(modules, 'bittorrent-tracker', 'package.json'), 'utf8'))

const host = '127.0.0.1'
const server = new Server({
  http: false, // no HTTP tracker; the ws server still gets its own (404-only) http.Server
  udp: false,
  ws: true,
  stats: false,
  trustProxy: false,
  // `interval` left at its default (10 min), so the ws replies advertise ceil(600/5) = 120 s.
  ...(peersCacheLength ? { peersCacheLength } : {})
})

server.on('error', err => {
  console.error(`reference tracker error: ${err.message}`)
  process.exit(1)
})
server.on('warning', err => {
  if (process.env.REFERENCE_VERBOSE) console.error(`reference tracker warning: ${err.message}`)
})

server.listen(0, host, () => {
  const { address, port } = server.http.address()
  console.log(`bittorrent-tracker ${version} (node ${process.version}) listening on ${address}:${port}, ` +
    `peersCacheLength ${peersCacheLength ?? '1000 (default)'}`)
  console.log(`Players announce to ws://${host}:${port}/`)
})

let stopping = false
function stop () {
  if (stopping) return
  stopping = true
  // Open sockets would keep http.close() waiting: exit after a short bounded delay in any case.
  const hard = setTimeout(() => process.exit(0), 2000)
  hard.unref()
  server.close(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
