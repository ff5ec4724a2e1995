// The package in Node as an ES module (`import { createRatecard } from 'ratecard'`): the very
// objects of the CommonJS entry (lib/index.js), so both styles share one loaded core.
import ratecard from './index.js';

export const { BillingError, createLocalEntitlements, createRatecard, entitlementsRequestForFeature, verifySnapshot, verifyWebhook } = ratecard;
