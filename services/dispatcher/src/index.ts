export { startDispatcher, type Dispatcher, type DispatcherDeps } from './app.js'
export { dispatcherEnv, type DispatcherConfig } from './config.js'
export type { DeadLetter } from './consume/dead-letter.js'
