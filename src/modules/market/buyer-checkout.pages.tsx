/**
 * What checkout (market.pages.tsx, CartPage) shows of a buyer's account: who is ordering — or,
 * for a guest, the invitation to create an account — and the addresses a signed-in buyer keeps,
 * the default one ticked. Also the one way an address is written out.
 */
import type { View } from '../../web/view';
import type { CheckoutAccount } from './buyer.service';

/** "12 Hàng Đường, Phường Hoàn Kiếm, Thành phố Hà Nội" */
export const addressLine = (a: { street: string; communeName: string; provinceName: string }) => `${a.street}, ${a.communeName}, ${a.provinceName}`;

/** A signed-in buyer is told their orders go to their account; a guest is offered one (or to sign in). */
export function CheckoutWho({ view, account }: { view: View; account: CheckoutAccount | null }) {
  const { t } = view;
  if (account) return <p class="muted">{t('buyer.checkout.signedIn', { name: account.name })}</p>;
  return (
    <>
      <p class="muted">{t('market.checkout.lead')}</p>
      <p class="cluster"><a href="/dang-ky-mua-hang?next=%2Fgio-hang">{t('buyer.invite')}</a> <a href="/login?next=%2Fgio-hang">{t('buyer.invite.login')}</a></p>
    </>
  );
}

/** The buyer's kept addresses to deliver to: the one chosen before (else the default, listed first) ticked. */
export function SavedAddresses({ view, account, chosen, error }: { view: View; account: CheckoutAccount; chosen: string; error?: string | undefined }) {
  const { t } = view;
  return (
    <fieldset class="payment-choice saved-addresses" id="field-addressId" aria-describedby={error ? 'field-addressId-error' : undefined}>
      <legend>{t('buyer.checkout.savedAddresses')}</legend>
      {error ? <p class="field-error-message" id="field-addressId-error">{error}</p> : null}
      {account.addresses.map((a, i) => (
        <label>
          <input type="radio" name="addressId" value={a.id} checked={chosen ? chosen === a.id : i === 0} required />
          <span><strong>{a.recipientName}</strong> · {a.phone}<br />{addressLine(a)}</span>
        </label>
      ))}
      <a href="/gio-hang?dia-chi=moi">{t('buyer.checkout.other')}</a>
    </fieldset>
  );
}
