export {
  checkDelivery,
  DEFAULT_MAX_ATTACH_BYTES,
  type DeliverOptions,
  type DeliveryResult,
  type DeliveryStatus,
  deliverReport,
  deliverySecrets,
  deliveryTargets,
  isDue,
  targetLabel,
} from "./deliver.js";
export { dingtalkSign, feishuSign } from "./webhook.js";
