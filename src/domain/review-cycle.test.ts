import { describe, expect, it } from 'vitest';
import {
  REVIEW_ACTIONS, REVIEW_STATUSES, REVIEW_TRANSITIONS, IDEA_TRANSITIONS, PLAN_TRANSITIONS,
  actionsFrom, applyTransition, canFilePlanFor, type ReviewAction, type ReviewStatus,
} from './review-cycle';

describe('review state machine', () => {
  it('walks draft → submitted → returned → submitted → accepted', () => {
    let s: ReviewStatus = 'draft';
    const steps: [ReviewAction, string | undefined, ReviewStatus][] = [
      ['submit', undefined, 'submitted'],
      ['return', 'Cần làm rõ nguồn nguyên liệu', 'returned'],
      ['edit', undefined, 'returned'],
      ['submit', undefined, 'submitted'],
      ['accept', undefined, 'accepted'],
    ];
    for (const [action, comment, to] of steps) {
      const r = applyTransition(IDEA_TRANSITIONS, s, action, comment);
      expect(r, `${s} --${action}-->`).toMatchObject({ ok: true, to });
      if (r.ok) s = r.to;
    }
    expect(s).toBe('accepted');
  });

  it('refuses every move that is not in the table', () => {
    const allowed = new Set(REVIEW_TRANSITIONS.map((t) => `${t.from}:${t.action}`));
    for (const from of REVIEW_STATUSES) {
      for (const action of REVIEW_ACTIONS) {
        const r = applyTransition(REVIEW_TRANSITIONS, from, action, 'a comment');
        expect(r.ok, `${from} --${action}-->`).toBe(allowed.has(`${from}:${action}`));
        if (!r.ok) expect(r.reason).toBe('invalid_transition');
      }
    }
  });

  it('accepted is final: no edit, submit, accept or return', () => {
    for (const action of REVIEW_ACTIONS) expect(applyTransition(PLAN_TRANSITIONS, 'accepted', action, 'x').ok).toBe(false);
  });

  it('cannot review a draft or a returned record, nor submit a submitted one', () => {
    expect(applyTransition(IDEA_TRANSITIONS, 'draft', 'accept')).toEqual({ ok: false, reason: 'invalid_transition' });
    expect(applyTransition(IDEA_TRANSITIONS, 'returned', 'return', 'again')).toEqual({ ok: false, reason: 'invalid_transition' });
    expect(applyTransition(IDEA_TRANSITIONS, 'submitted', 'submit')).toEqual({ ok: false, reason: 'invalid_transition' });
    expect(applyTransition(IDEA_TRANSITIONS, 'submitted', 'edit')).toEqual({ ok: false, reason: 'invalid_transition' });
  });

  it('returning needs a comment (blank does not count); accepting does not', () => {
    expect(applyTransition(IDEA_TRANSITIONS, 'submitted', 'return')).toEqual({ ok: false, reason: 'comment_required' });
    expect(applyTransition(IDEA_TRANSITIONS, 'submitted', 'return', '   ')).toEqual({ ok: false, reason: 'comment_required' });
    expect(applyTransition(IDEA_TRANSITIONS, 'submitted', 'accept')).toMatchObject({ ok: true, to: 'accepted' });
  });

  it('lists the actions each side may take from a status', () => {
    expect(actionsFrom(IDEA_TRANSITIONS, 'draft', ['owner'])).toEqual(['edit', 'submit']);
    expect(actionsFrom(IDEA_TRANSITIONS, 'draft', ['reviewer'])).toEqual([]);
    expect(actionsFrom(IDEA_TRANSITIONS, 'submitted', ['reviewer'])).toEqual(['accept', 'return']);
    expect(actionsFrom(IDEA_TRANSITIONS, 'submitted', ['owner'])).toEqual([]);
    expect(actionsFrom(IDEA_TRANSITIONS, 'returned', ['owner', 'reviewer'])).toEqual(['edit', 'submit']);
    expect(actionsFrom(IDEA_TRANSITIONS, 'accepted', ['owner', 'reviewer'])).toEqual([]);
  });

  it('a plan can only be filed for an accepted idea', () => {
    expect(REVIEW_STATUSES.filter(canFilePlanFor)).toEqual(['accepted']);
  });
});
