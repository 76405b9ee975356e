import type { App } from './http';
import type { View } from './view';
import { viewOf } from './view';
import { sendPage } from './render';
import { Layout } from './components/layout';
import { PageHeader, Notice } from './components/page';
import { gallery } from './components/examples';

/**
 * A development-only catalogue of the shared components, rendered from their named example
 * props (src/web/components/examples.tsx). The caller registers it outside production only, and
 * even there it is no public page: only a signed-in national administrator sees it (anonymous
 * visitors are sent to sign in, the API's clients get 401, other roles 403; issue 18, item 9).
 * Text here is for developers, so it is not translated.
 */
export const GALLERY_ACCESS = ['national_admin'] as const;

export function registerGalleryRoutes(app: App): void {
  app.get('/_components', { config: { access: GALLERY_ACCESS }, schema: { hide: true } }, async (req, reply) => {
    return sendPage(reply, <GalleryPage view={viewOf(req)} />);
  });
}

const slug = (name: string) => `c-${name.toLowerCase()}`;

export function GalleryPage({ view }: { view: View }) {
  return (
    <Layout view={view} title="Thư viện thành phần">
      <PageHeader
        caption="Dành cho nhà phát triển"
        title="Thư viện thành phần giao diện"
        lead="Mọi thành phần dùng chung, hiển thị với các bộ thuộc tính mẫu có tên. Thu hẹp cửa sổ dưới 640px để xem bố cục điện thoại."
      />
      <Notice tone="info" title="Chỉ có ở môi trường phát triển">
        <p>Trang này không được đăng ký khi chạy production, và chỉ quản trị viên quốc gia đã đăng nhập mới xem được. Ví dụ lấy từ <code>src/web/components/examples.tsx</code>.</p>
      </Notice>
      <div class="gallery">
        <nav class="gallery-toc" aria-label="Thành phần">
          <h2 class="gallery-toc-title">Thành phần</h2>
          <ul>
            <li><a href="#c-buttons">Buttons (.btn)</a></li>
            {gallery.map((g) => <li key={g.component}><a href={`#${slug(g.component)}`}>{g.component}</a></li>)}
          </ul>
        </nav>
        <div class="gallery-main">
          <section class="gallery-section" id="c-buttons" aria-labelledby="c-buttons-title">
            <h2 id="c-buttons-title">Buttons <span class="gallery-file">public/app.css</span></h2>
            <p class="muted">Classes, not a component: <code>.btn</code> + <code>.btn-primary | .btn-secondary | .btn-ghost | .btn-danger</code>, sizes <code>.btn-sm | .btn-lg</code>, <code>.btn-block</code>.</p>
            <div class="gallery-canvas">
              <div class="cluster">
                <button type="button" class="btn btn-primary">Gửi hồ sơ</button>
                <button type="button" class="btn btn-secondary">Lưu nháp</button>
                <button type="button" class="btn btn-ghost">Xem trước</button>
                <button type="button" class="btn btn-danger">Thu hồi</button>
              </div>
              <div class="cluster gallery-gap">
                <a class="btn btn-primary btn-lg" href="#c-buttons">Đăng ký sản phẩm</a>
                <a class="btn btn-secondary btn-sm" href="#c-buttons">Tải xuống Excel</a>
                <button type="button" class="btn btn-primary" disabled>Đang xử lý…</button>
              </div>
            </div>
          </section>
          {gallery.map((g) => (
            <section class="gallery-section" id={slug(g.component)} key={g.component} aria-labelledby={`${slug(g.component)}-title`}>
              <h2 id={`${slug(g.component)}-title`}>{g.component} <span class="gallery-file">{g.file}</span></h2>
              <p class="muted">{g.description}</p>
              {g.examples.map((e) => (
                <div class="gallery-example" key={e.name}>
                  <h3 class="gallery-example-name">{e.name}</h3>
                  <div class="gallery-canvas">{e.render()}</div>
                </div>
              ))}
            </section>
          ))}
        </div>
      </div>
    </Layout>
  );
}
