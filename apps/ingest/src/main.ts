/**
 * Entry point of `npm start`: settings from the environment, the service on embedded defaults, and a
 * graceful stop on SIGINT/SIGTERM (stop accepting, commit queued batches, close clients, let the journal
 * consumers catch up, close the database). A second signal, or SHUTDOWN_TIMEOUT_S, exits at once: nothing
 * acknowledged is lost either way, the journal is already durable.
 */
import { settingsFromEnv, type IngestSettings } from './config.js';
import { StanceError } from './errors.js';
import { redactUrl } from './broker/external-broker.js';
import { createIngestService } from './service.js';

async function main(): Promise<void> {
  let settings: IngestSettings;
  try {
    settings = settingsFromEnv(process.env);
  } catch (error) {
    if (error instanceof StanceError) {
      console.error(`stance: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const service = await createIngestService(settings, { logger: { level: settings.logLevel } });
  await service.start();
  service.log.info(
    {
      http: service.httpPort,
      ...(settings.mqttUrl !== null
        ? { mqttUrl: redactUrl(settings.mqttUrl), mqttClientId: settings.mqttClientId }
        : { mqtt: service.broker.tcpPort, mqttTls: service.broker.tlsPort, mqttWsPath: settings.mqttWsPath || null }),
      ...(service.worker !== null
        ? { workerId: service.worker.workerId, partitions: settings.ingestPartitions, held: [...service.worker.held().keys()] }
        : {}),
      dataDir: settings.dataDir,
    },
    'stance ingest running',
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      service.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    service.log.info({ signal }, 'stopping');
    const timer = setTimeout(() => {
      service.log.error({ timeoutS: settings.shutdownTimeoutS }, 'shutdown took too long: exiting');
      process.exit(1);
    }, settings.shutdownTimeoutS * 1000);
    timer.unref();
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        service.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('stance: failed to start:', error);
  process.exit(1);
});
