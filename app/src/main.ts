import { Config, ConfigError, loadConfig } from './config';
import { createLogger, errorMessage } from './logger';
import { createMetrics } from './metrics';
import { createVisitorStore } from './redis';
import { createRoutes } from './routes';
import { createAppServer } from './server';

// Stays under Docker's default 10 s stop grace period so Redis is still closed cleanly.
const DRAIN_TIMEOUT_MS = 9_000;

function readConfig(): Config | undefined {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    createLogger('error').error('invalid configuration', { problems: err.problems });
    return undefined;
  }
}

function main(): void {
  const config = readConfig();
  if (config === undefined) {
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config.logLevel);
  process.on('uncaughtException', (err) => {
    logger.error('uncaught exception', { err: err.stack ?? err.message });
    process.exit(1);
  });

  const metrics = config.metricsEnabled ? createMetrics() : undefined;
  const store = createVisitorStore(config.redisUrl, logger, metrics);
  const app = createAppServer({ logger, metrics, routes: createRoutes(store, metrics) });

  app.http.on('error', (err) => {
    logger.error('http server error', { err: errorMessage(err) });
    process.exit(1);
  });
  app.http.listen(config.port, config.host, () => {
    const { host, port, logLevel, metricsEnabled } = config;
    logger.info('listening', { host, port, logLevel, metricsEnabled });
  });

  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (shuttingDown) {
      logger.info('shutdown already in progress', { signal });
      return;
    }
    shuttingDown = true;
    logger.info('shutdown started', { signal, delayMs: config.shutdownDelayMs, drainTimeoutMs: DRAIN_TIMEOUT_MS });
    if (config.shutdownDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
      logger.info('shutdown delay over');
    }
    const { forced } = await app.close(DRAIN_TIMEOUT_MS);
    logger.info(forced ? 'http server closed after cutting connections' : 'in-flight requests drained');
    await store.close();
    logger.info('redis connection closed');
    logger.info('shutdown complete');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main();
