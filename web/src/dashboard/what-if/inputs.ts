// What the server gives what-if pricing: GET /v1/what_if/inputs?price=..., one compact response
// of parallel columns (docs/server.md, "What-if pricing").
import type { ApiResult } from '../../api';
import { call, type Session } from '../session';

export interface WhatIfPrice {
  id: string;
  currency: string;
  type: string;
  interval: string | null;
  interval_count: number | null;
  metric: string | null;
  product: string;
  nickname: string | null;
  pricing: Record<string, unknown>;
}

export interface WhatIfInputs {
  object: 'what_if_inputs';
  price: WhatIfPrice;
  plans: { id: string; version: number }[];
  count: number;
  unbilled: number;
  subscriptions: string[];
  customers: string[];
  invoices: string[];
  quantities: string[];
  amounts: string[];
}

export function fetchInputs(session: Session, priceId: string): Promise<ApiResult<WhatIfInputs>> {
  return call<WhatIfInputs>(session, 'GET', `/v1/what_if/inputs?price=${encodeURIComponent(priceId)}`);
}
