import type { ComponentChildren, VNode } from 'preact';
import {
  Checkbox, CsrfField, ErrorSummary, FileField, SelectField, SubmitRow, TextArea, TextField,
  type CheckboxProps, type ErrorSummaryProps, type FileFieldProps, type SelectFieldProps,
  type TextAreaProps, type TextFieldProps,
} from './form';
import { DataTable, type DataTableProps } from './table';
import { Pagination, type PaginationProps } from './pagination';
import { FilterBar, SearchInput, type FilterBarProps, type SearchInputProps } from './filter-bar';
import { SampleBadge, StatusBadge, Stars, type StarsProps, type Tone } from './badges';
import {
  BackLink, Breadcrumbs, Card, DescriptionList, EmptyState, Notice, PageHeader, StatGrid,
  type CardProps, type Crumb, type DescriptionItem, type NoticeTone, type PageHeaderProps, type StatItem,
} from './page';

/**
 * Named example prop sets for every shared component. They drive the render tests
 * (components.test.tsx), the accessibility check and the /_components gallery.
 * Field names are unique across all examples so the gallery page has no duplicate ids.
 */
export interface Example<P> { name: string; props: P }

const ATTACK = '<script>alert("xss")</script>';

// ─── Forms ──────────────────────────────────────────────────────────────────

export const csrfFieldExamples: Example<{ token: string | null }>[] = [
  { name: 'signed in', props: { token: 'c5f1e0d2-demo-token' } },
  { name: 'anonymous (renders nothing)', props: { token: null } },
];

export const errorSummaryExamples: Example<ErrorSummaryProps>[] = [
  {
    name: 'two errors with labels',
    props: {
      title: 'Có lỗi cần sửa',
      errors: { taxCode: 'Mã số thuế phải có 10 hoặc 13 chữ số', 'address.province': 'Chọn tỉnh/thành phố' },
      labels: { taxCode: 'Mã số thuế', 'address.province': 'Tỉnh/thành phố' },
      focusOnLoad: false,
    },
  },
  { name: 'no errors (renders nothing)', props: { title: 'Có lỗi cần sửa', errors: {} } },
];

export const textFieldExamples: Example<TextFieldProps>[] = [
  { name: 'basic', props: { name: 'producerName', label: 'Tên chủ thể', value: 'HTX Nông nghiệp Tân Lập', required: true, autocomplete: 'organization' } },
  {
    name: 'with hint',
    props: {
      name: 'gtin', label: 'Mã vạch GTIN', hint: 'Dãy 8, 12, 13 hoặc 14 chữ số in dưới mã vạch trên bao bì.',
      inputMode: 'numeric', width: 'sm', maxLength: 14, spellcheck: false, optionalLabel: 'không bắt buộc',
    },
  },
  {
    name: 'with error',
    props: {
      name: 'taxCode', label: 'Mã số thuế', value: '01234', hint: '10 hoặc 13 chữ số, không có dấu cách.',
      error: 'Mã số thuế phải có 10 hoặc 13 chữ số', required: true, inputMode: 'numeric', width: 'md',
    },
  },
  { name: 'email, optional', props: { name: 'contact.email', label: 'Thư điện tử', type: 'email', autocomplete: 'email', optionalLabel: 'không bắt buộc' } },
  { name: 'escaping', props: { name: 'escaping', label: `Nhãn ${ATTACK}`, value: `"><${'script'}>alert(1)</script>`, hint: ATTACK } },
];

export const textAreaExamples: Example<TextAreaProps>[] = [
  { name: 'basic', props: { name: 'description', label: 'Mô tả sản phẩm', hint: 'Nguyên liệu, quy trình, điểm khác biệt.', rows: 4, value: 'Mật ong hoa nhãn thu hoạch tại Hưng Yên.' } },
  { name: 'with error', props: { name: 'story', label: 'Câu chuyện sản phẩm', error: 'Nhập câu chuyện sản phẩm (tối thiểu 50 ký tự)', required: true, rows: 3 } },
];

