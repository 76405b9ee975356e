/**
 * SAMPLE posts for the demo: written, tagged and published through the same services as an
 * officer would, flagged `is_sample` and labelled "Bài mẫu" wherever they show. They name the demo
 * dataset's products and producers (seed/demo/certified-products.csv); the authors are demo
 * accounts, so `seedDemoPosts` runs after the accounts are created (ops/demo.ts `loadDemo`).
 */
import type { Actor, Ctx } from '../../context';
import * as repo from './promo.repository';
import { createPost, publishPost } from './promo.service';
import type { PromoKind } from './promo.schema';

export interface DemoPost {
  /** The demo account that writes it: a national administrator, or a province officer (their province's post). */
  author: { username: string; role: 'national_admin' } | { username: string; role: 'province_officer'; province: string };
  kind: PromoKind;
  title: string;
  summary: string;
  body: string;
  videoUrl?: string;
  /** Tagged products and producers by name (product: "producer name / product name"). */
  products?: { producer: string; product: string }[];
  producers?: string[];
  provinces?: string[];
  /** Published (default) or left a draft. */
  publish?: boolean;
}

const NEM = { producer: 'Công ty TNHH Nem chua Hạc Thành', product: 'Nem chua Thanh Hóa Hạc Thành' };
const CHA_TOM = { producer: 'Công ty TNHH Nem chua Hạc Thành', product: 'Chả tôm Thanh Hóa' };
const NUOC_MAM = { producer: 'Hợp tác xã Chế biến hải sản Ba Làng', product: 'Nước mắm cá cơm Ba Làng' };

export const DEMO_POSTS: readonly DemoPost[] = [
  {
    author: { username: 'thanhhoa', role: 'province_officer', province: '38' }, kind: 'news',
    title: 'Nem chua Hạc Thành giới thiệu tại Tuần hàng OCOP Thanh Hóa (bài mẫu)',
    summary: 'Bài MẪU cho bản trình diễn: nem chua lá ổi và chả tôm của Hạc Thành được giới thiệu với khách tham quan tuần hàng.',
    body: 'Đây là bài viết MẪU, dựng cho bản trình diễn; sự kiện và số liệu là giả định.\n\n'
      + 'Tại gian hàng của tỉnh, Công ty TNHH Nem chua Hạc Thành giới thiệu nem chua lá ổi gói 10 chiếc và chả tôm hấp sẵn — hai sản phẩm OCOP của doanh nghiệp.\n\n'
      + 'Khách tham quan được hướng dẫn kiểm tra mã chứng nhận OCOP trên bao bì ngay tại cổng thông tin.',
    products: [NEM, CHA_TOM], producers: [NEM.producer], provinces: ['38'],
  },
  {
    author: { username: 'admin', role: 'national_admin' }, kind: 'video',
    title: 'Video: nghề làm nước mắm cá cơm Ba Làng (bài mẫu)',
    summary: 'Bài MẪU cho bản trình diễn: liên kết tới các video về nước mắm Ba Làng trên YouTube.',
    body: '<p>Đây là bài viết <strong>MẪU</strong>, dựng cho bản trình diễn.</p><h2>Ủ chượp truyền thống</h2>'
      + '<p>Nước mắm cá cơm Ba Làng được ủ chượp trong thùng gỗ; sản phẩm đạt OCOP 4 sao.</p>',
    videoUrl: 'https://www.youtube.com/results?search_query=n%C6%B0%E1%BB%9Bc+m%E1%BA%AFm+Ba+L%C3%A0ng',
    products: [NUOC_MAM], producers: [NUOC_MAM.producer], provinces: ['38'],
  },
];

function actorOf(userId: string, a: DemoPost['author']): Actor {
  const province = a.role === 'province_officer' ? a.province : null;
  return { userId, username: a.username, displayName: a.username, role: a.role, areaCode: province, provinceCode: province, producerId: null, label: a.username };
}

/** Write and publish the sample posts; returns how many. Throws when a named account, producer or product is missing. */
export async function seedDemoPosts(ctx: Ctx, posts: readonly DemoPost[] = DEMO_POSTS): Promise<{ posts: number }> {
  for (const p of posts) {
    const userId = await repo.userIdByUsername(ctx, p.author.username);
    if (!userId) throw new Error(`demo posts: account "${p.author.username}" not found`);
    const as: Ctx = { ...ctx, actor: actorOf(userId, p.author) };
    const producerId = async (name: string) => {
      const id = await repo.producerIdByName(ctx, name);
      if (!id) throw new Error(`demo posts: producer "${name}" not found`);
      return id;
    };
    const products: string[] = [];
    for (const x of p.products ?? []) {
      const id = await repo.productIdByNames(ctx, await producerId(x.producer), x.product);
      if (!id) throw new Error(`demo posts: product "${x.product}" of "${x.producer}" not found`);
      products.push(id);
    }
    const producers: string[] = [];
    for (const name of p.producers ?? []) producers.push(await producerId(name));
    const post = await createPost(as, {
      kind: p.kind, title: p.title, summary: p.summary, body: p.body, videoUrl: p.videoUrl ?? null,
      tags: { products, producers, events: [], provinces: p.provinces ?? [] },
    }, { isSample: true });
    if (p.publish !== false) await publishPost(as, post.id);
  }
  return { posts: posts.length };
}
