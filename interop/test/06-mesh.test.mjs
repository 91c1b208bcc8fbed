// Behaviour area: offer fan-out and answer routing at a realistic swarm size: 20 Clients, each
// on its own socket, all end up with at least one open WebRTC data channel that carries bytes.
//
// The clients run in 4 child processes of 5 (+1 in the test process): libwebrtc takes ~50
// file descriptors per RTCPeerConnection on this machine, and 20 clients with 5 offers each
// (plus the answering side) exceed one process's descriptor limit. Browsers are separate
// processes anyway.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Session, randomIdHex, useTracker, waitUntil } from '../harness.mjs'

const h = useTracker()

const N = 20
const PROCESSES = 4

test(`${N} Clients in one swarm, each on its own socket: every one gets an open WebRTC data channel to another, carrying bytes, within 60 s`, { timeout: 100_000 }, async t => {
  const s = new Session(h.tracker, t)
  const infoHash = randomIdHex()
  const tag = `${process.pid}-${Date.now().toString(36)}`

  // Client 0, in this process, creates the swarm alone first. (Joining a brand-new swarm
  // concurrently hits a create race in the reference, docs/protocol.md#hazards-in-the-reference-tracker; that is C25's business.)
  const c0 = s.client({ infoHash, label: `mesh-${tag}-0` })
  const received = new Map() // label -> Set of peer ids it received bytes from
  const connected = new Map() // label -> Set of peer ids with an open channel
  const ids = new Map() // peer id -> label
  const note = (map, label, peer) => {
    if (!map.has(label)) map.set(label, new Set())
    map.get(label).add(peer)
  }
  ids.set(c0.peerId, c0.label)
  c0.on('peer-connected', peer => {
    note(connected, c0.label, peer.id)
    peer.on('data', () => note(received, c0.label, peer.id))
    peer.write(`hello from ${c0.label}`)
  })
  const first = await s.start(c0)
  assert.equal(first.incomplete, 1)

  // The other 19 join at once, spread over the child processes.
  const specs = Array.from({ length: N - 1 }, (_, i) => ({ label: `mesh-${tag}-${i + 1}`, peerId: randomIdHex() }))
  for (const sp of specs) ids.set(sp.peerId, sp.label)
  const replies = new Map()
  const warnings = []
  const children = []
  for (let p = 0; p < PROCESSES; p++) {
    const mine = specs.filter((_, i) => i % PROCESSES === p)
    const child = s.peerProcess({ infoHash, clients: mine, lifetimeMs: 90_000 })
    child.on('message', m => {
      if (m.event === 'update' && !replies.has(m.label)) replies.set(m.label, m)
      if (m.event === 'connected') note(connected, m.label, m.peer)
      if (m.event === 'data') note(received, m.label, m.peer)
      if (m.event === 'warning') warnings.push(`${m.label}: ${m.message}`)
    })
    children.push(child)
  }

  await waitUntil(() => replies.size === N - 1, {
    timeoutMs: 30_000, intervalMs: 100, label: `announce replies for all ${N - 1} joiners (have ${replies.size})`
  })
  for (const r of replies.values()) {
    assert.ok(r.incomplete >= 2 && r.incomplete <= N, `reply counts within 2..${N}: ${r.incomplete}`)
    assert.equal(r.complete, 0)
  }

  const labels = [c0.label, ...specs.map(sp => sp.label)]
  const joined = Date.now()
  await waitUntil(() => labels.every(l => received.get(l)?.size >= 1), {
    timeoutMs: 60_000,
    intervalMs: 250,
    label: 'every client received bytes on a data channel'
  }).catch(err => {
    const lonely = labels.filter(l => !(received.get(l)?.size >= 1))
    const childOut = children.map(c => c.exitInfo ? `child exited ${JSON.stringify(c.exitInfo)}: ${c.output.slice(-500)}` : null).filter(Boolean)
    throw new Error(`${err.message}\nwithout bytes: ${lonely.join(', ')}\nwarnings: ${warnings.slice(0, 10).join(' | ')}\n${childOut.join('\n')}`)
  })
  t.diagnostic(`all ${N} clients had a working data channel ${Date.now() - joined} ms after the joins; ` +
    `channels per client: ${labels.map(l => connected.get(l)?.size ?? 0).join(',')}`)

  // Every channel is to a genuine member of this swarm, never to the client itself.
  for (const [label, set] of connected) {
    for (const peer of set) {
      assert.ok(ids.has(peer), `${label}: connected peer ${peer} is a swarm member`)
      assert.notEqual(ids.get(peer), label, `${label}: never connected to itself`)
    }
  }
  for (const c of children) assert.equal(c.exitInfo, null, `child process ${c.pid} still running (did not crash)`)

  const scraped = await s.counts(infoHash)
  assert.deepEqual({ complete: scraped.complete, incomplete: scraped.incomplete }, { complete: 0, incomplete: N }, `scrape counts all ${N}`)
})
