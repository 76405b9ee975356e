/**
 * `ocop seed --scale national`: a generated, clearly-sample dataset the size of the real
 * programme (34 provinces, every commune, 10,000 producers, 20,000 products, certificates and
 * recognition decisions 2021–2026), used by benchmarks and load tests.
 *
 * Speed: rows are generated in memory with a seeded PRNG and written with one multi-row
 * statement per table (see scale-seed.repository.ts) inside one transaction. No audit row per
 * generated record: one audit row records the seed run.
 */
import { randomUUID } from 'node:crypto';
import { inTx, makeCtx, systemActor, type Deps } from '../../context';
import { AppError } from '../../errors';
import { makeTaxCode } from '../../domain/tax-code';
import { makeGtin13 } from '../../domain/gtin';
import { certificateExpiry, makeCertificateNumber } from '../../domain/certificate';
import { beforeReform, peoplesCommitteeOf, UnitsIndex, type UnitsThen } from '../../domain/admin-units';
import { loadUnitHistory } from '../registry/unit-history.repository';
import { todayInVietnam } from '../../domain/dates';
import { nameKey } from '../../domain/text';
import { recordAudit } from '../audit/audit.service';
import { CURRENT_CLASSIFICATION } from '../registry/reference-data';
import {
  analyzeSeededTables, bulkInsert, hasProducers, loadCommunes, type BulkRow, type CommuneRef,
} from './scale-seed.repository';

export interface ScaleSeedOptions {
  producers?: number;
  products?: number;
  /** PRNG seed: the same seed gives the same names, codes and dates (ids stay random). */
  seed?: number;
  onProgress?: (msg: string) => void;
}

export interface ScaleSeedResult { producers: number; products: number; certificates: number; decisions: number; ms: number }

export const NATIONAL_SCALE = { producers: 10_000, products: 20_000 } as const;
const DEFAULT_SEED = 20_250_701;

// ---------------------------------------------------------------------------------------------
// Word lists. Product names are "<base> <place or brand>", e.g. "Mật ong bạc hà Mèo Vạc".

interface SetWords { weight: number; activity: string[]; bases: string[]; about: string; packaging: string[] }

