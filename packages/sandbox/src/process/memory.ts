import { readFileSync } from 'node:fs'

/** Resident bytes of one process, from /proc (0 when it is gone or /proc is not there). */
function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
    return kb ? Number(kb) * 1024 : 0
  } catch {
    return 0
  }
}

/** The direct children of a process (from /proc/<pid>/task/*\/children). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/**
 * Resident memory of a process and its descendants (bubblewrap's child is the runner), in bytes;
 * undefined where /proc cannot tell (not Linux, or the process is gone).
 */
export function treeRssBytes(pid: number): number | undefined {
  let total = 0
  const todo = [pid]
  for (let n = 0; todo.length && n < 64; n++) {
    const p = todo.pop()!
    total += rssOf(p)
    todo.push(...childrenOf(p))
  }
  return total > 0 ? total : undefined
}
