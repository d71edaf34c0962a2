/** JSON schema pieces the wearer-resource routes share (they shape the answers and the OpenAPI document). */
import { nullableNumber } from './api-parts.js';

/** A device as listed: status, battery, last seen and its data gaps. */
export const deviceSchema = {
  type: 'object',
  required: ['id', 'name', 'wearerId', 'createdMs', 'disabled', 'online', 'battery', 'fw', 'lastSeenMs', 'dataGaps'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    wearerId: { type: ['string', 'null'] },
    createdMs: { type: 'integer' },
    disabled: { type: 'boolean' },
    online: { type: 'boolean' },
    battery: nullableNumber,
    fw: { type: ['string', 'null'] },
    lastSeenMs: { type: ['integer', 'null'] },
    // Holes in the device's data given up (seqs that never arrived): how many, sensor seconds, the last one.
    dataGaps: {
      type: 'object',
      required: ['count', 'missingS', 'lastStartMs', 'lastEndMs'],
      properties: {
        count: { type: 'integer' },
        missingS: { type: 'number' },
        lastStartMs: { type: ['integer', 'null'] },
        lastEndMs: { type: ['integer', 'null'] },
      },
    },
  },
} as const;

export const devicesAnswerSchema = {
  type: 'object',
  required: ['devices'],
  properties: { devices: { type: 'array', items: deviceSchema } },
} as const;

/** A device just created or paired: its token, shown once, and where it connects. */
export const pairedDeviceSchema = {
  type: 'object',
  required: ['id', 'wearerId', 'name', 'token', 'mqtt'],
  properties: {
    id: { type: 'string' },
    wearerId: { type: 'string' },
    name: { type: 'string' },
    token: { type: 'string' },
    mqtt: {
      type: 'object',
      required: ['username', 'tcpPort', 'wsPath'],
      properties: {
        username: { type: 'string' },
        tcpPort: { type: ['integer', 'null'] },
        wsPath: { type: ['string', 'null'] },
      },
    },
  },
} as const;

/** `{id?, name?}` of a device to create or pair. */
export const newDeviceBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
    name: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;

/** The numbers of one week (insights/week-numbers.ts). */
export const weekNumbersSchema = {
  type: 'object',
  required: ['start', 'wornS', 'wornDays', 'uprightPct', 'slouchMinPerDay', 'episodesPerDay', 'doseDegS', 'meanFlexionDeg', 'meanLateralDeg', 'exerciseSessions'],
  properties: {
    start: { type: 'integer' },
    wornS: { type: 'number' },
    wornDays: { type: 'integer' },
    uprightPct: nullableNumber,
    slouchMinPerDay: nullableNumber,
    episodesPerDay: nullableNumber,
    doseDegS: { type: 'number' },
    meanFlexionDeg: nullableNumber,
    meanLateralDeg: nullableNumber,
    exerciseSessions: { type: 'integer' },
  },
} as const;
