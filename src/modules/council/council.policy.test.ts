import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import { ALL, NONE, allOf, anyOf, fact, where } from '../../core/scope';
import { roundScope } from './council.policy';

const actor = (role: Actor['role'], areaCode: string | null = null) => ({ userId: 'u1', role, areaCode, label: role }) as unknown as Actor;

describe('roundScope', () => {
  it('is every round for a national administrator', () => {
    expect(roundScope(actor('national_admin'))).toEqual(ALL);
  });
  it('is the province rounds of their province, or a seat, for a province officer', () => {
    expect(roundScope(actor('province_officer', '38'))).toEqual(anyOf(allOf(where('level', 'province'), where('province', '38')), fact('seated', 'u1')));
    expect(roundScope(actor('province_officer'))).toEqual(fact('seated', 'u1'));
  });
  it('is only the rounds they sit on for commune officers and council members', () => {
    expect(roundScope(actor('commune_officer', '38001'))).toEqual(fact('seated', 'u1'));
    expect(roundScope(actor('council_member'))).toEqual(fact('seated', 'u1'));
  });
  it('is nothing for anyone else', () => {
    expect(roundScope(actor('producer'))).toEqual(NONE);
  });
});
