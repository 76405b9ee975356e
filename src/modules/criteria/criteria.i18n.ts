/** Messages of the rulebook (criteria versions and scoring sheets). */
const vi = {
  'errors.sheet_not_available': 'Chưa có phiếu đánh giá cho bộ sản phẩm này theo văn bản đã chọn: phụ lục chính thức chưa được nhập.',
  'errors.sheet_immutable': 'Phiếu đánh giá đã ban hành thì không sửa được; hãy tạo bản nháp mới.',
  'criteria.title': 'Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP',
  'criteria.toVerify': 'Cần đối chiếu với văn bản chính thức',
  'criteria.notOfficial': 'Không phải văn bản chính thức',
  'criteria.noSheet': 'Chưa có phiếu đánh giá',
  'criteria.draft': 'Bản nháp',
  'criteria.published': 'Đã ban hành',
};

const en: Record<keyof typeof vi, string> = {
  'errors.sheet_not_available': 'There is no scoring sheet for this product set under the chosen version: the official annex has not been imported yet.',
  'errors.sheet_immutable': 'A published scoring sheet cannot be changed; create a new draft.',
  'criteria.title': 'OCOP evaluation and classification criteria',
  'criteria.toVerify': 'To verify against the official text',
  'criteria.notOfficial': 'Not an official text',
  'criteria.noSheet': 'No scoring sheet yet',
  'criteria.draft': 'Draft',
  'criteria.published': 'Published',
};

export const criteriaMessages = { vi, en };