const SETS: Record<string, SetWords> = {
  '1': { weight: 8, activity: ['Nông nghiệp', 'Cây ăn quả', 'Rau an toàn'], bases: ['Bưởi da xanh', 'Cam sành', 'Nhãn lồng', 'Vải thiều', 'Rau cải mèo', 'Chuối tiêu hồng', 'Dưa lưới', 'Thanh long ruột đỏ', 'Khoai lang mật', 'Na dai', 'Hồng không hạt', 'Bưởi đỏ', 'Măng tây xanh'], about: 'Quả tươi trồng theo hướng VietGAP, thu hái đúng độ chín.', packaging: ['Thùng carton 10 kg', 'Túi lưới 2 kg', 'Hộp 5 kg'] },
  '2': { weight: 4, activity: ['Chăn nuôi', 'Thủy sản'], bases: ['Gà đồi', 'Lợn đen bản địa', 'Trứng gà ác', 'Tôm càng xanh', 'Cá lăng', 'Bò vàng', 'Vịt cỏ', 'Sữa bò tươi', 'Hàu sữa', 'Cua đồng'], about: 'Nuôi thả tự nhiên, truy xuất nguồn gốc đến từng lứa.', packaging: ['Khay hút chân không 1 kg', 'Hộp 10 quả', 'Chai 1 lít'] },
  '3': { weight: 5, activity: ['Lúa gạo', 'Nông nghiệp'], bases: ['Gạo nếp cái hoa vàng', 'Gạo ST25', 'Gạo tám thơm', 'Gạo lứt đỏ', 'Gạo séng cù', 'Gạo nếp Tú Lệ', 'Ngô nếp', 'Đậu tương', 'Lạc đỏ'], about: 'Canh tác theo quy trình hữu cơ, xay xát và đóng gói ngay tại địa phương.', packaging: ['Túi 2 kg', 'Túi 5 kg', 'Bao 10 kg'] },
  '4': { weight: 4, activity: ['Nuôi ong', 'Mật ong'], bases: ['Mật ong bạc hà', 'Mật ong hoa nhãn', 'Mật ong rừng', 'Mật ong hoa cà phê', 'Mật ong hoa vải', 'Mật ong hoa keo', 'Tinh bột nghệ mật ong', 'Mật mía'], about: 'Mật ong nguyên chất, thu theo mùa hoa, không pha trộn đường.', packaging: ['Hũ thủy tinh 500 g', 'Chai 1 lít', 'Hũ 250 g'] },
  '5': { weight: 2, activity: ['Thực phẩm'], bases: ['Cơm cháy chà bông', 'Bánh chưng', 'Bánh đa cua ăn liền', 'Cháo sâm ăn liền', 'Xôi gấc'], about: 'Món ăn truyền thống chế biến sẵn, tiện lợi, giữ hương vị quê nhà.', packaging: ['Gói 200 g', 'Hộp 500 g'] },
  '6': { weight: 6, activity: ['Bún bánh', 'Chế biến nông sản'], bases: ['Bún khô', 'Miến dong', 'Bánh đa nem', 'Bánh gai', 'Chè lam', 'Phở khô', 'Bánh đa vừng', 'Cốm', 'Bột gạo lứt', 'Bánh cáy'], about: 'Làm từ gạo và ngũ cốc địa phương theo công thức làng nghề.', packaging: ['Gói 500 g', 'Hộp 300 g', 'Túi 1 kg'] },
  '7': { weight: 9, activity: ['Chế biến nông sản', 'Nông sản sạch'], bases: ['Măng khô', 'Mứt gừng', 'Vải sấy', 'Hồng treo gió', 'Chuối sấy dẻo', 'Ô mai mơ', 'Nhãn sấy', 'Tinh bột nghệ', 'Dưa muối', 'Khoai lang sấy', 'Mít sấy'], about: 'Nông sản sấy và chế biến giữ trọn vị tự nhiên, không chất bảo quản.', packaging: ['Túi zip 250 g', 'Hộp 500 g', 'Hũ 300 g'] },
  '8': { weight: 9, activity: ['Chế biến thực phẩm', 'Thực phẩm'], bases: ['Giò chả', 'Nem chua', 'Chả mực', 'Thịt trâu gác bếp', 'Lạp xưởng', 'Cá khô', 'Tôm khô', 'Mực một nắng', 'Chà bông heo', 'Chả cá', 'Giò lụa'], about: 'Chế biến từ nguyên liệu tươi trong ngày, đạt chứng nhận an toàn thực phẩm.', packaging: ['Gói hút chân không 500 g', 'Hộp 1 kg', 'Khay 300 g'] },
  '9': { weight: 4, activity: ['Nước mắm', 'Chế biến hải sản'], bases: ['Nước mắm cá cơm', 'Nước mắm truyền thống', 'Tương bần', 'Tương ớt', 'Mắm tôm', 'Mắm tép', 'Nước mắm nhĩ'], about: 'Ủ chượp theo phương pháp truyền thống trong thùng gỗ từ 12 tháng trở lên.', packaging: ['Chai thủy tinh 500 ml', 'Can 2 lít', 'Chai 250 ml'] },
  '10': { weight: 4, activity: ['Gia vị', 'Nông sản'], bases: ['Tiêu đen', 'Quế', 'Hoa hồi', 'Muối tôm', 'Ớt bột', 'Tỏi cô đơn', 'Hạt dổi', 'Mắc khén', 'Muối ớt xanh'], about: 'Gia vị vùng cao phơi sấy tự nhiên, thơm nồng đặc trưng.', packaging: ['Hũ 100 g', 'Túi 200 g', 'Hộp 500 g'] },
  '11': { weight: 6, activity: ['Chè', 'Trà'], bases: ['Chè Shan tuyết', 'Trà xanh', 'Chè búp', 'Hồng trà', 'Bạch trà', 'Trà Ô long', 'Chè móc câu'], about: 'Búp chè hái thủ công, sao sấy theo bí quyết gia truyền.', packaging: ['Hộp 100 g', 'Túi 200 g', 'Hộp quà 250 g'] },
  '12': { weight: 6, activity: ['Dược liệu', 'Trà thảo mộc'], bases: ['Trà túi lọc hoa cúc', 'Trà atiso', 'Trà dây', 'Trà hoa vàng', 'Trà gừng', 'Trà sen', 'Trà giảo cổ lam', 'Trà mướp đắng', 'Trà túi lọc lá sen'], about: 'Trà thảo mộc từ dược liệu trồng tại địa phương, tiện dùng hằng ngày.', packaging: ['Hộp 20 túi lọc', 'Túi 200 g', 'Hộp 50 túi lọc'] },
  '13': { weight: 3, activity: ['Cà phê', 'Ca cao'], bases: ['Cà phê Robusta rang xay', 'Cà phê Arabica', 'Cà phê hạt rang mộc', 'Ca cao nguyên chất', 'Sô cô la ca cao'], about: 'Hạt chín chọn lọc, rang mộc, không tẩm hương liệu.', packaging: ['Túi van 500 g', 'Hộp 250 g', 'Túi 1 kg'] },
  '14': { weight: 5, activity: ['Rượu', 'Nấu rượu truyền thống'], bases: ['Rượu ngô men lá', 'Rượu nếp cái hoa vàng', 'Rượu thóc', 'Rượu cần', 'Rượu nếp cẩm'], about: 'Chưng cất thủ công với men lá truyền thống, hạ thổ trước khi xuất bán.', packaging: ['Chai 500 ml', 'Bình sứ 1 lít', 'Chai 750 ml'] },
  '15': { weight: 3, activity: ['Đồ uống'], bases: ['Rượu vang sim', 'Rượu mơ', 'Rượu táo mèo', 'Rượu chuối hột', 'Vang nho'], about: 'Đồ uống lên men từ trái cây bản địa.', packaging: ['Chai 750 ml', 'Chai 500 ml'] },
  '16': { weight: 1, activity: ['Nước khoáng'], bases: ['Nước khoáng thiên nhiên', 'Nước uống đóng chai', 'Nước suối tinh khiết'], about: 'Nguồn nước ngầm tự nhiên, đóng chai trên dây chuyền khép kín.', packaging: ['Chai 500 ml', 'Bình 19 lít'] },
  '17': { weight: 3, activity: ['Đồ uống'], bases: ['Nước cốt gừng', 'Nước ép thanh long', 'Siro dâu tằm', 'Nước chanh leo', 'Sữa hạt sen', 'Nước nha đam'], about: 'Đồ uống từ trái cây và nông sản địa phương, ít đường.', packaging: ['Chai 330 ml', 'Chai 1 lít'] },
  '18': { weight: 5, activity: ['Dược liệu', 'Thảo dược'], bases: ['Cao dược liệu', 'Viên tinh nghệ', 'Cao atiso', 'Cao ích mẫu', 'Đông trùng hạ thảo', 'Sâm Ngọc Linh', 'Cao xương khớp', 'Viên hoạt huyết'], about: 'Bào chế từ dược liệu trồng theo GACP, có công bố chất lượng.', packaging: ['Hộp 10 ống', 'Lọ 60 viên', 'Hũ 100 g'] },
  '19': { weight: 2, activity: ['Thảo dược', 'Mỹ phẩm thiên nhiên'], bases: ['Dầu gội thảo dược', 'Xà bông nghệ', 'Son dưỡng sáp ong', 'Kem dưỡng tinh nghệ', 'Dầu gội bồ kết'], about: 'Mỹ phẩm thiên nhiên từ thảo dược, không chứa paraben.', packaging: ['Chai 300 ml', 'Bánh 100 g', 'Hũ 50 g'] },
  '20': { weight: 3, activity: ['Tinh dầu', 'Dược liệu'], bases: ['Tinh dầu sả chanh', 'Tinh dầu quế', 'Tinh dầu tràm', 'Tinh dầu bưởi', 'Tinh dầu hồi', 'Tinh dầu bạc hà'], about: 'Chưng cất hơi nước từ nguyên liệu tươi, nguyên chất 100%.', packaging: ['Lọ 10 ml', 'Lọ 50 ml', 'Chai 100 ml'] },
  '21': { weight: 6, activity: ['Mây tre đan', 'Thủ công mỹ nghệ', 'Gốm'], bases: ['Mây tre đan', 'Gốm', 'Chiếu cói', 'Nón lá', 'Sơn mài', 'Khay tre', 'Đèn lồng', 'Đồ gỗ mỹ nghệ', 'Giỏ lục bình', 'Tranh thêu'], about: 'Sản phẩm thủ công của nghệ nhân làng nghề, mỗi chiếc một dấu tay.', packaging: ['Hộp carton', 'Túi vải', 'Hộp quà'] },
  '22': { weight: 2, activity: ['Dệt thổ cẩm', 'Dệt may'], bases: ['Thổ cẩm', 'Lụa tơ tằm', 'Khăn lanh', 'Vải lanh', 'Khăn thêu'], about: 'Dệt tay trên khung cửi truyền thống, nhuộm màu tự nhiên.', packaging: ['Túi giấy', 'Hộp quà'] },
  '23': { weight: 1, activity: ['Hoa', 'Hoa cây cảnh'], bases: ['Hoa lan hồ điệp', 'Hoa cúc', 'Hoa hồng', 'Hoa đào', 'Hoa ly'], about: 'Hoa trồng nhà kính, chăm sóc theo quy trình an toàn.', packaging: ['Chậu', 'Bó 10 cành'] },
  '24': { weight: 1, activity: ['Sinh vật cảnh', 'Cây cảnh'], bases: ['Bonsai', 'Đào thế', 'Quất cảnh', 'Mai vàng', 'Lan rừng'], about: 'Cây cảnh tạo dáng công phu, thích nghi khí hậu địa phương.', packaging: ['Chậu sứ', 'Chậu xi măng'] },
  '25': { weight: 0.5, activity: ['Sinh vật cảnh'], bases: ['Cá Koi', 'Cá bảy màu', 'Chim chào mào', 'Gà tre cảnh'], about: 'Vật nuôi cảnh khỏe mạnh, có hướng dẫn chăm sóc.', packaging: ['Túi oxy', 'Lồng'] },
  '26': { weight: 2, activity: ['Du lịch cộng đồng', 'Du lịch sinh thái'], bases: ['Điểm du lịch cộng đồng', 'Homestay bản', 'Khu du lịch sinh thái', 'Du lịch trải nghiệm làng nghề'], about: 'Trải nghiệm văn hóa bản địa, ẩm thực và cảnh quan thiên nhiên.', packaging: ['Dịch vụ'] },
};

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Lò', 'Hà', 'Sùng', 'Giàng', 'Lường', 'Đinh'];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Hữu', 'Quang', 'Công', 'Thành', 'Xuân'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Hồng', 'Kim', 'Minh'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Long', 'Nam', 'Quân', 'Sơn', 'Tuấn', 'Thắng', 'Phúc', 'Khải', 'Lâm', 'Toàn', 'Chính', 'Vinh'];
const GIVEN_F = ['Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Phương', 'Tâm', 'Thảo', 'Thủy', 'Trang', 'Vân', 'Yến', 'Dung', 'Huyền', 'Nhung'];
const BRANDS = ['Hồng Phát', 'Phúc An', 'Thành Đạt', 'Tân Tiến', 'Minh Khang', 'Hưng Thịnh', 'An Bình', 'Việt Xanh', 'Quê Hương', 'Đại Phát', 'Sao Việt', 'Hoàng Gia', 'Nam Việt', 'Bảo An', 'Kim Long', 'Thiên Phú', 'Phú Gia', 'Tâm Đức', 'Đồng Xanh', 'Làng Xưa', 'Mộc Nguyên', 'Xanh Sạch', 'Hương Quê', 'Trường Thịnh'];
const VILLAGES = ['Thôn Đông', 'Thôn Tây', 'Thôn Trung', 'Thôn Thượng', 'Thôn Hạ', 'Bản Mới', 'Bản Cũ', 'Xóm Chợ', 'Ấp Mỹ', 'Thôn Phú'];
/** Provinces of the northern mountains and the highlands, where many producers are ethnic-minority led. */
const HIGHLAND = new Set(['04', '08', '11', '12', '14', '15', '19', '20', '52', '66', '68']);
const KIND_WEIGHTS = [['household', 40], ['cooperative', 32.5], ['enterprise', 22], ['cooperative_group', 5.5]] as const;
type Kind = (typeof KIND_WEIGHTS)[number][0];

