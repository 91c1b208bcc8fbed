// A child process holding one or more bittorrent-tracker Clients (real WebRTC), driven by the
// tests that need peers outside the test process: the SIGKILL test and the 20-client mesh
// (libwebrtc uses ~50 file descriptors per RTCPeerConnection here, so 20 clients with 5 offers
// each do not fit in one process under a 20 000-descriptor limit; browsers are separate
// processes anyway).
//
// Run: node --import ./register-wrtc.mjs peer-process.mjs '<json config>'
//   config: { baseUrl: "ws://127.0.0.1:PORT/", infoHash: "<hex>", lifetimeMs: 60000,
//             clients: [{ label: "x", peerId: "<hex, optional>" }, ...] }
// Prints one JSON object per line on stdout:
//   {"event":"ready","pid":N}
//   {"event":"update","label","complete","incomplete"}          an announce reply
//   {"event":"connected","label","peer":"<hex peer_id>","n":K}  a data channel opened
//   {"event":"data","label","peer":"<hex>","text":"..."}        bytes received on a channel
//   {"event":"warning","label","message"}
// Exits by itself after lifetimeMs (bounded), or on SIGTERM, destroying its clients first.
import { randomBytes } from 'node:crypto'

import Client from 'bittorrent-tracker/client'

import { closeAllPeerConnections } from './wrtc-shim.mjs'

const cfg = JSON.parse(process.argv[2] || '{}')
if (!/^ws:\/\/127\.0\.0\.1:\d+\/$/.test(cfg.baseUrl || '')) throw new Error('baseUrl must be ws://127.0.0.1:PORT/')
if (!/^[0-9a-f]{40}$/.test(cfg.infoHash || '')) throw new Error('infoHash must be 40 hex chars')
const lifetimeMs = Math.min(Number(cfg.lifetimeMs) || 60_000, 120_000)

function out (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

const clients = []
const peers = new Set()

for (const spec of cfg.clients || []) {
  const label = String(spec.label)
  const peerId = spec.peerId || randomBytes(20).toString('hex')
  const client = new Client({
    infoHash: cfg.infoHash,
    peerId,
    announce: [`${cfg.baseUrl}${label}`],
    port: 6881,
    rtcConfig: { iceServers: [] }
  })
  let connected = 0
  client.on('update', d => out({ event: 'update', label, complete: d.complete, incomplete: d.incomplete }))
  client.on('warning', err => out({ event: 'warning', label, message: err.message }))
  client.on('error', err => out({ event: 'warning', label, message: `error: ${err.message}` }))
  client.on('peer', peer => {
    peers.add(peer)
    peer.on('error', () => {})
    peer.once('close', () => peers.delete(peer))
    peer.once('connect', () => {
      connected++
      out({ event: 'connected', label, peer: peer.id, n: connected })
      peer.write(`hello from ${label}`)
    })
    peer.on('data', buf => out({ event: 'data', label, peer: peer.id, text: Buffer.from(buf).toString().slice(0, 100) }))
  })
  clients.push(client)
}

out({ event: 'ready', pid: process.pid })
for (const c of clients) c.start()

let stopping = false
function stop () {
  if (stopping) return
  stopping = true
  for (const c of clients) c.destroy()
  for (const p of peers) p.destroy()
  setTimeout(() => {
    closeAllPeerConnections()
    process.exit(0)
  }, 300)
}
setTimeout(stop, lifetimeMs)
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
