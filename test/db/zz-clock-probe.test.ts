import { it, expect } from 'vitest';
import { testApp, createTestUser, loginRequest, login } from '../helpers/app';
it('session with a past clock', async () => {
  let now = new Date('2025-07-01T03:00:00Z');
  const t = await testApp({ clock: () => now });
  try {
    const u = await createTestUser(t.deps, { role: 'buyer' });
    const s = await login(t.app, u.username, u.password);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    console.log('past clock: /me with fresh session cookie ->', me.statusCode);
    const v = await createTestUser(t.deps, { role: 'buyer' });
    for (let i = 0; i < 5; i++) await loginRequest(t.app, v.username, 'wrong-Password-1', { remoteAddress: `10.9.9.${i}` });
    now = new Date('2025-07-02T03:00:00Z');
    const r = await loginRequest(t.app, v.username, v.password, { remoteAddress: '10.9.8.1' });
    console.log('past clock: right password one (fake) day after lock ->', r.statusCode);
  } finally { await t.close(); }
  expect(1).toBe(1);
}, 60000);
