export { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './database.js'
export { createTestNats, streamNotices, TEST_NATS_URL, type TestNats } from './nats.js'
export { waitFor } from './wait.js'
export { startServiceProcess, type ServiceProcess, type ServiceProcessOptions } from './service-process.js'
export {
  seededRandom,
  fuzzSeed,
  poisonString,
  deepJson,
  wideJson,
  randomBytes,
  wrongType,
  hostileIdInUrl,
  plant,
  type Rng,
} from './fuzz.js'
export {
  hostileGrpcCall,
  sendHostileCall,
  type FuzzableMethod,
  type HostileCall,
  type RawUnaryClient,
  type TypeLookup,
} from './grpc-fuzz.js'
export { spawnService, type SpawnedService } from './process.js'
export { freePort, natsServerVersion, startOwnNatsServer, type OwnNatsServer } from './nats-server.js'
export { metricValue } from './metrics.js'
