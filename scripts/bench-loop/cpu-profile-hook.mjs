// Loaded with `NODE_OPTIONS=--import <this file>` (where `--cpu-prof` is not allowed): profiles the
// whole process with the inspector and writes `<SB_CPU_PROF_DIR>/<pid>.cpuprofile` on SIGUSR2 (the
// benchmark sends it before stopping the services, whose process group is SIGKILLed soon after a
// SIGTERM) or at exit, whichever comes first.
import { Session } from 'node:inspector'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.env.SB_CPU_PROF_DIR
if (dir) {
  const session = new Session()
  session.connect()
  session.post('Profiler.enable')
  session.post('Profiler.setSamplingInterval', { interval: 1000 })
  session.post('Profiler.start')
  let written = false
  const write = () => {
    if (written) return
    written = true
    // Same-thread inspector sessions answer synchronously, so this runs before the process is gone.
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(res.profile))
    })
  }
  process.once('exit', write)
  process.on('SIGUSR2', write)
}
