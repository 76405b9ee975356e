import { describe, it, expect } from 'vitest';
import {
  addMonths,
  excelSerialToDate,
  formatDateTimeVi,
  formatDateVi,
  isIsoDate,
  parseDateInput,
  todayInVietnam,
} from './dates';

describe('parseDateInput', () => {
  it('accepts ISO dates', () => {
    expect(parseDateInput('2025-07-06')).toBe('2025-07-06');
    expect(parseDateInput(' 2024-02-29 ')).toBe('2024-02-29');
  });

  it('accepts day-first dates with /, - or . and one or two digit parts', () => {
    expect(parseDateInput('06/07/2025')).toBe('2025-07-06');
    expect(parseDateInput('6/7/2025')).toBe('2025-07-06');
    expect(parseDateInput('06-07-2025')).toBe('2025-07-06');
    expect(parseDateInput('6.7.2025')).toBe('2025-07-06');
    expect(parseDateInput('31/12/2100')).toBe('2100-12-31');
    expect(parseDateInput('1/1/1900')).toBe('1900-01-01');
  });

  it('rejects impossible calendar dates', () => {
    for (const bad of ['31/02/2024', '30/02/2024', '2023-02-29', '29/02/2023', '31/04/2025', '2025-13-01', '00/01/2025', '2025-01-00', '32/01/2025']) {
      expect(parseDateInput(bad), bad).toBeNull();
    }
  });

  it('handles leap years including century rules', () => {
    expect(parseDateInput('29/02/2024')).toBe('2024-02-29');
    expect(parseDateInput('29/02/2000')).toBe('2000-02-29');
    expect(parseDateInput('29/02/1900')).toBeNull();
    expect(parseDateInput('2100-02-29')).toBeNull();
  });

  it('rejects years outside 1900–2100', () => {
    expect(parseDateInput('31/12/1899')).toBeNull();
    expect(parseDateInput('2101-01-01')).toBeNull();
  });

  it('rejects other shapes', () => {
    for (const bad of ['', '2025-7-6', '2025/07/06', '06/07/25', '06/07-2025', '06 07 2025', '2025-07-06T00:00', 'hôm nay', '123/1/2025']) {
      expect(parseDateInput(bad), bad).toBeNull();
    }
  });
});

describe('isIsoDate', () => {
  it('accepts only real dates in YYYY-MM-DD form', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('06/07/2025')).toBe(false);
    // PostgreSQL has no year 0: a date it cannot store is no date (a 500 before).
    expect(isIsoDate('0000-06-15')).toBe(false);
    expect(isIsoDate('0001-01-01')).toBe(true);
    expect(isIsoDate(' 2025-07-06')).toBe(false);
  });
});

describe('addMonths', () => {
  it('adds calendar months', () => {
    expect(addMonths('2025-01-15', 1)).toBe('2025-02-15');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2022-08-21', 36)).toBe('2025-08-21');
  });

  it('clamps the day to the end of the month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
  });

  it('supports zero and negative months across years', () => {
    expect(addMonths('2025-05-05', 0)).toBe('2025-05-05');
    expect(addMonths('2025-01-31', -2)).toBe('2024-11-30');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
  });

  it('rejects invalid input', () => {
    expect(() => addMonths('2025-02-30', 1)).toThrow(RangeError);
    expect(() => addMonths('06/07/2025', 1)).toThrow(RangeError);
    expect(() => addMonths('2025-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('formatDateVi', () => {
  it('formats as dd/MM/yyyy', () => {
    expect(formatDateVi('2025-07-06')).toBe('06/07/2025');
    expect(formatDateVi('2024-12-31')).toBe('31/12/2024');
  });

  it('rejects invalid dates', () => {
    expect(() => formatDateVi('2025-02-30')).toThrow(RangeError);
    expect(() => formatDateVi('')).toThrow(RangeError);
  });
});

describe('todayInVietnam', () => {
  it('uses UTC+7 at the day boundary', () => {
    expect(todayInVietnam(new Date('2025-07-05T16:59:59Z'))).toBe('2025-07-05');
    expect(todayInVietnam(new Date('2025-07-05T17:00:00Z'))).toBe('2025-07-06');
    expect(todayInVietnam(new Date('2024-12-31T17:30:00Z'))).toBe('2025-01-01');
  });

  it('has no daylight saving shift', () => {
    expect(todayInVietnam(new Date('2025-03-30T16:59:00Z'))).toBe('2025-03-30');
    expect(todayInVietnam(new Date('2025-10-26T17:00:00Z'))).toBe('2025-10-27');
  });

  it('defaults to the current time', () => {
    expect(todayInVietnam()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('rejects an invalid Date', () => {
    expect(() => todayInVietnam(new Date('nope'))).toThrow(RangeError);
  });
});

describe('formatDateTimeVi', () => {
  it('formats wall-clock time in Vietnam', () => {
    expect(formatDateTimeVi(new Date('2025-07-05T17:05:00Z'))).toBe('06/07/2025 00:05');
    expect(formatDateTimeVi(new Date('2025-07-06T02:30:59Z'))).toBe('06/07/2025 09:30');
    expect(formatDateTimeVi(new Date('2025-01-01T16:59:00Z'))).toBe('01/01/2025 23:59');
  });

  it('rejects an invalid Date', () => {
    expect(() => formatDateTimeVi(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('excelSerialToDate', () => {
  it('converts known serials', () => {
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(43831)).toBe('2020-01-01');
    expect(excelSerialToDate(45292)).toBe('2024-01-01');
    expect(excelSerialToDate(45351)).toBe('2024-02-29');
    expect(excelSerialToDate(2958465)).toBe('9999-12-31');
  });

  it('ignores the time of day', () => {
    expect(excelSerialToDate(45292.75)).toBe('2024-01-01');
    expect(excelSerialToDate(45292.999)).toBe('2024-01-01');
  });

  it('is not thrown off by floating-point noise', () => {
    expect(excelSerialToDate(45293 - 1e-11)).toBe('2024-01-02');
  });

  it('returns null for the fake 1900-02-29 and out-of-range values', () => {
    for (const bad of [60, 0, 0.5, -1, 2958466, Number.NaN, Infinity]) {
      expect(excelSerialToDate(bad), String(bad)).toBeNull();
    }
  });
});
