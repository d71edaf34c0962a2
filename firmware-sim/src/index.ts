// @stance/firmware-sim: sensor model, scenarios with ground truth, export. Re-exports only.
export type { Mounting, MountingName } from './model/mounting.js';
export { MOUNTING_NAMES, namedMounting, describeMounting } from './model/mounting.js';
export type { SensorErrorSettings, SensorErrorsOption } from './model/sensor-errors.js';
export {
  DEFAULT_SENSOR_ERROR_SETTINGS,
  NO_SENSOR_ERROR_SETTINGS,
  UNCALIBRATED_SENSOR_ERROR_SETTINGS,
  resolveSensorErrors,
} from './model/sensor-errors.js';
export { createRng, deriveSeed } from './model/rng.js';
export type {
  ScenarioOptions,
  Recording,
  ScenarioStream,
  ScenarioBlock,
  TruthEpisode,
  MountingChange,
} from './scenarios/scenario-types.js';
export { DEFAULT_START_MS } from './scenarios/scenario-types.js';
export type { ScenarioWindows } from './scenarios/script-builder.js';
export { scenarioNames, scenarioDefinitions } from './scenarios/registry.js';
export { generateScenario } from './scenarios/generate-scenario.js';
export { openScenario } from './scenarios/open-scenario.js';
export { truthEpisodes } from './truth/episodes.js';
// Device client and fleet runner.
export { SimDevice, type ButtonAction } from './device/sim-device.js';
export { DEFAULT_SIM_DEVICE_OPTIONS, resolveSimDeviceOptions } from './device/sim-device-options.js';
export type { SimDeviceOptions, SimDeviceInit } from './device/sim-device-options.js';
export type { SimDeviceEvents, HapticCommand, ConfigCommand } from './device/sim-device-events.js';
export type { DeviceCounters } from './device/device-counters.js';
export type { DeviceStream, DeviceStreamBlock } from './device/device-stream.js';
export { OfflineBuffer, type BufferedBatch } from './device/offline-buffer.js';
export { runFleet, validateFleetSettings, type FleetHooks, type OpenDeviceStream } from './fleet/fleet-runner.js';
export { DEFAULT_FLEET_SETTINGS, fleetDeviceId, fleetStaggerMs, type FleetSettings, type FleetTokens } from './fleet/fleet-settings.js';
export { summariseFleet, formatFleetSummary, fleetExitCode, type FleetSummary, type FleetDeviceSummary } from './fleet/fleet-summary.js';
export { FleetProgress, formatProgressLine, DEFAULT_FLEET_PROGRESS_SETTINGS, type FleetSnapshot, type FleetProgressSettings } from './fleet/fleet-progress.js';
export { planFleetTime, type FleetTimePlan } from './fleet/history-plan.js';
export { DEFAULT_TRUTH_SLOUCH_DEG, DEFAULT_TRUTH_MIN_SLOUCH_S } from './truth/episodes.js';
export {
  ANALYSIS_CSV_HEADER,
  TRUTH_CSV_HEADER,
  writeRecordingFiles,
  truthSummary,
  truthPaths,
} from './export/recording-csv.js';
