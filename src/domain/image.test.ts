import { describe, expect, it } from 'vitest';
import { fitWithin, sniffImageType } from './image';

const bytes = (...b: (number | string)[]) =>
  Buffer.concat(b.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from([x]))));

describe('sniffImageType', () => {
  it('knows JPEG, PNG and WebP by their first bytes', () => {
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(sniffImageType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d))).toBe('image/png');
    expect(sniffImageType(bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses everything else, including near misses and short files', () => {
    expect(sniffImageType(Buffer.from('hello, this is text pretending to be a PNG'))).toBeNull();
    expect(sniffImageType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffImageType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a))).toBeNull();
    expect(sniffImageType(bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt '))).toBeNull(); // a WAV file
    expect(sniffImageType(bytes('RIFF', 0x24, 0, 0, 0, 'WEB'))).toBeNull();
    expect(sniffImageType(bytes('GIF89a', 1, 0, 1, 0))).toBeNull();
    expect(sniffImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
  });

  it('reads only the start: a PNG signature later in the file does not count', () => {
    expect(sniffImageType(bytes('xx', 0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a))).toBeNull();
  });
});

describe('fitWithin', () => {
  it('keeps small images as they are (never enlarges)', () => {
    expect(fitWithin(300, 200, 320)).toEqual({ width: 300, height: 200 });
    expect(fitWithin(320, 320, 320)).toEqual({ width: 320, height: 320 });
  });

  it('scales the longest side to the box and keeps the aspect ratio', () => {
    expect(fitWithin(4000, 3000, 1600)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3000, 4000, 320)).toEqual({ width: 240, height: 320 });
    expect(fitWithin(1000, 333, 320)).toEqual({ width: 320, height: 107 });
  });

  it('never rounds a side down to zero', () => {
    expect(fitWithin(20000, 1, 320)).toEqual({ width: 320, height: 1 });
  });
});
