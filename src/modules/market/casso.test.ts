import { describe, expect, it } from 'vitest';
import { CASSO_REPLAY_WINDOW_MS, cassoSignedTexts, checkCassoSignature, parseCassoSignature, sortKeys } from './casso';

/** The sample of Casso's own verify-signature repository (python.py): its body, key and header. */
const SAMPLE = {
  body: {
    error: 0,
    data: {
      id: 0, reference: 'MA_GIAO_DICH_THU_NGHIEM', description: 'giao dich thu nghiem', amount: 599000, runningBalance: 25000000,
      transactionDateTime: '2024-10-03 15:06:37', accountNumber: '88888888', bankName: 'VPBank', bankAbbreviation: 'VPB', virtualAccountNumber: '',
      virtualAccountName: '', counterAccountName: 'NGUYEN VAN A', counterAccountNumber: '8888888888', counterAccountBankId: '970415', counterAccountBankName: 'VietinBank',
    },
  },
  key: 'mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs',
  header: 't=1727948258788,v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde0868fc667faea8e224900fa7904e7c88dfa098032fb2d6b6996856e8b7ff3',
  t: 1727948258788,
};

describe('Casso webhook v2 signature', () => {
  it('checks Casso\'s published sample, within the replay window only', () => {
    expect(checkCassoSignature(SAMPLE.key, SAMPLE.header, SAMPLE.body, SAMPLE.t + 1_000)).toBe('ok');
    expect(checkCassoSignature(SAMPLE.key, SAMPLE.header, SAMPLE.body, SAMPLE.t + CASSO_REPLAY_WINDOW_MS + 1)).toBe('stale');
    expect(checkCassoSignature(`${SAMPLE.key}x`, SAMPLE.header, SAMPLE.body, SAMPLE.t)).toBe('bad_signature');
    expect(checkCassoSignature(SAMPLE.key, SAMPLE.header, { ...SAMPLE.body, data: { ...SAMPLE.body.data, amount: 599001 } }, SAMPLE.t)).toBe('bad_signature');
    expect(checkCassoSignature(SAMPLE.key, undefined, SAMPLE.body, SAMPLE.t)).toBe('missing');
  });

  it('reads the header leniently (spaces, capitals) and refuses other forms', () => {
    expect(parseCassoSignature(` t=123456789012, v1=${'AB'.repeat(64)} `)).toEqual({ t: 123456789012, v1: 'ab'.repeat(64) });
    for (const h of ['', 'v1=ab,t=1', `t=x,v1=${'a'.repeat(128)}`, `t=1727948258788,v1=${'a'.repeat(127)}`, 'sha256=abc']) expect(parseCassoSignature(h)).toBeNull();
  });

  it('sorts keys at every level, keeps arrays in order; non-ASCII text in each form Casso\'s samples write it', () => {
    expect(JSON.stringify(sortKeys({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }))).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
    expect(cassoSignedTexts({ d: 'tiền/đơn' })).toEqual(['{"d":"tiền/đơn"}', '{"d":"ti\\u1ec1n/\\u0111\\u01a1n"}', '{"d":"ti\\u1ec1n\\/\\u0111\\u01a1n"}']);
    expect(cassoSignedTexts({ d: 'ascii' })).toEqual(['{"d":"ascii"}']);
  });
});