const provinces = [
  { value: '01', label: 'Hà Nội' }, { value: '33', label: 'Hưng Yên' },
  { value: '46', label: 'Huế' }, { value: '79', label: 'TP. Hồ Chí Minh' },
];

export const selectFieldExamples: Example<SelectFieldProps>[] = [
  { name: 'with placeholder', props: { name: 'province', label: 'Tỉnh/thành phố', options: provinces, placeholder: '— Chọn tỉnh/thành phố —', value: '33' } },
  { name: 'with error', props: { name: 'address.province', label: 'Tỉnh/thành phố', options: provinces, placeholder: '— Chọn —', error: 'Chọn tỉnh/thành phố', required: true } },
];

export const checkboxExamples: Example<CheckboxProps>[] = [
  { name: 'checked with hint', props: { name: 'isSample', label: 'Đây là dữ liệu mẫu', checked: true, hint: 'Bản ghi mẫu hiển thị nhãn “Dữ liệu mẫu” ở mọi nơi.' } },
  { name: 'unchecked', props: { name: 'agree', label: 'Tôi cam kết thông tin khai báo là đúng sự thật' } },
];

export const fileFieldExamples: Example<FileFieldProps>[] = [
  { name: 'spreadsheet with size limit', props: { name: 'file', label: 'Tệp dữ liệu', accept: '.xlsx,.csv', hint: 'Excel (.xlsx) hoặc CSV, tối đa 10 MB.', maxBytes: 10 * 1024 * 1024, required: true } },
  { name: 'with error', props: { name: 'photo', label: 'Ảnh sản phẩm', accept: 'image/jpeg,image/png,image/webp', error: 'Định dạng tệp không được hỗ trợ', hint: 'JPG, PNG hoặc WebP.' } },
];

export const submitRowExamples: Example<{ children: ComponentChildren }>[] = [
  {
    name: 'save and cancel',
    props: {
      children: [
        <button type="submit" class="btn btn-primary">Lưu</button>,
        <a class="btn btn-secondary" href="/admin/producers">Hủy</a>,
      ],
    },
  },
  {
    name: 'destructive with confirm',
    props: {
      children: [
        <button type="button" class="btn btn-danger" data-module="confirm" data-confirm="Xóa chủ thể này? Thao tác không thể hoàn tác.">Xóa chủ thể</button>,
        <a href="/admin/producers">Quay lại danh sách</a>,
      ],
    },
  },
];

// ─── Tables, pagination, filters ────────────────────────────────────────────

export interface ProductRow { code: string; name: string; producer: string; province: string; stars: number; score: number; status: [Tone, string]; sample: boolean }

const productRows: ProductRow[] = [
  { code: 'OCOP-33-0012', name: 'Mật ong hoa nhãn', producer: 'HTX Ong mật Khoái Châu', province: 'Hưng Yên', stars: 4, score: 82.5, status: ['success', 'Đã cấp'], sample: true },
  { code: 'OCOP-01-0457', name: 'Trà shan tuyết cổ thụ', producer: 'Công ty TNHH Trà Việt', province: 'Hà Nội', stars: 5, score: 91.25, status: ['info', 'Chờ Trung ương'], sample: true },
  { code: 'OCOP-46-0031', name: 'Mè xửng Thiên Hương', producer: 'Hộ kinh doanh Trần Thị Lan', province: 'Huế', stars: 3, score: 64, status: ['warning', 'Sắp hết hạn'], sample: true },
];

const productColumns: DataTableProps<ProductRow>['columns'] = [
  { key: 'name', label: 'Sản phẩm', render: (r) => <a href={`/admin/products/${r.code}`}>{r.name}</a> },
  { key: 'producer', label: 'Chủ thể', render: (r) => <>{r.producer} {r.sample ? <SampleBadge /> : null}</> },
  { key: 'province', label: 'Tỉnh', render: (r) => r.province },
  { key: 'stars', label: 'Hạng sao', render: (r) => <Stars count={r.stars} /> },
  { key: 'score', label: 'Điểm', numeric: true, render: (r) => r.score.toLocaleString('vi-VN', { minimumFractionDigits: 2 }) },
  { key: 'status', label: 'Trạng thái', render: (r) => <StatusBadge tone={r.status[0]}>{r.status[1]}</StatusBadge> },
];

