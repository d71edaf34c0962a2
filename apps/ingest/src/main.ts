/**
 * Entry point of `npm start`. The ingest service (embedded MQTT broker, device pipelines, storage, API)
 * is built by its own issue; until then this says so plainly instead of pretending to run.
 */
console.error(
  [
    'stance: the ingest service is not built yet (apps/ingest is a placeholder).',
    'What runs today:',
    '  npm run sim -- --help        simulated sensors: export recordings, drive a fleet against an MQTT broker',
    '  npm run analyze -- FILE.csv  posture analysis of a recording',
  ].join('\n'),
);
process.exitCode = 1;
