// A small HLS VOD stream made at test time and served on loopback: packed-audio segments (ADTS
// AAC-LC frames of silence, each segment led by the ID3 timestamp HLS requires of packed audio),
// so no encoder is needed. hls.js plays them like any audio-only stream.
import http from 'node:http'

const SAMPLE_RATE = 44100
const SAMPLES_PER_FRAME = 1024
const FRAMES_PER_SEGMENT = 86 // about 2 s
// Each frame: one raw_data_block holding a mono channel element with no scale factor bands
// (silence), a fill element of FILL_BYTES (so the segments weigh something), then END.
const FILL_BYTES = 269 // the most one fill element holds: 15 + 255 - 1

class Bits {
  constructor () { this.bytes = []; this.bit = 0 }
  put (value, width) {
    for (let i = width - 1; i >= 0; i--) {
      if (this.bit % 8 === 0) this.bytes.push(0)
      this.bytes[this.bytes.length - 1] |= ((value >> i) & 1) << (7 - (this.bit % 8))
      this.bit++
    }
  }
  buffer () { return Buffer.from(this.bytes) }
}

function silentFrame () {
  const bits = new Bits()
  bits.put(0, 3) // ID_SCE
  bits.put(0, 4) // element_instance_tag
  bits.put(100, 8) // global_gain
  bits.put(0, 1 + 2 + 1 + 6 + 1) // ics_info: long window, max_sfb 0, no prediction
  bits.put(0, 3) // no pulse, TNS or gain control data
  bits.put(6, 3) // ID_FIL
  bits.put(15, 4) // count 15: an escape count follows
  bits.put(FILL_BYTES - 15 + 1, 8)
  bits.put(0, 8) // EXT_FILL, fill_nibble 0
  for (let i = 1; i < FILL_BYTES; i++) bits.put(0xa5, 8) // fill_byte
  bits.put(7, 3) // ID_END
  return bits.buffer()
}

const SILENT_FRAME = silentFrame()

function adtsFrame (payload) {
  const length = 7 + payload.length
  const header = Buffer.from([0xff, 0xf1, // sync, MPEG-4, no CRC
    0x50, // AAC-LC, 44.1 kHz, channel configuration 1 (high bit 0)
    0x40 | (length >> 11), (length >> 3) & 0xff, ((length & 7) << 5) | 0x1f, 0xfc])
  return Buffer.concat([header, payload])
}

function syncsafe (n) {
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f])
}

/** The ID3v2.4 PRIV frame Apple's HLS spec puts before packed audio: the segment's 90 kHz start. */
function id3Timestamp (pts) {
  const owner = Buffer.from('com.apple.streaming.transportStreamTimestamp\0', 'latin1')
  const stamp = Buffer.alloc(8)
  stamp.writeBigUInt64BE(BigInt(pts) & 0x1ffffffffn)
  const data = Buffer.concat([owner, stamp])
  const frame = Buffer.concat([Buffer.from('PRIV'), syncsafe(data.length), Buffer.from([0, 0]), data])
  return Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0]), syncsafe(frame.length), frame])
}

function segment (index) {
  const pts = Math.round(index * FRAMES_PER_SEGMENT * SAMPLES_PER_FRAME * 90000 / SAMPLE_RATE)
  const frames = []
  for (let i = 0; i < FRAMES_PER_SEGMENT; i++) frames.push(adtsFrame(SILENT_FRAME))
  return Buffer.concat([id3Timestamp(pts), ...frames])
}

function playlist (count) {
  const duration = (FRAMES_PER_SEGMENT * SAMPLES_PER_FRAME / SAMPLE_RATE).toFixed(5)
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD']
  for (let i = 0; i < count; i++) lines.push(`#EXTINF:${duration},`, `segment${i}.aac`)
  lines.push('#EXT-X-ENDLIST', '')
  return lines.join('\n')
}

/**
 * Serves /vod.m3u8 and its `count` segments on 127.0.0.1, any free port, to any Origin; and
 * whatever `pages` (path to HTML) holds, for a made-up site that embeds the tracker's scripts.
 * @returns {{url: string, requests: Map<string, number>, close: () => Promise<void>}}
 */
export async function serveVod (count, pages = new Map()) {
  const segments = Array.from({ length: count }, (_, i) => segment(i))
  const body = playlist(count)
  const requests = new Map()
  const server = http.createServer((req, res) => {
    requests.set(req.url, (requests.get(req.url) ?? 0) + 1)
    res.setHeader('Access-Control-Allow-Origin', '*')
    const match = req.url.match(/^\/segment(\d+)\.aac$/)
    const page = pages.get(req.url.split('?')[0])
    if (page) {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(page)
    } else if (req.url === '/vod.m3u8') {
      res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' }).end(body)
    } else if (match && Number(match[1]) < count) {
      res.writeHead(200, { 'Content-Type': 'audio/aac' }).end(segments[Number(match[1])])
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}/vod.m3u8`,
    port: server.address().port,
    requests,
    close: () => new Promise(resolve => { server.closeAllConnections(); server.close(resolve) })
  }
}