export const dataTableExamples: Example<DataTableProps<ProductRow>>[] = [
  { name: 'products', props: { caption: 'Sản phẩm OCOP (3 kết quả)', columns: productColumns, rows: productRows, empty: 'Không có dữ liệu phù hợp.', rowKey: (r) => r.code } },
  { name: 'empty', props: { caption: 'Sản phẩm chờ đánh giá', columns: productColumns, rows: [], empty: 'Không có sản phẩm nào đang chờ đánh giá.' } },
];

const pageLabels = (nav: string): PaginationProps['labels'] => ({
  prev: 'Trang trước', next: 'Trang sau', page: (p, n) => `Trang ${p} / ${n}`, nav,
});

export const paginationExamples: Example<PaginationProps>[] = [
  { name: 'middle of many pages', props: { page: 6, pageSize: 20, total: 412, href: (p) => `/admin/products?q=m%E1%BA%ADt+ong&page=${p}`, labels: pageLabels('Phân trang: giữa danh sách') } },
  { name: 'first page', props: { page: 1, pageSize: 20, total: 45, href: (p) => `/admin/producers?page=${p}`, labels: pageLabels('Phân trang: trang đầu') } },
  { name: 'single page (renders nothing)', props: { page: 1, pageSize: 20, total: 12, href: (p) => `?page=${p}`, labels: pageLabels('Phân trang') } },
];

export const searchInputExamples: Example<SearchInputProps>[] = [
  { name: 'with value', props: { name: 'search', label: 'Tìm sản phẩm', value: 'mật ong', placeholder: 'Tên, mã hoặc chủ thể' } },
];

export const filterBarExamples: Example<FilterBarProps>[] = [
  {
    name: 'search + selects',
    props: {
      action: '/admin/products', submitLabel: 'Lọc', label: 'Lọc sản phẩm',
      reset: { href: '/admin/products', label: 'Xóa bộ lọc' },
      children: [
        <SearchInput name="q" label="Từ khóa" value="mật ong" placeholder="Tên, mã hoặc chủ thể" />,
        <SelectField name="filterProvince" label="Tỉnh/thành phố" options={provinces} placeholder="Tất cả" autoSubmit />,
        <SelectField name="filterStars" label="Hạng sao" placeholder="Tất cả" options={[3, 4, 5].map((n) => ({ value: String(n), label: `${n} sao` }))} value="4" autoSubmit />,
      ],
    },
  },
];

// ─── Badges ─────────────────────────────────────────────────────────────────

export const starsExamples: Example<StarsProps>[] = [
  { name: '5 stars', props: { count: 5 } },
  { name: '3 stars with text', props: { count: 3, showText: true } },
  { name: 'not rated', props: { count: 0, showText: true } },
  { name: 'custom label', props: { count: 4, label: 'Xếp hạng 4 sao (2024)' } },
];

export const statusBadgeExamples: Example<{ tone: Tone; children: ComponentChildren }>[] = [
  { name: 'success', props: { tone: 'success', children: 'Đã cấp chứng nhận' } },
  { name: 'warning', props: { tone: 'warning', children: 'Sắp hết hạn' } },
  { name: 'danger', props: { tone: 'danger', children: 'Đã thu hồi' } },
  { name: 'info', props: { tone: 'info', children: 'Đang đánh giá' } },
  { name: 'neutral', props: { tone: 'neutral', children: 'Nháp' } },
];

export const sampleBadgeExamples: Example<{ label?: string }>[] = [
  { name: 'default label', props: {} },
  { name: 'english', props: { label: 'Sample data' } },
];

// ─── Page furniture ─────────────────────────────────────────────────────────

