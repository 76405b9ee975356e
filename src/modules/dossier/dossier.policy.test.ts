import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import type { RowScope } from '../../core/scope';
import { canRead, dossierScope } from './dossier.policy';

const actor = (role: Role, areaCode: string | null = null, producerId: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode,
  provinceCode: areaCode && areaCode.length === 5 ? '38' : areaCode, producerId, label: 'u',
});

const dossier = { provinceCode: '38', communeCode: '14758', producerId: 'p1' };

/** A row scope evaluated on one dossier (the logical columns the dossier repository maps). */
function matches(s: RowScope, r: typeof dossier): boolean {
  const col = (name: string) => ({ province: r.provinceCode, commune: r.communeCode, producer: r.producerId })[name];
  if ('all' in s) return true;
  if ('none' in s) return false;
  if ('eq' in s) return col(s.eq) === s.value;
  if ('ne' in s) return col(s.ne) !== s.value;
  if ('and' in s) return s.and.every((x) => matches(x, r));
  if ('or' in s) return s.or.some((x) => matches(x, r));
  throw new Error('no facts in the dossier scope');
}

describe('dossier list scope (pure) agrees with canRead', () => {
  const cases: [string, Actor, boolean][] = [
    ['national admin', actor('national_admin'), true],
    ['province officer, same province', actor('province_officer', '38'), true],
    ['province officer, other province', actor('province_officer', '01'), false],
    ['province officer without area', actor('province_officer', null), false],
    ['commune officer, same commune', actor('commune_officer', '14758'), true],
    ['commune officer, other commune', actor('commune_officer', '14797'), false],
    ['commune officer without area', actor('commune_officer', null), false],
    ['the producer itself', actor('producer', null, 'p1'), true],
    ['another producer', actor('producer', null, 'p2'), false],
    ['a producer account without producer', actor('producer', null, null), false],
    ['inspector', actor('inspector', '38'), false],
    ['council member', actor('council_member', null), false],
    ['buyer', actor('buyer'), false],
  ];
  for (const [name, a, visible] of cases) {
    it(`${name}: ${visible ? 'sees' : 'does not see'} the dossier`, () => {
      expect(canRead(a, dossier)).toBe(visible);
      expect(matches(dossierScope(a), dossier)).toBe(visible);
    });
  }
});
