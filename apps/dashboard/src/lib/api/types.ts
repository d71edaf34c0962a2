/**
 * The API's answers as the dashboard reads them (team notes "The API to build"; contracts section 4), one file
 * per area; import them from here. Times are epoch ms; durations carry their unit in the name (`wornS`); a null
 * number means "no data", never 0. Request bodies are typed where they are built.
 */
export type * from './account-types.js';
export type * from './wearer-types.js';
export type * from './posture-types.js';
export type * from './exercise-types.js';
export type * from './live-types.js';
