/**
 * The wearer a route is about, or WEARER_NOT_FOUND. Routes call it after their declared access was checked, so
 * only those who could see the wearer learn that it does not exist (the others had 403).
 */
import { stanceError } from '../errors.js';
import type { PostureStore, Wearer } from '../store/store-port.js';

export function wearerOf(store: Pick<PostureStore, 'getWearer'>, id: string): Wearer {
  const wearer = store.getWearer(id);
  if (wearer === null) throw stanceError('WEARER_NOT_FOUND', { id });
  return wearer;
}
