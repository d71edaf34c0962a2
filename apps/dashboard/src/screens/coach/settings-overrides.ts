/**
 * `PUT /api/wearers/:id/settings` replaces the wearer's overrides as a whole, so a coach who changes the
 * threshold must send the wearer's other overrides too (their quiet hours, snooze...), and only what differs
 * from the defaults: a value equal to the default is left out so it follows the default if that changes.
 */
import type { WearerSettings, WearerSettingsAnswer } from '../../lib/api/types.js';

type SettingKey = keyof WearerSettingsAnswer['defaults'];

export function overridesWith(answer: WearerSettingsAnswer, changes: Partial<Pick<WearerSettings, SettingKey>>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(answer.defaults) as SettingKey[]) {
    const value = key in changes ? changes[key] : answer.settings[key];
    if (JSON.stringify(value) !== JSON.stringify(answer.defaults[key])) body[key] = value;
  }
  return body;
}
