import { randomBytes } from 'node:crypto'
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The driver's private directory (mode 0700): the runner file and the bundles, content-addressed by
 * sha256, each written once per driver, read-only, and renamed into place so a process never sees half a file.
 */
export class SandboxFiles {
  private dir: Promise<string> | undefined
  private runner: Promise<string> | undefined
  private resolv: Promise<string> | undefined
  private readonly bundles = new Map<string, Promise<string>>()

  constructor(
    private readonly parent: string,
    private readonly runnerSource: () => Promise<string>,
  ) {}

  /** The private directory, created on first use. */
  root(): Promise<string> {
    this.dir ??= (async () => {
      const dir = await mkdtemp(join(this.parent, 'switchboard-sandbox-'))
      await chmod(dir, 0o700)
      await mkdir(join(dir, 'bundles'), { mode: 0o700 })
      return dir
    })()
    return this.dir
  }

  /** Path of the runner file. */
  runnerPath(): Promise<string> {
    this.runner ??= (async () => {
      const path = join(await this.root(), 'runner.cjs')
      await writeOnce(path, await this.runnerSource())
      return path
    })()
    this.runner.catch(() => (this.runner = undefined))
    return this.runner
  }

  /** Path of the bundle with this sha256 (already checked by the caller), written if new. */
  bundlePath(sha256: string, bytes: Buffer): Promise<string> {
    let p = this.bundles.get(sha256)
    if (!p) {
      p = (async () => {
        const path = join(await this.root(), 'bundles', `${sha256}.cjs`)
        await writeOnce(path, bytes)
        return path
      })()
      p.catch(() => this.bundles.delete(sha256))
      this.bundles.set(sha256, p)
    }
    return p
  }

  /** Path of a resolv.conf for isolated sandboxes with `content`, written once. */
  resolvConf(content: string): Promise<string> {
    this.resolv ??= (async () => {
      const path = join(await this.root(), 'resolv.conf')
      await writeOnce(path, content)
      return path
    })()
    this.resolv.catch(() => (this.resolv = undefined))
    return this.resolv
  }

  /** Removes the directory and everything in it. */
  async remove(): Promise<void> {
    const dir = this.dir && (await this.dir.catch(() => undefined))
    this.dir = undefined
    this.runner = undefined
    this.resolv = undefined
    this.bundles.clear()
    if (dir) await rm(dir, { recursive: true, force: true })
  }
}

async function writeOnce(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(tmp, data, { mode: 0o400 })
  await rename(tmp, path)
}