export const pageHeaderExamples: Example<PageHeaderProps>[] = [
  {
    name: 'with lead and actions',
    props: {
      caption: 'Quản lý chủ thể',
      title: 'HTX Ong mật Khoái Châu',
      lead: 'Hợp tác xã · Mã số thuế 0901234567 · Xã Khoái Châu, tỉnh Hưng Yên',
      actions: [<a class="btn btn-secondary" href="/admin/producers/1/edit">Sửa</a>, <a class="btn btn-primary" href="/admin/products/new">Thêm sản phẩm</a>],
    },
  },
];

export const breadcrumbsExamples: Example<{ items: Crumb[] }>[] = [
  { name: 'three levels', props: { items: [{ href: '/admin', label: 'Bảng điều khiển' }, { href: '/admin/producers', label: 'Chủ thể' }, { label: 'HTX Ong mật Khoái Châu' }] } },
];

export const backLinkExamples: Example<{ href: string; children: ComponentChildren }>[] = [
  { name: 'back to list', props: { href: '/admin/products', children: 'Quay lại danh sách sản phẩm' } },
];

export const cardExamples: Example<CardProps>[] = [
  { name: 'with title and action', props: { title: 'Chứng nhận hiện hành', actions: <a href="/admin/certificates">Xem tất cả</a>, children: <p>Quyết định số 1234/QĐ-UBND ngày 15/03/2024, hiệu lực đến 15/03/2027.</p> } },
  { name: 'accent', props: { title: 'Sản phẩm nổi bật', variant: 'accent', children: <p><Stars count={5} showText /> Trà shan tuyết cổ thụ</p> } },
];

export const statGridExamples: Example<{ items: StatItem[] }>[] = [
  {
    name: 'programme figures',
    props: {
      items: [
        { label: 'Sản phẩm OCOP', value: 16852, hint: '+312 so với quý trước' },
        { label: 'Chủ thể', value: 10234 },
        { label: 'Sản phẩm 5 sao', value: 86, hint: 'Cấp quốc gia' },
        { label: 'Sắp hết hạn', value: 143, hint: 'Trong 90 ngày tới' },
      ],
    },
  },
];

export const noticeExamples: Example<{ tone: NoticeTone; title?: string; children: ComponentChildren }>[] = [
  { name: 'success flash', props: { tone: 'success', children: <p>Đã lưu thông tin chủ thể.</p> } },
  { name: 'info with title', props: { tone: 'info', title: 'Dữ liệu mẫu', children: <p>Dữ liệu mẫu để trình diễn, không phải dữ liệu chính thức.</p> } },
  { name: 'warning', props: { tone: 'warning', children: <p>Chứng nhận của 3 sản phẩm sẽ hết hạn trong 30 ngày.</p> } },
  { name: 'danger', props: { tone: 'danger', children: <p>Tệp có lỗi; không dòng nào được nhập.</p> } },
];

export const descriptionListExamples: Example<{ items: DescriptionItem[] }>[] = [
  {
    name: 'producer details',
    props: {
      items: [
        { term: 'Loại hình', detail: 'Hợp tác xã' },
        { term: 'Mã số thuế', detail: <span class="mono">0901234567</span> },
        { term: 'Địa chỉ', detail: 'Thôn Tân Lập, xã Khoái Châu, tỉnh Hưng Yên' },
        { term: 'Trạng thái', detail: <StatusBadge tone="success">Đang hoạt động</StatusBadge> },
        { term: 'Sản phẩm OCOP', detail: <><Stars count={4} showText /> · 2 sản phẩm</> },
      ],
    },
  },
];

export const emptyStateExamples: Example<{ children: ComponentChildren; action?: ComponentChildren }>[] = [
  { name: 'with action', props: { children: <p>Chưa có sản phẩm nào. Thêm sản phẩm đầu tiên để bắt đầu hồ sơ OCOP.</p>, action: <a class="btn btn-primary" href="/admin/products/new">Thêm sản phẩm</a> } },
];

// ─── Gallery index ──────────────────────────────────────────────────────────