// ---------------------------------------------------------------------------------------------

/** mulberry32: small, fast, good enough for test data (and the bench's traffic). */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const weighted = <T>(xs: readonly (readonly [T, number])[]): T => {
    let r = next() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [x, w] of xs) if ((r -= w) < 0) return x;
    return xs[xs.length - 1]![0];
  };
  return { next, int, pick, weighted, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const SET_WEIGHTS = Object.entries(SETS).map(([code, s]) => [code, s.weight] as const);
const placeName = (communeName: string) => communeName.replace(/^(Xã|Phường|Đặc khu|Thị trấn)\s+/u, '');
const pad2 = (n: number) => String(n).padStart(2, '0');

function personName(rng: Rng, female: boolean) {
  return `${rng.pick(FAMILY)} ${rng.pick(female ? MIDDLE_F : MIDDLE_M)} ${rng.pick(female ? GIVEN_F : GIVEN_M)}`;
}

function producerName(rng: Rng, kind: Kind, set: SetWords, place: string, person: string): string {
  const activity = rng.pick(set.activity);
  switch (kind) {
    case 'enterprise':
      return rng.chance(0.5)
        ? `Công ty TNHH ${activity} ${rng.pick(BRANDS)}`
        : `Công ty Cổ phần ${activity} ${rng.chance(0.5) ? place : rng.pick(BRANDS)}`;
    case 'cooperative':
      return `${rng.chance(0.7) ? 'Hợp tác xã' : 'HTX'} ${activity} ${place}`;
    case 'cooperative_group':
      return `Tổ hợp tác ${activity} ${rng.chance(0.6) ? place : rng.pick(VILLAGES)}`;
    default:
      return rng.chance(0.6) ? `Hộ kinh doanh ${person}` : `Cơ sở ${activity} ${person}`;
  }
}

/** Recognition rounds of a province: mid-year and year-end each year from 2021, up to today. */
function roundDates(rng: Rng, today: string): string[] {
  const out: string[] = [];
  for (let y = 2021; y <= Number(today.slice(0, 4)); y++) {
    const mid = `${y}-${pad2(rng.int(6, 8))}-${pad2(rng.int(1, 28))}`;
    const end = `${y}-${rng.chance(0.5) ? '11' : '12'}-${pad2(rng.int(15, 28))}`;
    for (const d of [mid, end]) if (d <= today) out.push(d);
  }
  return out;
}

interface GenProducer { row: BulkRow<'producers'>; commune: CommuneRef; set: string }

/** Descriptions vary the way real ones do: some name the producer, some the place, some neither. */
function describe(rng: Rng, set: SetWords, p: GenProducer): string {
  const place = `${placeName(p.commune.name)}, ${p.commune.provinceName.replace(/^(Tỉnh|Thành phố)\s+/u, '')}`;
  switch (rng.int(0, 4)) {
    case 0: return set.about;
    case 1: return `${set.about} Làm tại ${place}.`;
    case 2: return `${set.about} Do ${p.row.name} (${place}) sản xuất.`;
    case 3: return `${set.about} Nguyên liệu từ vùng ${placeName(p.commune.name)}.`;
    default: return `Đặc sản ${place}. ${set.about}`;
  }
}

function genProducers(rng: Rng, communes: CommuneRef[], count: number): GenProducer[] {
  // Every commune first (in shuffled order), then more producers wherever chance puts them.
  const order = communes.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const taxSeq = new Map<string, number>();
  const taken = new Set<string>();
  const out: GenProducer[] = [];
  for (let i = 0; i < count; i++) {
    const commune = communes[i < order.length ? order[i]! : rng.int(0, communes.length - 1)]!;
    const kind = rng.weighted(KIND_WEIGHTS);
    const setCode = rng.weighted(SET_WEIGHTS);
    const set = SETS[setCode]!;
    const female = rng.chance(0.4);
    const person = personName(rng, female);
    const place = placeName(commune.name);
    let name = producerName(rng, kind, set, place, person);
    for (let attempt = 0; taken.has(`${commune.code}|${nameKey(name)}`); attempt++) {
      name = attempt < 5 ? producerName(rng, kind, set, place, personName(rng, female)) : `${name} ${attempt}`;
    }
    const key = nameKey(name);
    taken.add(`${commune.code}|${key}`);
    let taxCode: string | null = null;
    if (kind !== 'household' || rng.chance(0.5)) {
      const seq = (taxSeq.get(commune.provinceCode) ?? 0) + 1;
      taxSeq.set(commune.provinceCode, seq);
      // Distinct seeds below 10^8 give distinct valid codes; the province code leads, as real ones often do.
      taxCode = makeTaxCode(Number(commune.provinceCode) * 1_000_000 + seq);
    }
    out.push({
      commune, set: setCode,
      row: {
        id: randomUUID(), name, name_key: key, kind, tax_code: taxCode,
        commune_code: commune.code, province_code: commune.provinceCode,
        address: `${rng.pick(VILLAGES)}, ${commune.name}, ${commune.provinceName}`,
        representative: person, phone: `0${rng.pick(['9', '8', '3', '7'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
        email: kind === 'enterprise' ? `lienhe${i + 1}@ocop-mau.vn` : null,
        founded_year: rng.int(1995, 2023),
        members: kind === 'cooperative' ? rng.int(7, 250) : kind === 'cooperative_group' ? rng.int(3, 30) : null,
        women_led: female && rng.chance(0.8),
        ethnic_minority_led: rng.chance(HIGHLAND.has(commune.provinceCode) ? 0.45 : 0.04),
        is_sample: true,
      },
    });
  }
  return out;
}

/** The units a commune's first predecessor listed on a pre-reform date belonged to. */
function unitsOf(units: UnitsIndex, commune: CommuneRef, date: string): UnitsThen | null {
  for (const old of commune.predecessors) {
    const then = units.communeOn(old, date);
    if (then) return then;
  }
  return null;
}

export interface ScaleData {
  producers: BulkRow<'producers'>[];
  products: BulkRow<'products'>[];
  decisions: BulkRow<'decisions'>[];
  certificates: BulkRow<'certificates'>[];
}

/**
 * The national-scale rows, generated in memory (no I/O): exported so that benchmarks can turn the
 * same data into import files.
 */
export function generateScaleData(
  communes: CommuneRef[], nProducers: number, nProducts: number, today: string, seed = DEFAULT_SEED, units: UnitsIndex | null = null,
): ScaleData {
  const rng = prng(seed);
  const producers = genProducers(rng, communes, nProducers);

  // Decisions: per province, one per round date; created lazily when a certificate uses it.
  const rounds = new Map<string, string[]>();
  const decisions = new Map<string, BulkRow<'decisions'>>();
  const decisionSeq = new Map<string, number>();
  // Before July 2025 the old province signed: its code and name of that day (when the units are known).
  const decisionFor = (commune: CommuneRef, then: UnitsThen | null, date: string) => {
    const issuerCode = then?.province.code ?? commune.provinceCode;
    const key = `${issuerCode}|${date}`;
    let d = decisions.get(key);
    if (!d) {
      const seq = (decisionSeq.get(issuerCode) ?? rng.int(100, 900)) + rng.int(7, 400);
      decisionSeq.set(issuerCode, seq);
      d = {
        id: randomUUID(), number: `${seq}/QĐ-UBND`, decision_date: date, area_code: commune.provinceCode,
        level: 'province', signer: `${personName(rng, rng.chance(0.3))} (mẫu)`, source: 'import',
        issuer: peoplesCommitteeOf(then?.province ?? { name: commune.provinceName, kind: commune.provinceKind }), issuer_code: issuerCode,
      };
      decisions.set(key, d);
    }
    return d;
  };
  const certSeq = new Map<string, number>();
  const certNumber = (province: string, date: string) => {
    const key = `${province}|${date.slice(0, 4)}`;
    const seq = (certSeq.get(key) ?? 0) + 1;
    certSeq.set(key, seq);
    return makeCertificateNumber(province, Number(date.slice(0, 4)), seq);
  };

  const products: BulkRow<'products'>[] = [];
  const certificates: BulkRow<'certificates'>[] = [];
  // At least one product per producer, the rest spread at random.
  const perProducer: number[] = producers.map(() => (nProducts >= nProducers ? 1 : 0));
  for (let i = perProducer.reduce((s, n) => s + n, 0); i < nProducts; i++) perProducer[rng.int(0, producers.length - 1)]! += 1;

  producers.forEach((p, pi) => {
    const names = new Set<string>();
    for (let k = 0; k < perProducer[pi]!; k++) {
      const setCode = k === 0 || rng.chance(0.85) ? p.set : rng.weighted(SET_WEIGHTS);
      const set = SETS[setCode]!;
      const place = placeName(p.commune.name);
      let name = `${rng.pick(set.bases)} ${rng.chance(0.65) ? place : rng.pick(BRANDS)}`;
      while (names.has(name)) name = `${rng.pick(set.bases)} ${rng.pick(BRANDS)} ${rng.int(1, 99)}`;
      names.add(name);
      const index = products.length;
      const product: BulkRow<'products'> = {
        id: randomUUID(), producer_id: p.row.id, name, classification: CURRENT_CLASSIFICATION,
        product_set_code: setCode,
        description: describe(rng, set, p),
        story: '', ingredients: '', packaging: setCode === '26' ? '' : rng.pick(set.packaging),
        shelf_life: setCode === '26' ? '' : `${rng.pick([6, 12, 18, 24])} tháng`,
        gtin: setCode !== '26' && rng.chance(0.4) ? makeGtin13('893', 600_000_000 + index) : null,
        status: 'developing', province_code: p.commune.provinceCode, commune_code: p.commune.code, is_sample: true,
      };
      products.push(product);

      if (!rng.chance(0.85)) {
        product.status = rng.weighted([['idea', 3], ['developing', 5], ['registered', 2]] as const);
        continue;
      }
      const province = p.commune.provinceCode;
      let dates = rounds.get(province);
      if (!dates) rounds.set(province, (dates = roundDates(rng, today)));
      if (!dates.length) continue;
      let issued = rng.pick(dates);
      let previous: BulkRow<'certificates'> | null = null;
      for (;;) {
        const r = rng.next();
        const stars = r < 0.007 ? 5 : r < 0.31 ? 4 : 3;
        const potential = stars === 4 && rng.chance(0.03);
        const score = stars === 5 ? rng.int(9000, 9800) : potential ? rng.int(9000, 9500)
          : stars === 4 ? rng.int(7000, 8999) : rng.int(5000, 6999);
        const expires = certificateExpiry(issued);
        const then = units && beforeReform(issued) ? unitsOf(units, p.commune, issued) : null;
        const decision = decisionFor(p.commune, then, issued);
        const cert: BulkRow<'certificates'> = {
          id: randomUUID(), number: certNumber(province, issued), product_id: product.id,
          decision_id: decision.id as string, stars, score: (score / 100).toFixed(2),
          potential_five_star: potential, issued_on: issued, expires_on: expires, state: 'active',
          revoked_on: null, revoked_reason: null, superseded_on: null,
          province_code: province, commune_code: p.commune.code, issuer_key: `province:${decision.issuer_code as string}`,
          province_code_then: then ? then.province.code : beforeReform(issued) ? null : province,
          district_code_then: then?.district?.code ?? null,
          commune_code_then: then ? then.commune.code : beforeReform(issued) ? null : p.commune.code,
        };
        if (previous) { previous.state = 'superseded'; previous.superseded_on = issued; }
        certificates.push(cert);
        previous = cert;
        product.status = expires <= today ? 'expired' : 'certified';
        // Half of the expired ones were re-evaluated in a round after (or shortly before) expiry.
        const renewal = expires <= today && rng.chance(0.5)
          ? dates.filter((d) => d > issued && d >= certificateExpiry(issued, 32)) : [];
        if (!renewal.length) break;
        issued = renewal[0]!;
      }
      if (previous && product.status === 'certified' && rng.chance(0.004)) {
        previous.state = 'revoked';
        previous.revoked_on = today;
        previous.revoked_reason = 'Vi phạm quy định sử dụng nhãn OCOP (dữ liệu mẫu)';
        product.status = 'revoked';
      }
    }
  });
  return { producers: producers.map((p) => p.row), products, decisions: [...decisions.values()], certificates };
}

async function chunks<T>(items: T[], size: number, fn: (chunk: T[]) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}

/** Generate the national-scale sample dataset into an empty database. */
export async function seedNationalScale(deps: Deps, opts: ScaleSeedOptions = {}): Promise<ScaleSeedResult> {
  const started = performance.now();
  const nProducers = opts.producers ?? NATIONAL_SCALE.producers;
  const nProducts = opts.products ?? NATIONAL_SCALE.products;
  const progress = opts.onProgress ?? (() => {});
  const ctx = makeCtx(deps, { actor: systemActor('seed-scale') });
  if (await hasProducers(ctx)) {
    throw new AppError('conflict', 'the database already holds producers; the national-scale seed needs an empty database');
  }
  const communes = await loadCommunes(ctx);
  if (!communes.length) throw new AppError('conflict', 'no communes loaded: run migrations first');
  const today = todayInVietnam(deps.clock());
  const data = generateScaleData(communes, nProducers, nProducts, today, opts.seed, new UnitsIndex(await loadUnitHistory(ctx)));
  progress(`generated ${data.producers.length} producers, ${data.products.length} products, ${data.certificates.length} certificates in ${Math.round(performance.now() - started)} ms`);

  await inTx(ctx, async (tx) => {
    if (await hasProducers(tx)) throw new AppError('conflict', 'the database already holds producers');
    const write = async <T extends 'producers' | 'products' | 'decisions' | 'certificates'>(table: T, rows: BulkRow<T>[]) => {
      await chunks(rows, 5_000, (chunk) => bulkInsert(tx, table, chunk));
      progress(`${table}: ${rows.length} rows (${Math.round(performance.now() - started)} ms)`);
    };
    await write('producers', data.producers);
    await write('products', data.products);
    await write('decisions', data.decisions);
    await write('certificates', data.certificates);
    await recordAudit(tx, {
      action: 'seed.scale', entityType: 'dataset', entityId: 'national-scale',
      after: { producers: data.producers.length, products: data.products.length, decisions: data.decisions.length, certificates: data.certificates.length, sample: true },
    });
  });
  await analyzeSeededTables(deps.database.db);
  const ms = Math.round(performance.now() - started);
  progress(`done in ${ms} ms`);
  return {
    producers: data.producers.length, products: data.products.length,
    certificates: data.certificates.length, decisions: data.decisions.length, ms,
  };
}
