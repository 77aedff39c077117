/**
 * `tsx scripts/bench-loop/profile-summary.ts <file.cpuprofile>…`: where a V8 CPU profile's time went,
 * as self time per package (`@grpc/grpc-js`, `pg`, …), Node internals (`node:…`), our own code
 * (`@switchboard/…`, by workspace) and the rest (garbage collection, idle, program). Prints the top 20.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string }
  hitCount?: number
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** The bucket a frame's time is counted under. */
function bucketOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame
  if (!url) return `(${functionName || 'anonymous'})`
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/')
  const nm = url.lastIndexOf('/node_modules/')
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/')
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  const ws = /\/(services|packages|examples)\/([^/]+)\//.exec(url)
  return ws ? `${ws[1]}/${ws[2]}` : url
}

for (const file of process.argv.slice(2)) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const total = new Map<string, number>()
  let all = 0
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0
    const b = bucketOf(byId.get(id)!.callFrame)
    total.set(b, (total.get(b) ?? 0) + dt)
    all += dt
  })
  const busy = all - (total.get('((idle))') ?? 0)
  console.log(`${file}: ${(all / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle`)
  for (const [b, t] of [...total]
    .filter(([b]) => b !== '((idle))')
    .sort((x, y) => y[1] - x[1])
    .slice(0, 20))
    console.log(`  ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${b}`)
}
