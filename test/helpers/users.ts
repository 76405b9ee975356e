/**
 * Users of any role for service-tier and HTTP-tier tests, created through the identity service.
 * No dependency on the HTTP app, so service tests keep running while routes change.
 *
 *   const officer = await createTestUser(deps, { role: 'province_officer', areaCode: '38' });
 *   await createProducer(officer.ctx, { … });
 */
import { makeCtx, systemActor, type Actor, type Ctx, type Deps } from '../../src/context';
import type { Role } from '../../src/core/roles';
import { createUser, toActor } from '../../src/modules/identity/identity.service';
import { findUserById, type UserRow } from '../../src/modules/identity/identity.repository';
import { AREAS, buildProducer, nextSeq } from './builders';

/** The system (national_admin) context used to arrange test data. */
export const systemCtx = (deps: Deps): Ctx => makeCtx(deps, { actor: systemActor('test') });

export const TEST_PASSWORD = 'correct-Horse-42-battery';

export interface UserSpec {
  role: Role;
  /** Province (2 digits) or commune (5 digits). Defaults: province_officer 38, commune_officer 14758. */
  areaCode?: string;
  /** For role producer; a producer is built (in Thanh Hóa) when missing. */
  producerId?: string;
  displayName?: string;
  /** Defaults to a unique `<role>-<n>-<random>`. */
  username?: string;
  password?: string;
}

export interface TestUser {
  user: UserRow;
  username: string;
  password: string;
  actor: Actor;
  /** A service-tier context acting as this user. */
  ctx: Ctx;
}

const DEFAULT_AREA: Partial<Record<Role, string>> = {
  province_officer: AREAS.thanhHoa,
  commune_officer: AREAS.hamRong,
};

/** A service-tier context for an existing user id. */
export async function ctxForUser(deps: Deps, userId: string): Promise<Ctx> {
  const row = await findUserById(systemCtx(deps), userId);
  if (!row) throw new Error(`no user ${userId}`);
  return makeCtx(deps, { actor: toActor(row) });
}

/** Create a user of any role through the identity service (unique username). */
export async function createTestUser(deps: Deps, spec: UserSpec): Promise<TestUser> {
  const sys = systemCtx(deps);
  const username = spec.username ?? `${spec.role.replace(/_/g, '-')}-${nextSeq()}-${Math.random().toString(36).slice(2, 7)}`;
  const password = spec.password ?? TEST_PASSWORD;
  let producerId = spec.producerId;
  if (spec.role === 'producer' && !producerId) {
    producerId = (await buildProducer(sys, { communeCode: AREAS.hamRong })).id;
  }
  const user = await createUser(sys, {
    username, password, role: spec.role,
    areaCode: spec.areaCode ?? DEFAULT_AREA[spec.role],
    producerId,
    displayName: spec.displayName,
  });
  const ctx = await ctxForUser(deps, user.id);
  return { user, username, password, actor: ctx.actor!, ctx };
}
