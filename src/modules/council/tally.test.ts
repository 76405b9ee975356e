import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import { allowedActions } from './council.policy';
import { allIn, revealed, tallyOf, type TallySheet } from './tally';

const sheet = (seat: TallySheet['seat'], status: TallySheet['status'], total: number | null, attempt = 1): TallySheet => ({
  memberId: `m-${seat}-${total}`, fullName: seat, seat, status, total, outcome: status === 'submitted' ? 'scored' : null, attempt,
});
const open = { status: 'scoring' as const, scoringEndedAt: null };
const ended = { status: 'scoring' as const, scoringEndedAt: new Date('2026-07-15T03:00:00Z') };

describe('when a dossier\'s totals may be shown', () => {
  const partial = [sheet('chair', 'submitted', 90), sheet('member', 'submitted', 70), sheet('secretary', 'draft', null)];
  it('not while a seat has still to submit its first sheet', () => {
    expect(allIn(partial)).toBe(false);
    expect(revealed(open, partial)).toBe(false);
    expect(revealed({ status: 'planning', scoringEndedAt: null }, partial)).toBe(false);
    expect(revealed(open, [])).toBe(false);
  });
  it('once every sheet is in — a sheet reopened for a re-score still counts', () => {
    const all = [sheet('chair', 'submitted', 90), sheet('member', 'draft', null, 2), sheet('secretary', 'submitted', 80)];
    expect(allIn(all)).toBe(true);
    expect(revealed(open, all)).toBe(true);
  });
  it('once the chair ended the scoring, or the round closed', () => {
    expect(revealed(ended, partial)).toBe(true);
    expect(revealed({ status: 'closed', scoringEndedAt: null }, partial)).toBe(true);
  });
});

describe('the tally', () => {
  it('has each member\'s total (null when not submitted), the mean and spread of the submitted ones', () => {
    const t = tallyOf([sheet('chair', 'submitted', 90), sheet('member', 'submitted', 70), sheet('secretary', 'draft', 55)], 10);
    expect(t).toMatchObject({ mean: 80, spread: 20, spreadFlag: true });
    expect(t.sheets.map((s) => s.total)).toEqual([90, 70, null]);
    expect(tallyOf([sheet('chair', 'assigned', null)], 10)).toMatchObject({ mean: null, spread: null, spreadFlag: false });
  });
});

describe('ending the scoring', () => {
  const actor = (role: Actor['role'], areaCode: string | null = null) => ({ userId: 'u1', role, areaCode, label: role }) as unknown as Actor;
  const round = { level: 'province' as const, provinceCode: '38', status: 'scoring' as const };
  it('is the chair\'s alone, while scoring and not yet ended', () => {
    expect(allowedActions(actor('council_member'), round, 'chair')).toContain('end_scoring');
    for (const seat of ['vice_chair', 'member', 'secretary', 'advisor'] as const) expect(allowedActions(actor('council_member'), round, seat)).not.toContain('end_scoring');
    expect(allowedActions(actor('province_officer', '38'), round, null)).not.toContain('end_scoring');
    expect(allowedActions(actor('council_member'), { ...round, scoringEndedAt: new Date() }, 'chair')).not.toContain('end_scoring');
    expect(allowedActions(actor('council_member'), { ...round, status: 'closed' }, 'chair')).not.toContain('end_scoring');
  });
});
