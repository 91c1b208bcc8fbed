// Offload figures for the tracker (insight.beacon; docs/pages.md#beacon): bytes a player got from
// peers and over HTTP, batched, at most one beacon every 5 s and one when the page goes away.
// sendBeacon sends the string as text/plain, so no CORS preflight; a tracker without the beacon
// turned on answers 404, which nobody needs to hear about.
const PERIOD_MS = 5000;
const MAX_STREAM_LENGTH = 256;

/**
 * @param base   the tracker's http(s) origin
 * @param stream the stream URL or name the figures are for
 * @returns {{count, flush}}: count(bytes, source), source "p2p" or "http", to call from P2P Media
 *          Loader's onChunkDownloaded; flush() sends what is pending now (the demo's Stop button)
 */
export function startBeacon(base, stream) {
  const pending = { p2p: 0, http: 0 };
  const name = String(stream).slice(0, MAX_STREAM_LENGTH);
  const send = () => {
    if (pending.p2p === 0 && pending.http === 0) return;
    const body = JSON.stringify({ stream: name, p2p: pending.p2p, http: pending.http });
    pending.p2p = 0;
    pending.http = 0;
    try {
      navigator.sendBeacon(`${base}/beacon`, body);
    } catch {
      // a beacon is best effort: never let it disturb playback
    }
  };
  setInterval(send, PERIOD_MS);
  addEventListener("pagehide", send);
  return {
    count(bytes, source) {
      if (source === "p2p" || source === "http") pending[source] += bytes;
    },
    flush: send,
  };
}
