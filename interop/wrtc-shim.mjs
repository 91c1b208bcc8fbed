// Stand-in for the `webrtc-polyfill` module, backed by @roamhq/wrtc (libwebrtc).
//
// Exports the names simple-peer imports (RTCPeerConnection, RTCSessionDescription,
// RTCIceCandidate) plus the other classes webrtc-polyfill exports that @roamhq/wrtc has.
//
// Two test-only additions:
//  - every RTCPeerConnection is created with `iceServers: []`, whatever the caller passes
//    (simple-peer's default config names public STUN servers; nothing may leave the machine);
//  - open connections are tracked so the harness can close leftovers at the end of a test
//    (a live libwebrtc connection can keep the Node process from exiting).
import wrtc from '@roamhq/wrtc'

const open = new Set()

class RTCPeerConnection extends wrtc.RTCPeerConnection {
  constructor (config = {}) {
    super({ ...config, iceServers: [] })
    open.add(this)
  }

  close () {
    open.delete(this)
    return super.close()
  }
}

/** Closes every RTCPeerConnection that is still open; returns how many were closed. */
export function closeAllPeerConnections () {
  let n = 0
  for (const pc of [...open]) {
    try { pc.close() } catch {}
    n++
  }
  open.clear()
  return n
}

export function openPeerConnectionCount () {
  return open.size
}

export { RTCPeerConnection }
export const RTCSessionDescription = wrtc.RTCSessionDescription
export const RTCIceCandidate = wrtc.RTCIceCandidate
export const RTCDataChannel = wrtc.RTCDataChannel
export const RTCIceTransport = wrtc.RTCIceTransport
export const RTCSctpTransport = wrtc.RTCSctpTransport
export const RTCDtlsTransport = wrtc.RTCDtlsTransport
export const RTCRtpReceiver = wrtc.RTCRtpReceiver
export const RTCRtpSender = wrtc.RTCRtpSender
export const RTCRtpTransceiver = wrtc.RTCRtpTransceiver
export const RTCDataChannelEvent = wrtc.RTCDataChannelEvent
export const RTCPeerConnectionIceEvent = wrtc.RTCPeerConnectionIceEvent
export const MediaStream = wrtc.MediaStream
export const MediaStreamTrack = wrtc.MediaStreamTrack

export default {
  RTCPeerConnection,
  RTCSessionDescription,
  RTCIceCandidate,
  RTCDataChannel,
  RTCIceTransport,
  RTCSctpTransport,
  RTCDtlsTransport,
  RTCRtpReceiver,
  RTCRtpSender,
  RTCRtpTransceiver,
  RTCDataChannelEvent,
  RTCPeerConnectionIceEvent,
  MediaStream,
  MediaStreamTrack
}
