// Starts the reference tracker (bittorrent-tracker 11.2.3's own Server) with only the
// WebSocket transport, on 127.0.0.1 and an ephemeral port, and prints the same line as our
// tracker: "Players announce to ws://127.0.0.1:<port>/". Stops on SIGTERM/SIGINT.
//
// Imports `bittorrent-tracker/server` (not the package root) so the client side, and with it
// webrtc-polyfill, is never loaded in this process.
import Server from 'bittorrent-tracker/server'

const host = '127.0.0.1'

const server = new Server({
  http: false, // no HTTP tracker; the ws server still gets its own (404-only) http.Server
  udp: false,
  ws: true,
  stats: false,
  // `interval` left at its default (10 min), so the ws replies advertise ceil(600/5) = 120 s.
  trustProxy: false
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
  console.log(`bittorrent-tracker reference server listening on ${address}:${port}`)
  console.log(`Players announce to ws://${host}:${port}/`)
})

let stopping = false
function stop () {
  if (stopping) return
  stopping = true
  // server.close() stops accepting; open sockets would keep http.close() waiting, so exit
  // after a short bounded delay in any case.
  const hard = setTimeout(() => process.exit(0), 2000)
  hard.unref()
  server.close(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
