// A fraud decision as the API presents it (the fields the review queue reads).

export interface FraudDecision {
  id: string;
  kind: string;
  customer: string;
  payment: string | null;
  amount: string | null;
  currency: string | null;
  card_country: string | null;
  score: number;
  outcome: string;
  rules: { name: string; score: number; reason: string }[];
  review: { status: string; deadline: string | null; resolved_by: string | null; resolved_at: string | null } | null;
  created_at: string;
}

/// The queue's views: what waits for a reviewer, and what was decided.
export const REVIEW_STATES = ['pending', 'approved', 'rejected'];
