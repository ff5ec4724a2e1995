'use strict';
const { startOrder, runStep, compensateOrder } = require('./order-runner');
const { syncToTarget } = require('./sync');

/// The provisioning domain's jobs (docs/server.md, "Provisioning").
const PROVISIONING_HANDLERS = {
  'order.start': startOrder,
  'order.step': runStep,
  'order.compensate': compensateOrder,
  'provisioning.sync': syncToTarget,
};

module.exports = { PROVISIONING_HANDLERS };
