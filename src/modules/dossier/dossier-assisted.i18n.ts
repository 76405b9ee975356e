import type { CatalogOf } from '../../core/i18n';
/** Messages of assisted filing (decisions/029): dossiers an officer files on a producer's behalf, and the handover. */
const vi = {
  'field.dossier.no_producer_account': 'Chủ thể chưa có tài khoản trên nền tảng. Hãy cấp tài khoản chủ thể (hoặc phê duyệt yêu cầu tài khoản của chủ thể) rồi bàn giao hồ sơ.',
  'field.dossier.unknown_account': 'Tài khoản được chọn không phải tài khoản của chủ thể này.',
  'field.dossier.choose_account': 'Chủ thể có nhiều tài khoản: hãy chọn tài khoản nhận hồ sơ.',
  'dossier.event.create_on_behalf': 'Lập hồ sơ thay chủ thể',
  'dossier.event.handover': 'Bàn giao hồ sơ cho tài khoản chủ thể',
  'assisted.title': 'Hồ sơ lập thay chủ thể',
  'assisted.filedBy.commune_officer': 'Hồ sơ do UBND xã lập thay chủ thể',
  'assisted.filedBy.province_officer': 'Hồ sơ do cơ quan OCOP tỉnh lập thay chủ thể',
  'assisted.filedBy.national_admin': 'Hồ sơ do cán bộ OCOP quốc gia lập thay chủ thể',
  'assisted.filedByLine': 'Người lập: {name}, lúc {at}.',
  'assisted.handedOverLine': 'Đã bàn giao cho tài khoản chủ thể {to} lúc {at} (người bàn giao: {by}). Chủ thể tự điền, nộp và theo dõi hồ sơ từ đó.',
  'assisted.heldByOfficers': 'Cán bộ đang điền các biểu mẫu thay chủ thể: phiếu đăng ký, phiếu tự đánh giá (Mẫu 02) và tài liệu. Khi chủ thể có tài khoản, hãy bàn giao hồ sơ để chủ thể tự theo dõi và tiếp tục.',
  'assisted.heldForProducer': 'Cán bộ đang lập hồ sơ này thay bạn. Khi hồ sơ được bàn giao cho tài khoản của bạn, bạn tự điền và nộp tiếp.',
  'assisted.noAccount': 'Chủ thể chưa có tài khoản. Khi chủ thể có tài khoản (cấp tài khoản chủ thể, hoặc phê duyệt yêu cầu tài khoản), bàn giao hồ sơ tại đây.',
  'assisted.account': 'Tài khoản chủ thể nhận hồ sơ',
  'assisted.handover': 'Bàn giao hồ sơ cho chủ thể',
  'assisted.handoverHint': 'Sau khi bàn giao, chủ thể tự điền, nộp và theo dõi hồ sơ; cán bộ chỉ còn quyền kiểm tra, chuyển tiếp như mọi hồ sơ. Lịch sử vẫn ghi hồ sơ do cán bộ lập thay.',
  'assisted.handoverConfirm': 'Bàn giao hồ sơ cho tài khoản chủ thể? Sau đó bạn không sửa biểu mẫu của hồ sơ này nữa.',
  'assisted.badge': 'Lập thay',
  'assisted.newLead': 'Hồ sơ bạn lập cho chủ thể trong địa bàn được ghi là “lập thay chủ thể” kèm tên bạn. Bạn điền phiếu đăng ký, phiếu tự đánh giá (Mẫu 02) và tải tài liệu cho đến khi bàn giao hồ sơ cho tài khoản của chủ thể.',
  'assisted.selfAssessmentOfficer': 'Bạn đang điền phiếu tự đánh giá thay chủ thể, cho hồ sơ {number}.',
  'assisted.selfAssessmentHeld': 'Hồ sơ {number} đang do cán bộ lập thay chủ thể: phiếu tự đánh giá do cán bộ điền cho đến khi hồ sơ được bàn giao cho tài khoản chủ thể.',
  'assisted.openDossier': 'Mở hồ sơ {number}',
};

const en: Record<keyof typeof vi, string> = {
  'field.dossier.no_producer_account': 'The producer has no account on the platform yet. Create a producer account (or approve the producer\'s account request), then hand the dossier over.',
  'field.dossier.unknown_account': 'The chosen account is not one of this producer\'s accounts.',
  'field.dossier.choose_account': 'The producer has several accounts: choose the one that takes the dossier.',
  'dossier.event.create_on_behalf': 'Dossier opened on the producer\'s behalf',
  'dossier.event.handover': 'Dossier handed over to the producer\'s account',
  'assisted.title': 'Filed on the producer\'s behalf',
  'assisted.filedBy.commune_officer': 'Filed by the commune on the producer\'s behalf',
  'assisted.filedBy.province_officer': 'Filed by the provincial OCOP office on the producer\'s behalf',
  'assisted.filedBy.national_admin': 'Filed by a national OCOP officer on the producer\'s behalf',
  'assisted.filedByLine': 'Filed by {name}, {at}.',
  'assisted.handedOverLine': 'Handed over to the producer\'s account {to} on {at} (by {by}). The producer fills in, submits and follows the dossier from then on.',
  'assisted.heldByOfficers': 'Officers fill in the forms on the producer\'s behalf: the registration form, the self-assessment (Form 02) and the documents. Once the producer has an account, hand the dossier over so the producer follows and continues it.',
  'assisted.heldForProducer': 'Officers are filing this dossier on your behalf. Once it is handed over to your account, you fill it in and submit it yourself.',
  'assisted.noAccount': 'The producer has no account yet. Once they have one (a producer account, or an approved account request), hand the dossier over here.',
  'assisted.account': 'The producer\'s account that takes the dossier',
  'assisted.handover': 'Hand the dossier over to the producer',
  'assisted.handoverHint': 'After the handover the producer fills in, submits and follows the dossier; officers keep their review rights only. The history still shows it was filed on the producer\'s behalf.',
  'assisted.handoverConfirm': 'Hand the dossier over to the producer\'s account? You will no longer edit its forms.',
  'assisted.badge': 'On behalf',
  'assisted.newLead': 'A dossier you open for a producer in your area is recorded as “filed on the producer\'s behalf” with your name. You fill in the registration form, the self-assessment (Form 02) and the documents until you hand it over to the producer\'s account.',
  'assisted.selfAssessmentOfficer': 'You are filling in the self-assessment on the producer\'s behalf, for dossier {number}.',
  'assisted.selfAssessmentHeld': 'Dossier {number} is being filed by officers on the producer\'s behalf: they fill in the self-assessment until it is handed over to the producer\'s account.',
  'assisted.openDossier': 'Open dossier {number}',
};

export const assistedFilingMessages = { vi, en } as const;

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof assistedFilingMessages> {}
}