export interface GalleryEntry {
  component: string;
  file: string;
  description: string;
  examples: { name: string; render: () => VNode | null }[];
}

function entry<P>(component: string, file: string, description: string, examples: Example<P>[], render: (p: P) => VNode | null): GalleryEntry {
  return { component, file, description, examples: examples.map((e) => ({ name: e.name, render: () => render(e.props) })) };
}

export const gallery: GalleryEntry[] = [
  entry('ErrorSummary', 'form.tsx', 'Top of a form after a failed submit; role="alert"; each message links to #field-<name>.', errorSummaryExamples, (p) => <ErrorSummary {...p} />),
  entry('TextField', 'form.tsx', 'Label, hint, inline error ("Lỗi:" prefix), input #field-<name>.', textFieldExamples, (p) => <TextField {...p} />),
  entry('TextArea', 'form.tsx', 'Multi-line text.', textAreaExamples, (p) => <TextArea {...p} />),
  entry('SelectField', 'form.tsx', 'Native select with a custom arrow; optional placeholder and autoSubmit.', selectFieldExamples, (p) => <SelectField {...p} />),
  entry('Checkbox', 'form.tsx', 'Single checkbox, submits "on".', checkboxExamples, (p) => <Checkbox {...p} />),
  entry('FileField', 'form.tsx', 'File input; the client script shows the chosen file and warns above maxBytes.', fileFieldExamples, (p) => <FileField {...p} />),
  entry('SubmitRow', 'form.tsx', 'Button row at the end of a form (full-width buttons on phones).', submitRowExamples, (p) => <SubmitRow {...p} />),
  entry('CsrfField', 'form.tsx', 'Hidden _csrf input (invisible).', csrfFieldExamples, (p) => <CsrfField {...p} />),
  entry('FilterBar', 'filter-bar.tsx', 'GET form; fields in a responsive row; works without JavaScript.', filterBarExamples, (p) => <FilterBar {...p} />),
  entry('SearchInput', 'filter-bar.tsx', 'type="search" with a visible label.', searchInputExamples, (p) => <SearchInput {...p} />),
  entry('DataTable', 'table.tsx', 'Caption, column headers; stacked cards below 640px.', dataTableExamples, (p) => <DataTable {...p} />),
  entry('Pagination', 'pagination.tsx', 'Prev/next and page numbers; only "Trang x / y" on phones.', paginationExamples, (p) => <Pagination {...p} />),
  entry('Stars', 'badges.tsx', 'Filled ★ and hollow ☆ of five, with text for screen readers.', starsExamples, (p) => <Stars {...p} />),
  entry('StatusBadge', 'badges.tsx', 'Icon + text, never colour alone.', statusBadgeExamples, (p) => <StatusBadge {...p} />),
  entry('SampleBadge', 'badges.tsx', 'Marks demonstration records.', sampleBadgeExamples, (p) => <SampleBadge {...p} />),
  entry('PageHeader', 'page.tsx', 'The page h1, lead and actions.', pageHeaderExamples, (p) => <PageHeader {...p} />),
  entry('Breadcrumbs', 'page.tsx', 'Where the page sits.', breadcrumbsExamples, (p) => <Breadcrumbs {...p} />),
  entry('BackLink', 'page.tsx', 'Link back to the previous list.', backLinkExamples, (p) => <BackLink {...p} />),
  entry('Card', 'page.tsx', 'A titled panel.', cardExamples, (p) => <Card {...p} />),
  entry('StatGrid', 'page.tsx', 'Key figures; numbers formatted for the locale.', statGridExamples, (p) => <StatGrid {...p} />),
  entry('Notice', 'page.tsx', 'Flash or information banner, role="status".', noticeExamples, (p) => <Notice {...p} />),
  entry('DescriptionList', 'page.tsx', 'Label/value pairs of one record.', descriptionListExamples, (p) => <DescriptionList {...p} />),
  entry('EmptyState', 'page.tsx', 'When a list has nothing to show.', emptyStateExamples, (p) => <EmptyState {...p} />),
];
