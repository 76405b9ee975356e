/**
 * Local stand-ins for the text-message providers, on 127.0.0.1 and a random port, each
 * implementing its provider's documented contract (and checking the request against it):
 * - eSMS.vn: POST /MainService.svc/json/SendMultipleMessage_V4_post_json/ with a JSON body
 *   {ApiKey, SecretKey, Phone, Content, Brandname, SmsType, IsUnicode, Sandbox, RequestId};
 *   {"CodeResult":"100","CountRegenerate":0,"SMSID":…} when accepted, 101 for wrong keys, 124 for
 *   a RequestId seen before (not sent again), or the code the test asks for.
 * - Zalo ZNS: POST /message/template with an `access_token` header and {phone, template_id,
 *   template_data, tracking_id}; {"error":0,"message":"Success","data":{msg_id, sent_time, quota}},
 *   -124 for a wrong token, -108 for a phone not in 84… form, or the code the test asks for.
 * `mode` 'hang' accepts the request and never answers (the client's timeout must end it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'ok' | 'hang' | { code: string | number; message: string };

export interface FakeProvider {
  url: string;
  /** Every request received, with its parsed body and headers (also the ones never answered). */
  requests: { path: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }[];
  /** Requests the provider accepted (answered with success), by the message key. */
  delivered: Map<string, Record<string, unknown>>;
  mode: FakeMode;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { data += c; });
    req.on('end', () => resolve(data));
  });
}

async function serve(handle: (p: FakeProvider, path: string, req: IncomingMessage, body: Record<string, unknown>, res: ServerResponse) => void): Promise<FakeProvider> {
  const hanging = new Set<ServerResponse>();
  const provider: FakeProvider = {
    url: '', requests: [], delivered: new Map(), mode: 'ok',
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    let body: Record<string, unknown>;
    try { body = JSON.parse(text) as Record<string, unknown>; } catch { body = {}; }
    const path = req.url ?? '';
    provider.requests.push({ path, headers: req.headers, body });
    if (provider.mode === 'hang') { hanging.add(res); return; }
    handle(provider, path, req, body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return provider;
}

const reply = (res: ServerResponse, status: number, json: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(json));
};

export const ESMS_KEYS = { apiKey: 'test-api-key', secretKey: 'test-secret-key', brandname: 'OCOP_VN' };

export function fakeEsms(): Promise<FakeProvider> {
  return serve((p, path, req, b, res) => {
    if (req.method !== 'POST' || path !== '/MainService.svc/json/SendMultipleMessage_V4_post_json/') return reply(res, 404, { error: 'Invalid request' });
    if (!String(req.headers['content-type']).startsWith('application/json')) return reply(res, 400, { error: 'Invalid request' });
    if (b.ApiKey !== ESMS_KEYS.apiKey || b.SecretKey !== ESMS_KEYS.secretKey) return reply(res, 200, { CodeResult: '101', CountRegenerate: 0, ErrorMessage: 'Authorize Failed' });
    const shapeOk = typeof b.Phone === 'string' && /^(84|0)[35789]\d{8}$/.test(b.Phone)
      && typeof b.Content === 'string' && b.Content.length > 0
      && b.Brandname === ESMS_KEYS.brandname && b.SmsType === '2' && (b.IsUnicode === '0' || b.IsUnicode === '1')
      && typeof b.RequestId === 'string' && b.RequestId.length > 0 && b.RequestId.length <= 50;
    if (!shapeOk) return reply(res, 200, { CodeResult: '99', CountRegenerate: 0, ErrorMessage: 'Invalid request' });
    if (typeof p.mode === 'object') return reply(res, 200, { CodeResult: String(p.mode.code), CountRegenerate: 0, ErrorMessage: p.mode.message });
    if (p.delivered.has(b.RequestId as string)) return reply(res, 200, { CodeResult: '124', CountRegenerate: 0, ErrorMessage: 'Duplicate RequestId' });
    p.delivered.set(b.RequestId as string, b);
    return reply(res, 200, { CodeResult: '100', CountRegenerate: 0, SMSID: `sms-${p.delivered.size}` });
  });
}

export const ZNS_KEYS = { accessToken: 'test-oa-access-token', templateId: '412345' };

export function fakeZns(): Promise<FakeProvider> {
  return serve((p, path, req, b, res) => {
    if (req.method !== 'POST' || path !== '/message/template') return reply(res, 404, { error: -106, message: 'Method unsupported' });
    if (req.headers.access_token !== ZNS_KEYS.accessToken) return reply(res, 200, { error: -124, message: 'Access token invalid' });
    if (typeof b.phone !== 'string' || !/^84\d{9}$/.test(b.phone)) return reply(res, 200, { error: -108, message: 'Phone number invalid' });
    if (b.template_id !== ZNS_KEYS.templateId) return reply(res, 200, { error: -109, message: 'Template ID invalid' });
    const data = b.template_data as Record<string, unknown> | undefined;
    if (!data || typeof data !== 'object' || !Object.values(data).every((v) => typeof v === 'string' && v.length <= 200)) {
      return reply(res, 200, { error: -112, message: 'Template data invalid' });
    }
    if (typeof b.tracking_id !== 'string' || !b.tracking_id) return reply(res, 200, { error: -112, message: 'Template data invalid' });
    if (typeof p.mode === 'object') return reply(res, 200, { error: Number(p.mode.code), message: p.mode.message });
    p.delivered.set(b.tracking_id, b);
    return reply(res, 200, {
      error: 0, message: 'Success',
      data: { msg_id: `zns-${p.delivered.size}`, sent_time: String(Date.now()), quota: { dailyQuota: '500', remainingQuota: String(500 - p.delivered.size) } },
    });
  });
}
