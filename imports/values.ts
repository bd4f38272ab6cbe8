/**
 * Reads the values staff type in procedure lists: levels written a dozen ways, yes/no flags, tiers and
 * statuses. Each parser returns the value, or null when the text is not one it knows.
 */
import type { ServiceLevel } from '../domain/levels';
import { sortTiers, type OfferingStatus, type Tier } from '../domain/tiers';
import { cleanText, foldVietnamese } from '../domain/text';

function fold(value: string): string {
  return foldVietnamese(cleanText(value)).replace(/[_.:]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * "4", "Mức 3", "Mức độ 4", "DVCTT mức độ 2", "muc do 3", "Level 4"; "Toàn trình" → 4 and "Một phần" → 3
 * (Nghị định 42/2022).
 */
export function parseLevel(value: string): ServiceLevel | null {
  const text = fold(value);
  if (/^(dvc(tt)? )?toan trinh$/.test(text)) return 4;
  if (/^(dvc(tt)? )?mot phan$/.test(text)) return 3;
  const match = /^(?:dvc(?:tt)? ?)?(?:(?:muc(?: do)?|level|md) ?)?([1-4])$/.exec(text);
  return match ? (Number(match[1]) as ServiceLevel) : null;
}

const TRUE_WORDS = new Set(['co', 'x', 'yes', 'y', 'true', '1', 'da tich hop', 'dat', 'da']);
const FALSE_WORDS = new Set(['khong', 'no', 'n', 'false', '0', 'chua tich hop', 'chua', 'k', '']);

const UNSAID_WORDS = new Set(['khong ro', 'chua ro', 'unknown']);

/**
 * "Không rõ" / "Chưa rõ" / "unknown": the file says it does not know, which our own exports write for a
 * flag never stated. The stored value is kept (a new offering stores nothing).
 */
export function isUnsaidFlag(value: string): boolean {
  return UNSAID_WORDS.has(fold(value));
}

/** Có/Không, Đã tích hợp/Chưa tích hợp, x/blank, yes/no, true/false, 1/0, Y/N. Blank means no. */
export function parseFlag(value: string): boolean | null {
  const text = fold(value).replace(/[✓✔]/g, 'x');
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}

const TIER_WORDS: Record<string, Tier> = {
  tinh: 'province',
  'cap tinh': 'province',
  province: 'province',
  provincial: 'province',
  huyen: 'district',
  'cap huyen': 'district',
  district: 'district',
  xa: 'commune',
  'cap xa': 'commune',
  commune: 'commune',
  bo: 'central',
  'cap bo': 'central',
  'trung uong': 'central',
  'cap trung uong': 'central',
  central: 'central',
  'co quan khac': 'other',
  khac: 'other',
  other: 'other',
};

/** "Cấp tỉnh, Cấp huyện", "Tỉnh/Huyện/Xã", "Cơ quan khác"; null when any part is unknown. */
export function parseTiers(value: string): Tier[] | null {
  const parts = cleanText(value)
    .split(/[,;/]/)
    .map((p) => fold(p))
    .filter((p) => p !== '');
  const tiers: Tier[] = [];
  for (const part of parts) {
    const tier = TIER_WORDS[part];
    if (!tier) return null;
    tiers.push(tier);
  }
  return sortTiers(tiers);
}

/**
 * The tier an agency's name makes plain, used only when the file does not say: "Sở …" and "UBND tỉnh"
 * are provincial, "UBND huyện/quận/thị xã" district, "UBND xã/phường/thị trấn" commune.
 */
export function tierFromAgencyName(agency: string): Tier | null {
  const text = fold(agency);
  if (/^(so |ban quan ly |cong an tinh|ubnd tinh|uy ban nhan dan tinh|van phong ubnd tinh)/.test(text)) return 'province';
  if (/^(ubnd|uy ban nhan dan) (cap )?(huyen|quan|thi xa|thanh pho)\b/.test(text)) return 'district';
  if (/^(ubnd|uy ban nhan dan) (cap )?(xa|phuong|thi tran)\b/.test(text)) return 'commune';
  return null;
}

const CURRENT_WORDS = new Set(['con hieu luc', 'hieu luc', 'dang ap dung', 'dang thuc hien', 'current', 'active', '']);
const WITHDRAWN_WORDS = new Set(['bai bo', 'da bai bo', 'het hieu luc', 'withdrawn', 'abolished', 'inactive', 'bi bai bo']);

/** Còn hiệu lực / Bãi bỏ / Hết hiệu lực / active / withdrawn. Blank means current. */
export function parseStatus(value: string): OfferingStatus | null {
  const text = fold(value);
  if (CURRENT_WORDS.has(text)) return 'current';
  if (WITHDRAWN_WORDS.has(text)) return 'withdrawn';
  return null;
}

export type ParsedCode =
  | { kind: 'national'; procedureCode: string; localCode: null }
  | { kind: 'localized'; procedureCode: string; localCode: string; agencyCode: string }
  | { kind: 'other'; procedureCode: string; localCode: null };

const NATIONAL_CODE = /^\d\.\d{6}$/;
const LOCALIZED_CODE = /^(\d\.\d{6})\.(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})$/;

/**
 * A national code (1.001612), a localized one (1.001612.000.00.00.H48, whose national part is the
 * procedure and whose suffix names the agency), or anything else (old codes such as T-BPC-280421), which is
 * kept as it is.
 */
export function parseCode(value: string): ParsedCode {
  const code = cleanText(value).replace(/\s+/g, '');
  if (NATIONAL_CODE.test(code)) return { kind: 'national', procedureCode: code, localCode: null };
  const localized = LOCALIZED_CODE.exec(code.toUpperCase());
  if (localized) return { kind: 'localized', procedureCode: localized[1], localCode: code.toUpperCase(), agencyCode: localized[2] };
  return { kind: 'other', procedureCode: code, localCode: null };
}
