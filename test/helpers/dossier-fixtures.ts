/** Helpers for self-assessment and dossier tests: small valid files and upload requests. */
import { deflateSync } from 'node:zlib';
import type { App } from '../../src/web/http';
import { multipart } from '../imports/fixtures/encode';
import type { Headers } from './app';

/** A minimal PDF (starts with %PDF-). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** A 1×1 PNG. */
export function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); ihdr.writeUInt32BE(1, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(4))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function uploadDoc(app: App, dossierId: string, headers: Headers, docType: string, file: { name: string; data: Buffer; type?: string }) {
  const body = multipart({ docType }, file);
  return app.inject({ method: 'POST', url: `/api/v1/dossiers/${dossierId}/documents`, headers: { ...headers, ...body.headers }, payload: body.payload });
}

/** The commune assessment a commune officer records when forwarding (goods: samples received). */
export const COMMUNE_ASSESSMENT = {
  localOrigin: true, localLabour: true, localIdea: true, localIdentity: false,
  report: 'Biên bản đánh giá cấp xã: nguyên liệu tại địa phương, lao động địa phương; đã nhận 05 sản phẩm mẫu.',
  samplesReceived: true,
};
