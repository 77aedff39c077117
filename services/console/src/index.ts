export { startConsole, type Console } from './app.js'
export { consoleEnv, type ConsoleConfig } from './config.js'
export { DEFAULT_ASSETS_DIR, ensureWebApp } from './web-app.js'
