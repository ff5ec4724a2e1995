// The catalog objects as the /v1 catalog routes answer them (the fields these pages read).
import type { Pricing } from '../what-if/price-editor';

export interface Price {
  id: string;
  product: string;
  nickname: string | null;
  currency: string;
  type: string;
  interval: string | null;
  interval_count: number | null;
  metric: string | null;
  pricing: Pricing;
  active: boolean;
}

export interface Plan {
  id: string;
  code: string;
  name: string;
  currency: string;
  interval: string;
  interval_count: number;
  version: number;
  active: boolean;
  prices: Price[];
}

export interface Product { id: string; name: string; description: string | null; active: boolean }
export interface AddOn { id: string; code: string; name: string; price: Price | undefined; active: boolean }
export interface Coupon {
  id: string; code: string; name: string; percent_off: string | null; amount_off: string | null;
  currency: string | null; duration: string; times_redeemed: number; active: boolean;
}
