// Actors of recent requests by session, for a few seconds: every request needs its caller, and most
// callers send several requests at once. Anything that changes a user, their deputy departments or
// their sessions clears it in this process (orgs.repo.ts calls forgetActors on every such write, and
// the use cases again after their transaction commits); another server process sharing the database
// sees such a change within ACTOR_CACHE_MS.
import type { Actor } from "../../platform/actor.ts";

export const ACTOR_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { actor: Actor; expiresAt: number; until: number }>();

export function cachedActor(sessionId: string): { actor: Actor; expiresAt: number } | undefined {
  const hit = cache.get(sessionId);
  if (!hit) return undefined;
  if (hit.until <= Date.now()) {
    cache.delete(sessionId);
    return undefined;
  }
  return hit;
}

export function cacheActor(sessionId: string, actor: Actor, expiresAt: number): void {
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(sessionId, { actor, expiresAt, until: Date.now() + ACTOR_CACHE_MS });
}

export function forgetActors(): void {
  cache.clear();
}
