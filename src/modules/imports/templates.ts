/**
 * Downloadable import templates: the header row of the public format (English key with the
 * Vietnamese name in brackets) and one example row starting with '#', which imports skip.
 * XLSX adds a note on every header cell and a bilingual "Notes" sheet.
 */
import { AppError } from '../../errors';
import { importMessages } from './imports.i18n';
import { COLUMNS, headerLabel, isTabularKind, type ColumnSpec, type ImportKind } from './columns';
import { CSV_TYPE, toCsv, toXlsx, XLSX_TYPE, type Cell, type FileDownload } from '../../files/spreadsheet';

export type DownloadFormat = 'csv' | 'xlsx';

const vi = importMessages.vi;
const en = importMessages.en;

const EXAMPLE_MARKER = '# VÍ DỤ / EXAMPLE:';

function describe(spec: ColumnSpec, lang: typeof vi | typeof en): string {
  return lang[`imports.col.${spec.key}`];
}

function exampleRow(specs: readonly ColumnSpec[]): Cell[] {
  return specs.map((s, i) => (i === 0 ? `${EXAMPLE_MARKER} ${s.example}` : s.example));
}

export async function buildTemplate(kind: ImportKind, format: DownloadFormat): Promise<FileDownload> {
  if (!isTabularKind(kind)) throw new AppError('not_found', en['imports.noTemplate']);
  const specs = COLUMNS[kind];
  const header = specs.map(headerLabel);
  const fileName = `ocop-${kind}-template.${format}`;
  if (format === 'csv') {
    return { fileName, contentType: CSV_TYPE, body: toCsv({ header, rows: [exampleRow(specs)] }) };
  }
  const yesNo = (r: boolean) => `${r ? vi['imports.yes'] : vi['imports.no']} / ${r ? en['imports.yes'] : en['imports.no']}`;
  const body = await toXlsx([
    {
      name: `${vi['imports.dataSheet']} - ${en['imports.dataSheet']}`,
      header,
      rows: [exampleRow(specs)],
      exampleRows: [0],
      headerNotes: specs.map((s) => `${describe(s, vi)}\n${describe(s, en)}`),
      widths: specs.map((s) => Math.max(16, Math.min(45, headerLabel(s).length + 4))),
    },
    {
      name: `${vi['imports.notesSheet']} - ${en['imports.notesSheet']}`,
      header: [
        `${vi['imports.notesColumn']} / ${en['imports.notesColumn']}`,
        `${vi['imports.notesRequired']} / ${en['imports.notesRequired']}`,
        `${vi['imports.notesDescription']}`, en['imports.notesDescription'],
      ],
      rows: [
        ...specs.map((s): Cell[] => [headerLabel(s), yesNo(s.required), describe(s, vi), describe(s, en)]),
        [null, null, null, null],
        [vi['imports.notesGeneral'], null, null, null],
        [en['imports.notesGeneral'], null, null, null],
      ],
      widths: [34, 14, 70, 70],
    },
  ]);
  return { fileName, contentType: XLSX_TYPE, body };
}
