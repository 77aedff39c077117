import type { Readable } from 'node:stream'

/**
 * Calls `onLine` for each line of `stream`, cutting lines longer than `maxLength` so a process that
 * prints without newlines cannot make the caller buffer without bound.
 */
export function eachLine(stream: Readable, maxLength: number, onLine: (line: string) => void): void {
  let buffered = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    buffered += chunk
    let nl: number
    while ((nl = buffered.indexOf('\n')) >= 0) {
      onLine(buffered.slice(0, Math.min(nl, maxLength)))
      buffered = buffered.slice(nl + 1)
    }
    if (buffered.length > maxLength) {
      onLine(`${buffered.slice(0, maxLength)} [cut]`)
      buffered = ''
    }
  })
  stream.on('end', () => {
    if (buffered) onLine(buffered)
  })
}
