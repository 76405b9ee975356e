import { describe, expect, it } from 'vitest';
import { t } from '../../core/i18n';
import { renderNotice } from './notices.dispatch';
import {
  emailWanted, formatTimeOfDay, inQuietHours, kindsForRole, NOTICE_KINDS, noticesFor, parseTimeOfDay, vietnamMinute,
  type AuditEvent, type DossierFacts,
} from './notices.policy';

const dossier: DossierFacts = {
  type: 'dossier', id: 'd1', number: 'HS-38-2026-000001', productName: 'Mật ong Pù Luông', producerId: 'p1',
  communeCode: '14758', provinceCode: '38', comment: null, round: null,
};
const ev = (action: string, after: unknown = {}): AuditEvent => ({ id: 7, action, entityType: 'dossier', entityId: 'd1', provinceCode: '38', after });

describe('noticesFor', () => {
  it('a return goes to the producer with the officer\'s comment in the text', () => {
    const [n, ...rest] = noticesFor(ev('dossier.return'), { ...dossier, comment: 'Thiếu giấy chứng nhận ATTP' });
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ kind: 'dossier_returned', audience: { to: 'producer', producerId: 'p1' }, link: '/admin/dossiers/d1' });
    expect(renderNotice(n!).body).toContain('“Thiếu giấy chứng nhận ATTP”');
    expect(renderNotice(n!).title).toContain('HS-38-2026-000001');
  });

  it('a submission goes to the commune office; a forward to the producer and the province officers', () => {
    expect(noticesFor(ev('dossier.submit'), dossier).map((n) => [n.kind, n.audience])).toEqual([
      ['dossier_submitted', { to: 'commune_office', communeCode: '14758', provinceCode: '38' }],
    ]);
    expect(noticesFor(ev('dossier.forward'), dossier).map((n) => [n.kind, n.audience.to])).toEqual([
      ['dossier_forwarded', 'producer'], ['dossier_to_receive', 'province_officers'],
    ]);
  });

  it('a dossier filed on the producer\'s behalf and handed to their account tells the producer', () => {
    const [n, ...rest] = noticesFor(ev('dossier.handover'), dossier);
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ kind: 'dossier_handed_over', audience: { to: 'producer', producerId: 'p1' } });
    expect(renderNotice(n!).title).toBe('Hồ sơ HS-38-2026-000001 đã được giao cho tài khoản của bạn');
  });

  it('scheduling names the round and its session day; scoring tells the result', () => {
    const round = { name: 'Đợt 1/2026', sessionDate: '2026-09-15' };
    const [s] = noticesFor(ev('dossier.assign'), { ...dossier, round });
    expect(renderNotice(s!).body).toContain('15/09/2026');
    expect(renderNotice(s!).body).toContain('Đợt 1/2026');
    const [scored] = noticesFor(ev('dossier.evaluate', { meanScore: 72.5, recognisedStars: 4, eliminated: false }), { ...dossier, round });
    expect(scored).toMatchObject({ kind: 'dossier_scored', variant: null, params: { score: 72.5, stars: 4 } });
    expect(noticesFor(ev('dossier.evaluate', { meanScore: 40, recognisedStars: null }), { ...dossier, round })[0]!.variant).toBe('unranked');
    expect(noticesFor(ev('dossier.evaluate', { eliminated: true }), { ...dossier, round })[0]!.variant).toBe('eliminated');
  });

  it('a decision tells recognised or not; certificates and fake reports have their own audiences', () => {
    expect(noticesFor(ev('dossier.recognise'), { ...dossier, comment: '12/QĐ-UBND (2026-10-01)' })[0]).toMatchObject({ kind: 'dossier_decided', variant: 'recognised' });
    expect(noticesFor(ev('dossier.reject'), dossier)[0]).toMatchObject({ kind: 'dossier_decided', variant: 'not_recognised' });
    const cert = { type: 'certificate' as const, number: '38-2026-0001', productName: 'Chè', producerId: 'p1', stars: 4, reason: 'Vi phạm' };
    const issue = { ...ev('certificate.issue'), entityType: 'certificate' };
    expect(noticesFor(issue, cert)[0]).toMatchObject({ kind: 'certificate_issued', link: '/admin/certificates/38-2026-0001' });
    expect(renderNotice(noticesFor({ ...issue, action: 'certificate.revoke' }, cert)[0]!).body).toContain('Vi phạm');
    const report = { ...ev('fake_report.create'), entityType: 'fake_report' };
    expect(noticesFor(report, { type: 'fake_report', reference: 'BC-2026-000001', code: 'X', provinceCode: null })[0]!.audience)
      .toEqual({ to: 'report_handlers', provinceCode: null });
  });

  it('other steps and missing records say nothing', () => {
    expect(noticesFor(ev('dossier.withdraw'), dossier)).toEqual([]);
    expect(noticesFor(ev('dossier.unassign'), dossier)).toEqual([]);
    expect(noticesFor(ev('dossier.return'), null)).toEqual([]);
  });

  it('every kind and variant has a title and text in both languages', () => {
    for (const kind of NOTICE_KINDS) {
      for (const locale of ['vi', 'en'] as const) {
        expect(t(locale, `notices.title.${kind}`)).not.toBe(`notices.title.${kind}`);
        expect(t(locale, `notices.kind.${kind}`)).not.toBe(`notices.kind.${kind}`);
      }
    }
  });
});

describe('quiet hours (Vietnam time, UTC+7)', () => {
  const at = (hhmm: string) => new Date(`2026-07-02T${hhmm}:00+07:00`);
  it('reads and writes HH:MM', () => {
    expect(parseTimeOfDay('22:00')).toBe(1320);
    expect(parseTimeOfDay('6:30')).toBeNull();
    expect(parseTimeOfDay('24:00')).toBeNull();
    expect(formatTimeOfDay(390)).toBe('06:30');
    expect(vietnamMinute(at('00:05'))).toBe(5);
  });
  it('spans midnight when the start is after the end', () => {
    const night = { startMinute: 22 * 60, endMinute: 6 * 60 + 30 };
    expect(inQuietHours(night, at('23:10'))).toBe(true);
    expect(inQuietHours(night, at('03:00'))).toBe(true);
    expect(inQuietHours(night, at('06:30'))).toBe(false);
    expect(inQuietHours(night, at('12:00'))).toBe(false);
    const noon = { startMinute: 12 * 60, endMinute: 13 * 60 };
    expect(inQuietHours(noon, at('12:30'))).toBe(true);
    expect(inQuietHours(noon, at('13:00'))).toBe(false);
    expect(inQuietHours(null, at('12:30'))).toBe(false);
  });
  it('e-mail is on unless turned off; each role lists its kinds', () => {
    expect(emailWanted(undefined, 'dossier_returned')).toBe(true);
    expect(emailWanted(new Map([['dossier_returned', false]]), 'dossier_returned')).toBe(false);
    expect(kindsForRole('producer')).toContain('certificate_revoked');
    expect(kindsForRole('commune_officer')).toEqual(['dossier_submitted']);
    expect(kindsForRole('buyer')).toEqual(['buyer_org_verified', 'buyer_org_rejected', 'trade_offer_received', 'trade_message', 'trade_agreement']);
    expect(kindsForRole('province_officer')).toContain('buyer_org_registered');
    expect(kindsForRole('council_member')).toEqual([]);
  });
});
