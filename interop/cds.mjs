// The JVM flag that maps the tracker's class-data archive (cds-archive.mjs), for every launcher
// that starts the jar under test: only when the build made one (INTEROP_CDS_ARCHIVE) and it
// exists, which it does not yet while suites.mjs makes it or when the run is not the build's.
import fs from 'node:fs'

export function cdsArgs () {
  const archive = process.env.INTEROP_CDS_ARCHIVE
  return archive && fs.existsSync(archive) ? [`-XX:SharedArchiveFile=${archive}`] : []
}
