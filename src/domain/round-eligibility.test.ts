import { describe, expect, it } from 'vitest';
import { defaultRoundCutoff, ineligibility, type DossierFacts, type RoundFacts } from './round-eligibility';
import { nextCutoff } from './regime';

const PROVINCE_CUTOFFS = ['06-30', '12-30'];

describe('nextCutoff / defaultRoundCutoff', () => {
  it('takes the next cut-off day on or after today, into next year when needed', () => {
    expect(nextCutoff('2026-12-06', PROVINCE_CUTOFFS)).toBe('2026-12-30');
    expect(nextCutoff('2026-06-30', PROVINCE_CUTOFFS)).toBe('2026-06-30');
    expect(nextCutoff('2026-12-31', PROVINCE_CUTOFFS)).toBe('2027-06-30');
    expect(nextCutoff('2026-02-01', ['09-30', '03-30'])).toBe('2026-03-30');
    expect(nextCutoff('2026-02-01', null)).toBeNull();
  });

  it('a new round\'s default is never in the past (30/06 on 06/12) nor after its session', () => {
    expect(defaultRoundCutoff('2026-12-06', '2027-01-15', PROVINCE_CUTOFFS)).toBe('2026-12-30');
    expect(defaultRoundCutoff('2026-12-06', '2026-12-20', PROVINCE_CUTOFFS)).toBe('2026-12-20');
    expect(defaultRoundCutoff('2026-12-06', '2027-01-15', null)).toBe('2027-01-15');
    // A session already held keeps the cut-off before it.
    expect(defaultRoundCutoff('2026-12-06', '2026-07-15', PROVINCE_CUTOFFS)).toBe('2026-06-30');
    expect(defaultRoundCutoff('2026-12-06', '2026-03-01', PROVINCE_CUTOFFS)).toBe('2025-12-30');
  });
});

const round: RoundFacts = { level: 'province', stage: 1, provinceCode: '38', cutoffDate: '2026-12-30', previousRoundId: null };
const ok: DossierFacts = {
  status: 'received', provinceCode: '38', hasSheet: true, submittedOn: '2026-11-20', shortlistedSomewhere: false, shortlistedByPrevious: false, potentialFiveStar: false,
};

describe('ineligibility', () => {
  it('says why a province round cannot take a dossier', () => {
    expect(ineligibility(round, ok)).toBeNull();
    expect(ineligibility(round, { ...ok, provinceCode: '01' })).toBe('other_province');
    expect(ineligibility(round, { ...ok, status: 'submitted' })).toBe('status');
    expect(ineligibility(round, { ...ok, hasSheet: false })).toBe('no_sheet');
    expect(ineligibility(round, { ...ok, submittedOn: '2026-12-31' })).toBe('after_cutoff');
    expect(ineligibility({ ...round, cutoffDate: '2026-06-30' }, ok)).toBe('after_cutoff');
    expect(ineligibility(round, { ...ok, shortlistedSomewhere: true })).toBe('awaiting_stage_two');
  });

  it('stage 2 takes what its stage 1 shortlisted; a national round recognised potential 5★ dossiers', () => {
    const stage2 = { ...round, stage: 2, previousRoundId: 'r1' };
    expect(ineligibility(stage2, ok)).toBe('not_shortlisted');
    expect(ineligibility(stage2, { ...ok, shortlistedByPrevious: true })).toBeNull();
    const national: RoundFacts = { ...round, level: 'national', provinceCode: null };
    expect(ineligibility(national, ok)).toBe('status');
    expect(ineligibility(national, { ...ok, status: 'recognised' })).toBe('not_potential_five_star');
    expect(ineligibility(national, { ...ok, status: 'recognised', potentialFiveStar: true })).toBeNull();
  });
});
