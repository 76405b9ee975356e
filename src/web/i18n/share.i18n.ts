import type { CatalogOf } from '../../core/i18n';
/** Messages of the share links and link previews of public pages (web/components/share.tsx). */
export const shareMessages = {
  vi: {
    'share.title': 'Chia sẻ trang này',
    'share.facebook': 'Facebook',
    'share.facebookLabel': 'Chia sẻ lên Facebook (mở trang mới của Facebook)',
    'share.zalo': 'Zalo',
    'share.zaloLabel': 'Chia sẻ qua Zalo (mở trang mới của Zalo)',
    'share.link': 'Địa chỉ trang (sao chép để gửi)',
  },
  en: {
    'share.title': 'Share this page',
    'share.facebook': 'Facebook',
    'share.facebookLabel': 'Share on Facebook (opens a Facebook page)',
    'share.zalo': 'Zalo',
    'share.zaloLabel': 'Share on Zalo (opens a Zalo page)',
    'share.link': 'Address of the page (copy it to send)',
  },
} as const;

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof shareMessages> {}
}
