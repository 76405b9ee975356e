import type { Actor, Ctx } from '../context';
import { AppError } from '../errors';

/** Services check identity themselves, not only the routes. */
export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError('unauthenticated', 'authentication required');
  return ctx.actor;
}
